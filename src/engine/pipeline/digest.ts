import { pyRound } from '../py-round'
import { pipelineArcOf } from './arc-label'
import { compressForecasts, type ForecastCluster } from './compress'

/**
 * What the digest reads from a forecast; the five fields the original's schema check requires (reference 8.8 step 1:
 * trace_id, confidence, fragility, symbolic_tag, overlays) are required here, so every forecast passes it.
 */
export interface DigestForecast {
  trace_id: string
  confidence: number
  fragility: number
  symbolic_tag: string
  overlays: Readonly<Record<string, number>>
  arc_label: string
  trust_label: string
  alignment_score: number
  symbolic_fragmented: boolean
  origin_turn?: number
}

// reference 8.8: the original's opposing arcs, in the trust engine's names, applied to the pipeline's arc labels
// through the shared trust tag (see pipelineArcOf); pairs that name no pipeline arc cannot occur and are left out
const OPPOSING_TRUST_ARCS: ReadonlyArray<readonly [string, string]> = [
  ['Hope Surge', 'Collapse Risk'],
  ['Collapse Risk', 'Hope Surge'],
  ['Stabilization', 'Despair Drop'],
  ['Despair Drop', 'Stabilization'],
  ['Reconstruction', 'Fatigue Loop'],
]
const OPPOSING_ARCS: ReadonlyArray<readonly [string, string]> = OPPOSING_TRUST_ARCS.flatMap(([a, b]) => {
  const arcA = pipelineArcOf(a)
  const arcB = pipelineArcOf(b)
  return arcA && arcB ? [[arcA, arcB] as const] : []
})

// reference 8.8: the per-forecast fields of the "full" template (DEFAULT_FIELDS), in order
const DIGEST_FIELDS = [
  'trace_id', 'turn', 'confidence', 'fragility', 'trust_label', 'symbolic_tag', 'overlays', 'exposure_delta',
] as const
// Each field's label as printed: Python's str.capitalize(), padded to 14.
const DIGEST_LABELS: readonly string[] = DIGEST_FIELDS.map((field) => capitalize(field).padEnd(14))
// reference 8.8: the cluster consensus counts forecasts whose hope overlay is above 0
const CONSENSUS_OVERLAY = 'hope'
// reference 8.8: the original prints this when a value is missing
const NOT_AVAILABLE = 'N/A'

/**
 * The Strategos digest in markdown, with the original's sections and headings (reference 8.8) but built from the
 * forecasts themselves (reference 12 row 8); sections that need data a run does not have (tuning results,
 * contradiction events, lineage, memory) keep the original's "no data" line or are left out as the original does.
 * `clusters` are the forecasts compressed by tag (reference 8.6), passed by a caller that has them already.
 *
 * Each section is a function of its own, and their loops are plain: written as one function with array callbacks,
 * the digest was the engine's costliest function for V8 to optimise (70-150 ms of compiling each time), and it was
 * optimised again each time a batch brought up a case its code had not seen (4 times per engine worker in the first
 * 100,000 runs), which in the lab kept a core busy compiling for seconds of a batch.
 */
export function buildDigest<F extends DigestForecast>(
  forecasts: readonly F[],
  clusters: readonly ForecastCluster<F>[] = compressForecasts(forecasts),
): string {
  if (forecasts.length === 0) return '# Strategos Digest\n\n_No forecasts available._'
  const lines = ['# Strategos Digest\n']
  // reference 8.8: no forecast carries a lineage, so the mutation log has no data
  lines.push('## 🔧 Mutation Log\nNo mutation lineage data available.')
  divergenceReport(lines, forecasts)
  fragmentationSummary(lines, forecasts)
  clusterMemory(lines, clusters)
  evolvedForecasts(lines, clusters)
  for (const c of clusters) clusterDetails(lines, c)
  footer(lines, forecasts)
  return lines.join('\n')
}

function divergenceReport(lines: string[], forecasts: readonly DigestForecast[]): void {
  const arcs: string[] = []
  for (const f of forecasts) arcs.push(f.arc_label)
  lines.push('## ⚔️ Symbolic Divergence Report\n', `- Divergence Score: ${pyFloat(divergenceScore(arcs))}`)
  const present = new Set(arcs)
  const conflicts: (readonly [string, string])[] = []
  for (const pair of OPPOSING_ARCS) if (present.has(pair[0]) && present.has(pair[1])) conflicts.push(pair)
  if (conflicts.length > 0) {
    lines.push('- Conflicting Narratives Detected:')
    for (const [a, b] of conflicts) lines.push(`  - ${a} vs ${b}`)
    const sizes = new Map<string, number>()
    for (const pair of conflicts) for (const label of pair) sizes.set(label, arcs.filter((arc) => arc === label).length)
    lines.push('\n- Cluster Sizes:')
    for (const [label, n] of sizes) lines.push(`  - ${label}: ${n}`)
  }
  lines.push('')
}

function fragmentationSummary(lines: string[], forecasts: readonly DigestForecast[]): void {
  const fragmentedArcs: string[] = []
  for (const f of forecasts) if (f.symbolic_fragmented) fragmentedArcs.push(f.arc_label)
  lines.push('## ⚠️ Symbolic Fragmentation Summary')
  lines.push(`- Fragmented forecasts: ${fragmentedArcs.length}`, '- Breakdown by arc:')
  for (const [arc, n] of countInOrder(fragmentedArcs)) lines.push(`  - ${escapeText(arc)}: ${n}`)
  lines.push('')
}

// The original lists each cluster's best forecast (by alignment + confidence); the port adds its size and mean.
function clusterMemory(lines: string[], clusters: readonly ForecastCluster<DigestForecast>[]): void {
  lines.push('## 🧠 Compressed Cluster Memory\n')
  for (const c of clusters) {
    let best = c.members[0]
    for (let i = 1; i < c.members.length; i++) {
      const f = c.members[i]
      if (f.alignment_score + f.confidence > best.alignment_score + best.confidence) best = f
    }
    const align = pyRound(best.alignment_score, 1).toFixed(1)
    lines.push(`- ${escapeText(c.tag)} → ${escapeText(best.trace_id)} (Align: ${align}, count: ${c.count}, `
      + `avg confidence: ${pyFloat(c.avg_confidence)})`)
  }
  lines.push('')
}

// Without lineage every forecast has depth 0, so each cluster's first forecast leads it (max keeps the first).
function evolvedForecasts(lines: string[], clusters: readonly ForecastCluster<DigestForecast>[]): void {
  lines.push('## 🧬 Most Evolved Forecasts by Cluster\n')
  lines.push('| Cluster           | Trace ID | Arc Label     | Depth |')
  lines.push('|-------------------|----------|---------------|-------|')
  let depths = ''
  for (const c of clusters) {
    const leader = c.members[0]
    lines.push(`| ${escapeText(c.tag).padEnd(17)} | ${escapeText(leader.trace_id).padEnd(8)} | `
      + `${escapeText(leader.arc_label || NOT_AVAILABLE).padEnd(13)} | 0     |`)
    depths += `${depths ? ', ' : ''}${pyStr(c.tag)}: 0`
  }
  lines.push('')
  lines.push(`**Mutation Depths:** {${depths}}\n`)
}

function clusterDetails(lines: string[], c: ForecastCluster<DigestForecast>): void {
  lines.push(`==== ${escapeText(c.tag)} ====`)
  let rising = 0
  for (const f of c.members) if ((f.overlays[CONSENSUS_OVERLAY] ?? 0) > 0) rising++
  lines.push(`Consensus (${CONSENSUS_OVERLAY} rising): ${pyRound(pyRound(rising / c.members.length, 2) * 100, 0)}%`)
  for (const f of c.members) {
    for (let k = 0; k < DIGEST_FIELDS.length; k++) lines.push(`${DIGEST_LABELS[k]}: ${fieldText(f, DIGEST_FIELDS[k])}`)
    lines.push('')
  }
}

// Forecasts carry no retrodiction score, symbolic score or age; the original reads each missing one as 0.0.
function footer(lines: string[], forecasts: readonly DigestForecast[]): void {
  let sparkline = ''
  for (const f of forecasts) sparkline += `${sparkline ? ', ' : ''}${pyFloat(pyRound(f.confidence, 2))}`
  lines.push('🎯 Avg Retrodiction Score: 0.0 | Symbolic Score: 0.0')
  lines.push(`📊 Confidence Sparkline: [${sparkline}]`)
  lines.push('🕓 Forecast Age: Avg 0.0h | Max: 0.0h')
  lines.push(`Total Forecasts: ${forecasts.length}`)
}

// reference 8.8: (share of the most common label) × (share of the second), rounded to 3; 0 with one label
function divergenceScore(labels: readonly string[]): number {
  const counts = [...countInOrder(labels).values()].sort((a, b) => b - a)
  if (counts.length < 2) return 0
  return pyRound((counts[0] / labels.length) * (counts[1] / labels.length), 3)
}

// Python's Counter: counts keyed in order of first appearance.
function countInOrder(labels: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1)
  return counts
}

function fieldText(f: DigestForecast, field: (typeof DIGEST_FIELDS)[number]): string {
  switch (field) {
    case 'trace_id': return escapeText(f.trace_id)
    // A forecast's turn is the turn it originates from.
    case 'turn': return f.origin_turn === undefined ? NOT_AVAILABLE : String(f.origin_turn)
    case 'confidence': return pyFloat(f.confidence)
    case 'fragility': return pyFloat(f.fragility)
    case 'trust_label': return f.trust_label
    case 'symbolic_tag': return escapeText(f.symbolic_tag)
    case 'overlays': {
      let text = ''
      for (const k in f.overlays) text += `${text ? ', ' : ''}${pyStr(k)}: ${pyFloat(f.overlays[k])}`
      return `{${text}}`
    }
    // No forecast carries capital exposure.
    case 'exposure_delta': return NOT_AVAILABLE
  }
}

// Trace ids and tags come from users: a backslash, a pipe or a line break must not end a table cell or a line.
function escapeText(text: string): string {
  if (!needsEscape(text)) return text
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ')
}

// Whether a text holds a backslash, a pipe, a CR or an LF (a plain loop: the texts are short, a regex costs more).
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 92 || c === 124 || c === 13 || c === 10) return true
  }
  return false
}

// Python's str() of a float: the same shortest digits as JavaScript, but fixed notation only for exponents -4..15,
// a ".0" on integral values and a signed two-digit exponent ("1e-05", "1e+16").
function pyFloat(x: number): string {
  // Python's exponent range -4..15 is exactly 1e-4 ≤ |x| < 1e16: the shortest digits of a double below 1e-4 (the
  // double) stay below it, and the same holds at 1e16 (exact). There JavaScript writes fixed notation too.
  const magnitude = Math.abs(x)
  if (magnitude >= 1e-4 && magnitude < 1e16) return Number.isInteger(x) ? x.toFixed(1) : String(x)
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const [digits, exponentText] = x.toExponential().split('e')
  const exponent = Number(exponentText)
  if (exponent >= -4 && exponent < 16) return Number.isInteger(x) ? x.toFixed(1) : String(x)
  const sign = exponent < 0 ? '-' : '+'
  return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`
}

// Python's repr() of a string as it appears in a printed dict, with the digest's escaping.
function pyStr(text: string): string {
  return `'${escapeText(text).replace(/'/g, "\\'")}'`
}

// Python's str.capitalize(): the first letter upper-cased, the rest lower-cased.
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase()
}
