import { describe, expect, test } from 'vitest'
import { type RunSummary, summarizeRecord } from './run-summary'
import { packSummaries, unpackSummaries } from './summary-columns'
import { errorRecord, successRecord } from './test-records'

const roundTrip = (summaries: RunSummary[]) => {
  const columns = packSummaries(summaries)
  const indices = Uint32Array.from(summaries, (s) => s.batch_index)
  return unpackSummaries(structuredClone(columns), indices, summaries.map((_, i) => i))
}

describe('summaries packed in columns', () => {
  test('read back equal to what was packed: completed and failed runs, in any mix', () => {
    const summaries = [successRecord(0), errorRecord(1), successRecord(2, { state_overrides: { rage: 0.25 } }), errorRecord(3)].map(summarizeRecord)
    expect(roundTrip(summaries)).toEqual(summaries)
  })

  test('keep numbers exactly, null apart from every number (0, -0, tiny and huge ones)', () => {
    const base = summarizeRecord(successRecord(0))
    const summaries = [0, -0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2].map((value, i) => ({ ...base, batch_index: i, forecast_value: value, confidence: null, fragility: value }))
    const back = roundTrip(summaries)
    expect(back).toEqual(summaries)
    expect(Object.is(back[1].forecast_value, -0)).toBe(true)
  })

  test('keep each run’s overlays with their keys in order, dynamic overlays included, and strings of any kind', () => {
    const base = summarizeRecord(successRecord(0))
    const summaries: RunSummary[] = [
      { ...base, final_overlays: { hope: 0.1, despair: 0.2 } },
      { ...base, batch_index: 1, final_overlays: { despair: 0.3, hope: 0.4, 'awe "x"\n': 0.5 }, trust_label: '', overrides: 'hope .1, ☃ 1' },
      { ...base, batch_index: 2, final_overlays: {} },
      { ...base, batch_index: 3, final_overlays: null, symbolic_tag: null, seed: 0xffffffff },
    ]
    const back = roundTrip(summaries)
    expect(back).toEqual(summaries)
    expect(Object.keys(back[1].final_overlays ?? {})).toEqual(['despair', 'hope', 'awe "x"\n'])
  })

  test('store each distinct string once per page', () => {
    const summaries = Array.from({ length: 100 }, (_, i) => summarizeRecord(successRecord(i)))
    const columns = packSummaries(summaries)
    // the labels and the one overrides text are the same on every run
    expect(columns.strings.length).toBeLessThan(10)
    expect(columns.codes).toBeInstanceOf(Uint16Array)
  })

  test('unpack only the positions asked for, in the order asked', () => {
    const summaries = [0, 1, 2, 3].map((i) => summarizeRecord(i % 2 ? errorRecord(i) : successRecord(i)))
    const columns = packSummaries(summaries)
    expect(unpackSummaries(columns, Uint32Array.of(0, 1, 2, 3), [3, 0])).toEqual([summaries[3], summaries[0]])
  })
})
