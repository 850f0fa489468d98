import { expect, test } from 'vitest'
import { ChunkQueue } from './chunk-queue'

const all = (queue: ChunkQueue, size: number): number[][] => {
  const chunks: number[][] = []
  for (let chunk = queue.take(size); chunk; chunk = queue.take(size)) chunks.push(Array.from(chunk))
  return chunks
}

test('cuts the pending indices into chunks in order, each index once', () => {
  const queue = new ChunkQueue(Uint32Array.of(3, 4, 8, 9, 10))
  expect(all(queue, 2)).toEqual([[3, 4], [8, 9], [10]])
})

test('chunks are copies, so posting one does not clone every pending index', () => {
  const indices = new Uint32Array(1_000).map((_, i) => i)
  const chunk = new ChunkQueue(indices).take(10)
  expect(chunk?.buffer.byteLength).toBe(40)
})

test('a failed chunk comes back in halves before any new chunk', () => {
  const queue = new ChunkQueue(Uint32Array.from({ length: 12 }, (_, i) => i))
  const first = queue.take(5)
  if (!first) throw new Error('no chunk')
  queue.split(first)
  expect(all(queue, 5)).toEqual([[0, 1, 2], [3, 4], [5, 6, 7, 8, 9], [10, 11]])
})

test('halving ends at single runs', () => {
  const queue = new ChunkQueue(Uint32Array.of(7))
  const chunk = queue.take(4)
  if (!chunk) throw new Error('no chunk')
  queue.split(chunk)
  expect(all(queue, 4)).toEqual([[7]])
})
