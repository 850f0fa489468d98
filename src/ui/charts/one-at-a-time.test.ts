import { expect, test } from 'vitest'
import { OneAtATime } from './one-at-a-time'

/** A queue whose "later tasks" run only when the test says, and a log of what ran in which task. */
function manual() {
  const tasks: (() => void)[] = []
  const queue = new OneAtATime<string>((run) => void tasks.push(run))
  const ran: string[] = []
  const nextTask = () => {
    const task = tasks.shift()
    if (!task) return false
    task()
    return true
  }
  return { queue, ran, tasks, nextTask }
}

test('runs one piece of work per task, in the order first asked for', () => {
  const { queue, ran, tasks, nextTask } = manual()
  queue.add('a', () => ran.push('a1'))
  queue.add('b', () => ran.push('b1'))
  queue.add('c', () => ran.push('c1'))
  expect(tasks).toHaveLength(1)
  expect(ran).toEqual([])
  nextTask()
  expect(ran).toEqual(['a1'])
  nextTask()
  expect(ran).toEqual(['a1', 'b1'])
  nextTask()
  expect(ran).toEqual(['a1', 'b1', 'c1'])
  expect(nextTask()).toBe(false)
  expect(queue.waiting).toBe(0)
})

test('a key asked for again before its turn keeps its place and runs only its newest work', () => {
  const { queue, ran, nextTask } = manual()
  queue.add('a', () => ran.push('a1'))
  queue.add('b', () => ran.push('b1'))
  queue.add('a', () => ran.push('a2'))
  while (nextTask());
  expect(ran).toEqual(['a2', 'b1'])
})

test('cancelled work does not run; work added while running waits for a task of its own', () => {
  const { queue, ran, tasks, nextTask } = manual()
  queue.add('a', () => {
    ran.push('a1')
    queue.add('a', () => ran.push('a2'))
  })
  queue.add('b', () => ran.push('b1'))
  queue.cancel('b')
  nextTask()
  expect(ran).toEqual(['a1'])
  expect(tasks).toHaveLength(1)
  nextTask()
  expect(ran).toEqual(['a1', 'a2'])
})

test('work that throws does not stop the work after it', () => {
  const { queue, ran, nextTask } = manual()
  queue.add('a', () => {
    throw new Error('a chart failed to draw')
  })
  queue.add('b', () => ran.push('b1'))
  expect(() => nextTask()).toThrow('a chart failed to draw')
  nextTask()
  expect(ran).toEqual(['b1'])
})

test('by default, later means a later task of the event loop', async () => {
  const queue = new OneAtATime<string>()
  const ran: string[] = []
  queue.add('a', () => ran.push('a'))
  expect(ran).toEqual([])
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(ran).toEqual(['a'])
})
