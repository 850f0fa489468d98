import { describe, expect, test } from 'vitest'
import { arcLabelFromTag, pipelineArcOf } from './arc-label'

describe('arc label from the symbolic tag (reference 8.3)', () => {
  test('each substring of the lower-cased tag gives its arc', () => {
    expect(arcLabelFromTag('Hope')).toBe('arc_hope_recovery')
    expect(arcLabelFromTag('Despair')).toBe('arc_despair_decline')
    expect(arcLabelFromTag('Rage')).toBe('arc_instability')
    expect(arcLabelFromTag('Fatigue')).toBe('arc_exhaustion')
    expect(arcLabelFromTag('Trust')).toBe('arc_stability')
  })

  test('substrings match anywhere, in any case, and are tried in order', () => {
    expect(arcLabelFromTag('Despair Dominant')).toBe('arc_despair_decline')
    expect(arcLabelFromTag('HOPELESS')).toBe('arc_hope_recovery')
    expect(arcLabelFromTag('Hope-Rage Conflict')).toBe('arc_hope_recovery')
    expect(arcLabelFromTag('distrust and fatigue')).toBe('arc_exhaustion')
  })

  test('an empty or unrelated tag is arc_unknown', () => {
    expect(arcLabelFromTag('')).toBe('arc_unknown')
    expect(arcLabelFromTag('Neutral')).toBe('arc_unknown')
  })

  test("the trust engine's arcs map to the pipeline's through their tag; the others name no pipeline arc", () => {
    expect(pipelineArcOf('Hope Surge')).toBe('arc_hope_recovery')
    expect(pipelineArcOf('Collapse Risk')).toBe('arc_despair_decline')
    expect(pipelineArcOf('Rage Arc')).toBe('arc_instability')
    expect(pipelineArcOf('Fatigue Loop')).toBe('arc_exhaustion')
    expect(pipelineArcOf('Stabilization')).toBeUndefined()
    expect(pipelineArcOf('Unknown')).toBeUndefined()
  })
})
