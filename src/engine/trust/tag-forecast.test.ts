import { describe, expect, test } from 'vitest'
import { tagForecast } from './tag-forecast'

describe('tag_forecast (reference 4.7 step 1)', () => {
  test('each overlay above its threshold gives its arc and tag', () => {
    expect(tagForecast({ hope: 0.71 })).toEqual({ arc_label: 'Hope Surge', trust_tag: 'Hope' })
    expect(tagForecast({ despair: 0.61 })).toEqual({ arc_label: 'Collapse Risk', trust_tag: 'Despair' })
    expect(tagForecast({ rage: 0.61 })).toEqual({ arc_label: 'Rage Arc', trust_tag: 'Rage' })
    expect(tagForecast({ fatigue: 0.51 })).toEqual({ arc_label: 'Fatigue Loop', trust_tag: 'Fatigue' })
  })

  test('thresholds are strict and missing overlays read as 0', () => {
    expect(tagForecast({ hope: 0.7, despair: 0.6, rage: 0.6, fatigue: 0.5 })).toEqual({ arc_label: 'Unknown', trust_tag: '' })
    expect(tagForecast({})).toEqual({ arc_label: 'Unknown', trust_tag: '' })
  })

  test('the first matching rule wins: hope, despair, rage, fatigue', () => {
    expect(tagForecast({ hope: 0.9, despair: 0.9, rage: 0.9, fatigue: 0.9 }).trust_tag).toBe('Hope')
    expect(tagForecast({ despair: 0.9, rage: 0.9, fatigue: 0.9 }).trust_tag).toBe('Despair')
    expect(tagForecast({ rage: 0.9, fatigue: 0.9 }).trust_tag).toBe('Rage')
  })

  test('the default state after one turn (hope .59, despair .19, others .49) is untagged', () => {
    expect(tagForecast({ hope: 0.59, despair: 0.19, rage: 0.49, fatigue: 0.49, trust: 0.49 })).toEqual({ arc_label: 'Unknown', trust_tag: '' })
  })
})
