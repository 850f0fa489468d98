/** A share of a batch: shard k of n (1-based, as `--shard 2/4`). */
export interface Shard {
  k: number
  n: number
}

/** Parses `K/N` (1 ≤ K ≤ N); problems name the flag. */
export function parseShard(text: string, problems: string[]): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  const k = m ? Number(m[1]) : NaN
  const n = m ? Number(m[2]) : NaN
  if (!m || n < 1 || k < 1 || k > n || n > 1_000_000) {
    problems.push(`--shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/4), got ${JSON.stringify(text)}`)
    return undefined
  }
  return { k, n }
}

/**
 * Shard k's runs: the half-open range [from, to) of the k-th of n contiguous, near-equal blocks. Contiguous
 * blocks make the shards' files, concatenated in shard order, the unsharded output.
 */
export function shardBounds(total: number, k: number, n: number): [from: number, to: number] {
  return [Math.floor((total * (k - 1)) / n), Math.floor((total * k) / n)]
}
