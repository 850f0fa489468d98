import { describe, expect, test } from 'vitest'
import { tagSymbolicState } from './symbolic-tagger'

describe('symbolic state tagger (reference 4.6 and 10)', () => {
  const cases: [Record<string, number>, string][] = [
    [{ hope: 0.75, despair: 0.2, rage: 0.3, fatigue: 0.25 }, 'Hope Rising'],
    [{ hope: 0.2, despair: 0.8, rage: 0.5, fatigue: 0.5 }, 'Despair Dominant'],
    [{ hope: 0.5, despair: 0.5, rage: 0.3, fatigue: 0.8 }, 'Fatigue Plateau'],
    [{ hope: 0.5, despair: 0.5, rage: 0.7, fatigue: 0.6 }, 'Collapse Risk'],
    [{ hope: 0.1, despair: 0.2, rage: 0.2, fatigue: 0.5 }, 'Symbolic Drain'],
    [{ hope: 0.65, despair: 0.5, rage: 0.65, fatigue: 0.5 }, 'Hope-Rage Conflict'],
    [{ hope: 0.5, despair: 0.65, rage: 0.5, fatigue: 0.65 }, 'Symbolic Exhaustion'],
    [{}, 'Neutral'],
  ]
  for (const [overlays, label] of cases) {
    test(`${JSON.stringify(overlays)} is ${label}`, () => {
      expect(tagSymbolicState(overlays).symbolic_label).toBe(label)
    })
  }
  test('rounds to 4 places before comparing: 0.24999999999999994 counts as 0.25', () => {
    expect(tagSymbolicState({ hope: 0.24999999999999994, despair: 0.1, rage: 0.1 }).symbolic_tag_enum).toBe('NEUTRAL')
    expect(tagSymbolicState({ hope: 0.2499, despair: 0.1, rage: 0.1 }).symbolic_tag_enum).toBe('SYMBOLIC_DRAIN')
  })
  test('trust is ignored', () => {
    expect(tagSymbolicState({ hope: 0.5, trust: 0.99 }).symbolic_tag_enum).toBe('NEUTRAL')
  })
})
