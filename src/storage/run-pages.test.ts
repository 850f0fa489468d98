import { describe, expect, test } from 'vitest'
import { cutPages, encodeRuns, type LineRun, withBlobLines } from './run-pages'
import { summarizeRecord } from './run-summary'
import { unpackSummaries } from './summary-columns'
import { successRecord } from './test-records'

const run = (index: number, line = `{"batch_index":${index}}`): LineRun => ({ batch_index: index, line, summary: summarizeRecord(successRecord(index)) })
const text = (lines: Blob | Uint8Array) => (lines instanceof Blob ? lines.text() : new TextDecoder().decode(lines))

describe('encoding runs', () => {
  test('writes each line as UTF-8 with a newline, and where each ends in bytes', async () => {
    const encoded = encodeRuns([run(2, '{"label":"🟡 é"}'), run(0, '{}')])
    expect(Array.from(encoded.indices)).toEqual([2, 0])
    // 🟡 is 4 bytes, é 2: the first line is 19 bytes and its newline
    expect(Array.from(encoded.ends)).toEqual([20, 23])
    expect(await text(encoded.lines)).toBe('{"label":"🟡 é"}\n{}\n')
  })

  test('grows its buffer for lines longer than it', async () => {
    const long = `{"pad":"${'€'.repeat(2_000_000)}"}`
    const encoded = encodeRuns([run(0), run(1, long), run(2)])
    expect(await text(encoded.lines)).toBe(`{"batch_index":0}\n${long}\n{"batch_index":2}\n`)
  })

  test('refuses an index that is not a whole number ≥ 0', () => {
    expect(() => encodeRuns([run(-1)])).toThrow(RangeError)
    expect(() => encodeRuns([run(1.5)])).toThrow(RangeError)
  })
})

describe('cutting pages', () => {
  test('orders runs by index across deliveries and cuts pages of at most pageRuns', async () => {
    const pages = cutPages([encodeRuns([5, 6, 7].map((i) => run(i))), encodeRuns([0, 1, 2, 3, 4].map((i) => run(i)))], 3)
    expect(pages.map((page) => Array.from(page.indices))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]])
    expect(await Promise.all(pages.map((page) => textOf(page.lines)))).toEqual([
      '{"batch_index":0}\n{"batch_index":1}\n{"batch_index":2}\n',
      '{"batch_index":3}\n{"batch_index":4}\n{"batch_index":5}\n',
      '{"batch_index":6}\n{"batch_index":7}\n',
    ])
    expect(Array.from(pages[2].ends)).toEqual([18, 36])
    expect(unpackSummaries(pages[1].summaries, pages[1].indices, [0, 2])).toEqual([summarizeRecord(successRecord(3)), summarizeRecord(successRecord(5))])
  })

  test('stores each delivery in order, small enough and apart from the others as a page of its own, its Blob as it is', () => {
    const first = encodeRuns([4, 5].map((i) => run(i)))
    const second = encodeRuns([0, 1, 2].map((i) => run(i)))
    const pages = cutPages([first, second], 3)
    expect(pages.map((page) => Array.from(page.indices))).toEqual([[4, 5], [0, 1, 2]])
    expect(pages[0].lines).toBe(first.lines)
    expect(pages[1].summaries).toBe(second.summaries)
  })

  test('re-cuts deliveries that overlap, or hold a run twice', async () => {
    const overlapping = cutPages([encodeRuns([0, 2].map((i) => run(i))), encodeRuns([1].map((i) => run(i)))])
    expect(overlapping.map((page) => Array.from(page.indices))).toEqual([[0, 1, 2]])
    expect(await textOf(overlapping[0].lines)).toBe('{"batch_index":0}\n{"batch_index":1}\n{"batch_index":2}\n')
    const twice = cutPages([encodeRuns([run(3, '"a"'), run(3, '"b"')])])
    expect(Array.from(twice[0].indices)).toEqual([3])
    expect(await textOf(twice[0].lines)).toBe('"b"\n')
  })

  test('keeps the copy delivered last of a run delivered twice', async () => {
    const pages = cutPages([encodeRuns([run(1, '"old 1"'), run(0)]), encodeRuns([run(1, '"new 1"'), run(2)])])
    expect(pages).toHaveLength(1)
    expect(Array.from(pages[0].indices)).toEqual([0, 1, 2])
    expect(await textOf(pages[0].lines)).toBe('{"batch_index":0}\n"new 1"\n{"batch_index":2}\n')
  })

  test('takes lines as a Blob as well as UTF-8 bytes; pages are bytes while every line came as bytes', async () => {
    const encoded = encodeRuns([run(0, '"é"'), run(1)])
    expect(encoded.lines).toBeInstanceOf(Uint8Array)
    const [page] = cutPages([{ ...encoded, lines: new Blob([encoded.lines]) }])
    expect(page.lines).toBeInstanceOf(Blob)
    expect(await textOf(page.lines)).toBe('"é"\n{"batch_index":1}\n')
    const later = encodeRuns([run(2)])
    const [mixed] = cutPages([{ ...later, lines: new Blob([later.lines]) }, encodeRuns([run(1), run(3)])])
    expect(mixed.lines).toBeInstanceOf(Blob)
    expect(await textOf(mixed.lines)).toBe('{"batch_index":1}\n{"batch_index":2}\n{"batch_index":3}\n')
    const [joined] = cutPages([encodeRuns([run(2)]), encodeRuns([run(1), run(3)])])
    expect(joined.lines).toBeInstanceOf(Uint8Array)
    expect(await textOf(joined.lines)).toBe('{"batch_index":1}\n{"batch_index":2}\n{"batch_index":3}\n')
  })

  test('withBlobLines makes bytes a Blob and keeps a Blob', async () => {
    const blob = new Blob(['a\n'])
    const [fromBytes, kept] = withBlobLines([{ lines: new TextEncoder().encode('b\n') }, { lines: blob }])
    expect(await fromBytes.lines.text()).toBe('b\n')
    expect(kept.lines).toBe(blob)
  })

  test('nothing delivered makes no page', () => {
    expect(cutPages([])).toEqual([])
    expect(cutPages([encodeRuns([])])).toEqual([])
  })
})

function textOf(lines: Blob | Uint8Array): Promise<string> {
  return lines instanceof Blob ? lines.text() : Promise.resolve(new TextDecoder().decode(lines))
}
