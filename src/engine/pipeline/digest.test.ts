import { describe, expect, test } from 'vitest'
import { buildDigest, type DigestForecast } from './digest'

const DEFAULT_OVERLAYS = { hope: 0.59, despair: 0.19, rage: 0.49, fatigue: 0.49, trust: 0.49 }
const forecast = (trace_id: string, extra: Partial<DigestForecast> = {}): DigestForecast => ({
  trace_id, confidence: 0.797, fragility: 0.298, symbolic_tag: '', overlays: DEFAULT_OVERLAYS, arc_label: 'arc_unknown',
  trust_label: '🟢 Trusted', alignment_score: 38.91, symbolic_fragmented: false, ...extra,
})

// reference 8.8: the sections of the original's output, in order
const HEADINGS = [
  '# Strategos Digest',
  '## 🔧 Mutation Log',
  'No mutation lineage data available.',
  '## ⚔️ Symbolic Divergence Report',
  '## ⚠️ Symbolic Fragmentation Summary',
  '## 🧠 Compressed Cluster Memory',
  '## 🧬 Most Evolved Forecasts by Cluster',
  '| Cluster           | Trace ID | Arc Label     | Depth |',
  '**Mutation Depths:**',
  '🎯 Avg Retrodiction Score: 0.0 | Symbolic Score: 0.0',
  '📊 Confidence Sparkline:',
  '🕓 Forecast Age: Avg 0.0h | Max: 0.0h',
  'Total Forecasts:',
]

describe('Strategos digest built from forecasts (reference 8.8, 12 row 8)', () => {
  test("keeps the original's sections in order and counts the real forecasts", () => {
    const digest = buildDigest([forecast('run-0')])
    const positions = HEADINGS.map((h) => digest.indexOf(h))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(digest.endsWith('Total Forecasts: 1')).toBe(true)
    expect(digest).not.toMatch(/undefined|NaN|null|\[object/)
  })

  test('one forecast: divergence 0.0, nothing fragmented, one cluster everywhere', () => {
    const digest = buildDigest([forecast('run-0')])
    expect(digest).toContain('- Divergence Score: 0.0\n')
    expect(digest).toContain('- Fragmented forecasts: 0\n- Breakdown by arc:\n\n')
    expect(digest).toContain('- unknown → run-0 (Align: 38.9, count: 1, avg confidence: 0.797)')
    expect(digest).toContain('| unknown           | run-0    | arc_unknown   | 0     |')
    expect(digest).toContain("**Mutation Depths:** {'unknown': 0}")
    expect(digest).toContain('==== unknown ====\nConsensus (hope rising): 100%\nTrace_id      : run-0\nTurn          : N/A\n'
      + 'Confidence    : 0.797\nFragility     : 0.298\nTrust_label   : 🟢 Trusted\nSymbolic_tag  : \n'
      + "Overlays      : {'hope': 0.59, 'despair': 0.19, 'rage': 0.49, 'fatigue': 0.49, 'trust': 0.49}\nExposure_delta: N/A\n")
    expect(digest).toContain('📊 Confidence Sparkline: [0.8]')
  })

  test('clusters by tag with counts and mean confidence; the best forecast by alignment + confidence leads the line', () => {
    const digest = buildDigest([
      forecast('h1', { symbolic_tag: 'Hope', arc_label: 'arc_hope_recovery', confidence: 0.7, alignment_score: 50 }),
      forecast('r1', { symbolic_tag: 'Rage', arc_label: 'arc_instability', confidence: 1 }),
      forecast('h2', { symbolic_tag: 'Hope', arc_label: 'arc_hope_recovery', confidence: 0.8, alignment_score: 53 }),
    ])
    expect(digest).toContain('- Hope → h2 (Align: 53.0, count: 2, avg confidence: 0.75)\n- Rage → r1 (Align: 38.9, count: 1, avg confidence: 1.0)')
    expect(digest).toContain('| Hope              | h1       | arc_hope_recovery | 0     |')
    expect(digest).toContain("**Mutation Depths:** {'Hope': 0, 'Rage': 0}")
    expect(digest).toContain('==== Hope ====')
    expect(digest).toContain('==== Rage ====')
    expect(digest).toContain('📊 Confidence Sparkline: [0.7, 1.0, 0.8]')
    expect(digest.endsWith('Total Forecasts: 3')).toBe(true)
  })

  test('opposing arcs are reported with the divergence score (share of the top arc × share of the second)', () => {
    const digest = buildDigest([
      forecast('a', { arc_label: 'arc_hope_recovery' }),
      forecast('b', { arc_label: 'arc_hope_recovery' }),
      forecast('c', { arc_label: 'arc_despair_decline' }),
      forecast('d', { arc_label: 'arc_unknown' }),
    ])
    expect(digest).toContain('- Divergence Score: 0.125\n'
      + '- Conflicting Narratives Detected:\n  - arc_hope_recovery vs arc_despair_decline\n  - arc_despair_decline vs arc_hope_recovery\n'
      + '\n- Cluster Sizes:\n  - arc_hope_recovery: 2\n  - arc_despair_decline: 1\n\n')
  })

  test('fragmented forecasts are counted and broken down by arc', () => {
    const digest = buildDigest(['arc_hope_recovery', 'arc_instability', 'arc_exhaustion', 'arc_instability']
      .map((arc_label, i) => forecast(`f${i}`, { arc_label, symbolic_fragmented: true })))
    expect(digest).toContain('- Fragmented forecasts: 4\n- Breakdown by arc:\n  - arc_hope_recovery: 1\n  - arc_instability: 2\n  - arc_exhaustion: 1\n')
  })

  test('a trace id with pipes, backslashes and line breaks cannot break a table row or start a line', () => {
    const digest = buildDigest([forecast('a|b\\|c\nd\r\n# e', { symbolic_tag: 'x|y' })])
    expect(digest).toContain(`| ${'x\\|y'.padEnd(17)} | a\\|b\\\\\\|c d # e | arc_unknown   | 0     |`)
    expect(digest).toContain('Trace_id      : a\\|b\\\\\\|c d # e\n')
    expect(digest.split('\n').filter((line) => line.startsWith('# '))).toEqual(['# Strategos Digest'])
  })

  test("numbers print as Python's str() does", () => {
    const digest = buildDigest([forecast('t', { overlays: { hope: 1, despair: 0, rage: 1.5e-5, fatigue: 5.000000000000004e-17 } })])
    expect(digest).toContain("Overlays      : {'hope': 1.0, 'despair': 0.0, 'rage': 1.5e-05, 'fatigue': 5.000000000000004e-17}")
  })

  test('the origin turn is shown as the forecast turn', () => {
    expect(buildDigest([forecast('t', { origin_turn: 7 })])).toContain('Turn          : 7\n')
  })

  test('no forecasts gives the short form', () => {
    expect(buildDigest([])).toBe('# Strategos Digest\n\n_No forecasts available._')
  })
})
