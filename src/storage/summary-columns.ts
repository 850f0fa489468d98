import type { RunSummary } from './run-summary'

/**
 * A page's run summaries stored column by column. IndexedDB clones (and, reading, rebuilds) a typed array as one
 * copy of bytes, where an object costs work per field: a chart sample touches a thousand pages, and this is what
 * keeps it cheap. Batch indices are the page's own (`RunPage.indices`), in the same order.
 */
export interface SummaryColumns {
  /** Per run: 1 if it failed, 0 if it completed. */
  failed: Uint8Array
  seeds: Uint32Array
  /** Per run, NUMBER_FIELDS.length values in that order; NaN stands for null (a JSON line cannot hold NaN). */
  numbers: Float64Array
  /** The page's distinct strings; `codes` point into it. */
  strings: string[]
  /** Per run, TEXT_FIELDS.length codes in that order: 0 for null, k for strings[k - 1]. */
  codes: Uint16Array | Uint32Array
  /** The distinct key lists of final_overlays on the page, each in its written order. */
  overlayKeys: string[][]
  /** Per run: 0 when final_overlays is null, k for overlayKeys[k - 1]. */
  overlayShapes: Uint16Array | Uint32Array
  /** The overlay values of every run in turn, in its key list's order. */
  overlayValues: Float64Array
}

const NUMBER_FIELDS = ['forecast_value', 'confidence', 'fragility'] as const
const TEXT_FIELDS = ['trust_label', 'confidence_status', 'arc_label', 'symbolic_tag', 'overrides', 'error'] as const

type TextField = (typeof TEXT_FIELDS)[number]

/** Packs summaries into columns, in the order given. */
export function packSummaries(summaries: readonly RunSummary[]): SummaryColumns {
  const n = summaries.length
  const failed = new Uint8Array(n)
  const seeds = new Uint32Array(n)
  const numbers = new Float64Array(n * NUMBER_FIELDS.length)
  const strings: string[] = []
  const stringCodes = new Map<string, number>()
  const codes = new Array<number>(n * TEXT_FIELDS.length)
  const overlayKeys: string[][] = []
  const shapeCodes = new Map<string, number>()
  const shapes = new Array<number>(n)
  const values: number[] = []
  summaries.forEach((summary, i) => {
    failed[i] = summary.status === 'failed' ? 1 : 0
    seeds[i] = summary.seed
    NUMBER_FIELDS.forEach((field, f) => (numbers[i * NUMBER_FIELDS.length + f] = summary[field] ?? Number.NaN))
    TEXT_FIELDS.forEach((field, f) => {
      const text = summary[field]
      let code = 0
      if (text !== null) {
        code = stringCodes.get(text) ?? 0
        if (code === 0) stringCodes.set(text, (code = strings.push(text)))
      }
      codes[i * TEXT_FIELDS.length + f] = code
    })
    const overlays = summary.final_overlays
    if (overlays === null) {
      shapes[i] = 0
      return
    }
    const keys = Object.keys(overlays)
    // a key may hold any character: a key list is told apart by its JSON
    const shape = JSON.stringify(keys)
    let code = shapeCodes.get(shape) ?? 0
    if (code === 0) shapeCodes.set(shape, (code = overlayKeys.push(keys)))
    shapes[i] = code
    for (const key of keys) values.push(overlays[key])
  })
  return {
    failed, seeds, numbers, strings, codes: codeArray(codes, strings.length), overlayKeys,
    overlayShapes: codeArray(shapes, overlayKeys.length), overlayValues: Float64Array.from(values),
  }
}

/** The summaries of the runs at `positions` (in the packed order), given the page's batch indices. */
export function unpackSummaries(columns: SummaryColumns, indices: Uint32Array, positions: readonly number[]): RunSummary[] {
  const starts = overlayStarts(columns)
  return positions.map((i) => {
    const number = (f: number): number | null => {
      const value = columns.numbers[i * NUMBER_FIELDS.length + f]
      return Number.isNaN(value) ? null : value
    }
    const text = (field: TextField): string | null => {
      const code = columns.codes[i * TEXT_FIELDS.length + TEXT_FIELDS.indexOf(field)]
      return code === 0 ? null : columns.strings[code - 1]
    }
    const shape = columns.overlayShapes[i]
    let overlays: Record<string, number> | null = null
    if (shape !== 0) {
      overlays = {}
      const keys = columns.overlayKeys[shape - 1]
      keys.forEach((key, k) => ((overlays as Record<string, number>)[key] = columns.overlayValues[starts[i] + k]))
    }
    return {
      batch_index: indices[i],
      status: columns.failed[i] === 1 ? 'failed' : 'done',
      seed: columns.seeds[i],
      forecast_value: number(0),
      confidence: number(1),
      fragility: number(2),
      trust_label: text('trust_label'),
      confidence_status: text('confidence_status'),
      arc_label: text('arc_label'),
      symbolic_tag: text('symbolic_tag'),
      final_overlays: overlays,
      overrides: text('overrides') ?? '',
      error: text('error'),
    }
  })
}

// where each run's overlay values start in `overlayValues`: the sum of the key counts of the runs before it
function overlayStarts(columns: SummaryColumns): Uint32Array {
  const starts = new Uint32Array(columns.failed.length + 1)
  for (let i = 0; i < columns.failed.length; i++) {
    const shape = columns.overlayShapes[i]
    starts[i + 1] = starts[i] + (shape === 0 ? 0 : columns.overlayKeys[shape - 1].length)
  }
  return starts
}

// codes fit in 16 bits unless a page holds more than 65,535 distinct strings
function codeArray(codes: readonly number[], largest: number): Uint16Array | Uint32Array {
  return largest <= 0xffff ? Uint16Array.from(codes) : Uint32Array.from(codes)
}
