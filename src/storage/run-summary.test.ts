import { describe, expect, test } from 'vitest'
import { overridesText, summarizeRecord } from './run-summary'
import { errorRecord, successRecord } from './test-records'

describe('run summaries', () => {
  test('a completed run gives its forecast, labels and final overlays', () => {
    expect(summarizeRecord(successRecord(3))).toEqual({
      batch_index: 3,
      status: 'done',
      seed: 1003,
      forecast_value: 0.503,
      confidence: 0.6,
      fragility: 0.2,
      trust_label: '🟡 Moderate',
      confidence_status: '✅ Accepted',
      arc_label: 'Arc Stable',
      symbolic_tag: 'Hope Rising',
      final_overlays: { hope: 0.59, despair: 0.2, rage: 0.5, fatigue: 0.5, trust: 0.5 },
      overrides: 'hope .6, despair .2',
      error: null,
    })
  })

  test('a failed run gives its stage and message, and nulls for the forecast', () => {
    expect(summarizeRecord(errorRecord(1))).toMatchObject({
      batch_index: 1, status: 'failed', seed: 2001, forecast_value: null, final_overlays: null, overrides: '', error: 'config: turns: must be at least 1',
    })
  })

  test('overrides text keeps the written order, shortens numbers and includes dynamic overlays', () => {
    expect(overridesText({ state_overrides: { rage: 1, hope: 0, trust: 0.123456, _dynamic_overlays: { awe: 0.25 } } })).toBe('rage 1, hope 0, trust .123, awe .25')
    expect(overridesText({ state_overrides: { hope: 'high' } })).toBe('')
    expect(overridesText([1, 2])).toBe('')
    expect(overridesText(null)).toBe('')
  })
})
