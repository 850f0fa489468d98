import type { z } from 'zod'

/** The closest known name to a misspelt one, if it is close enough to be what was meant. */
export function closestName(name: string, known: Iterable<string>): string | null {
  let best: string | null = null
  let bestDistance = Infinity
  const lower = name.toLowerCase()
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  // a third of the name may be wrong (hop → hope, turnz → turns, statе_overides → state_overrides)
  return best !== null && bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null
}

/** Levenshtein distance, with adjacent transpositions counted as one edit (so "tunrs" is one away from "turns"). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1)
      d[i * cols + j] = best
    }
  }
  return d[rows * cols - 1]
}

// zod 4 keeps a schema's structure in `_zod.def`; only the few kinds our config schemas use are walked
interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  valueType?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema
  for (let def = defOf(s); ; def = defOf(s)) {
    if (def.innerType) s = def.innerType
    else if (def.type === 'pipe' && def.in) s = def.in
    else return s
  }
}

/** The keys an object schema at `path` under `root` allows, or null when the path does not lead to one object. */
export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] | null {
  let s = unwrap(root)
  for (const key of path) {
    const def = defOf(s)
    const next = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined
    if (!next) return null
    s = unwrap(next)
  }
  const def = defOf(s)
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : null
}
