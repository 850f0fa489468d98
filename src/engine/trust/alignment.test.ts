import { describe, expect, test } from 'vitest'
import { alignmentIndex } from './alignment'

describe('alignment index (reference 4.9, 4.10 and 10)', () => {
  test('confidence .85, retrodiction .9, arc volatility .1 and tag "Hope" align at 91.5', () => {
    const result = alignmentIndex({ confidence: 0.85, retrodiction_score: 0.9, arc_volatility_score: 0.1, symbolic_tag: 'Hope' })
    expect(result.alignment_score).toBe(91.5)
    expect(result.components).toEqual({ confidence: 0.85, retrodiction: 0.9, arc_stability: 0.9, tag_match: 1, novelty: 1 })
  })

  test('the per-turn defaults give 35.31 for confidence .677 and tag ""', () => {
    const result = alignmentIndex({ confidence: 0.677, symbolic_tag: '' })
    expect(result.alignment_score).toBe(35.31)
    expect(result.components).toEqual({ confidence: 0.677, retrodiction: 0, arc_stability: 0, tag_match: 0, novelty: 1 })
  })

  test('tag "Hope" adds the tag match: 50.31', () => {
    expect(alignmentIndex({ confidence: 0.677, symbolic_tag: 'Hope' }).alignment_score).toBe(50.31)
  })

  test('only hope, trust, recovery and neutral match, in any case', () => {
    for (const tag of ['hope', 'TRUST', 'Recovery', 'Neutral']) expect(alignmentIndex({ confidence: 0, symbolic_tag: tag }).components.tag_match).toBe(1)
    for (const tag of ['Despair', 'Hope Rising', undefined]) expect(alignmentIndex({ confidence: 0, symbolic_tag: tag }).components.tag_match).toBe(0)
  })

  test('novelty is the share of memory tags that differ, compared lower-cased', () => {
    expect(alignmentIndex({ confidence: 0, symbolic_tag: 'Hope' }, ['hope', 'Rage', 'HOPE', '']).components.novelty).toBe(0.5)
    expect(alignmentIndex({ confidence: 0, symbolic_tag: '' }, ['']).components.novelty).toBe(0)
  })

  test('components are clamped to [0, 1]', () => {
    const { components } = alignmentIndex({ confidence: 1.5, retrodiction_score: -2, arc_volatility_score: -1 })
    expect(components).toMatchObject({ confidence: 1, retrodiction: 0, arc_stability: 1 })
    expect(alignmentIndex({ confidence: 0, arc_volatility_score: 3 }).components.arc_stability).toBe(0)
  })
})
