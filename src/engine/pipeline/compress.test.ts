import { describe, expect, test } from 'vitest'
import { compressForecasts } from './compress'

describe('compression into clusters by symbolic tag (reference 8.6)', () => {
  test('clusters in order of first appearance with their counts', () => {
    const clusters = compressForecasts([
      { symbolic_tag: 'Hope', confidence: 0.8 },
      { symbolic_tag: 'Rage', confidence: 0.6 },
      { symbolic_tag: 'Hope', confidence: 0.7 },
    ])
    expect(clusters.map((c) => [c.tag, c.count])).toEqual([['Hope', 2], ['Rage', 1]])
    expect(clusters[0].members.map((m) => m.confidence)).toEqual([0.8, 0.7])
  })

  test('a missing or empty tag clusters as "unknown"', () => {
    const clusters = compressForecasts([{ confidence: 0.5 }, { symbolic_tag: '', confidence: 0.6 }])
    expect(clusters).toHaveLength(1)
    expect(clusters[0]).toMatchObject({ tag: 'unknown', count: 2, avg_confidence: 0.55 })
  })

  test('the mean confidence is rounded to 3 places, half to even: .8125 → .812, .8135 → .814', () => {
    expect(compressForecasts([{ confidence: 0.8125 }, { confidence: 0.8125 }])[0].avg_confidence).toBe(0.812)
    expect(compressForecasts([{ confidence: 0.797 }, { confidence: 0.83 }])[0].avg_confidence).toBe(0.814)
    expect(compressForecasts([{ confidence: 0.7 }, { confidence: 0.8 }, { confidence: 0.8 }])[0].avg_confidence).toBe(0.767)
  })

  test('no forecasts, no clusters', () => {
    expect(compressForecasts([])).toEqual([])
  })
})
