/**
 * Runs [start, end) of shard K of N (`--shard K/N`, K counted from 1 as Vitest and Playwright count). Shards are
 * contiguous blocks in run order, so their outputs concatenated in K order are the whole batch in order. Block K
 * is [⌊(K − 1)·total/N⌋, ⌊K·total/N⌋): the blocks partition [0, total) and their sizes differ by at most one.
 * Same formula as the CLI's `shardBounds`, here in the pure schema layer so browser workers can use it too.
 */
export function shardRange(total: number, shard: number, shards: number): { start: number; end: number } {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, got ${total}`)
  if (!Number.isSafeInteger(shards) || shards < 1) throw new RangeError(`the shard count must be a whole number ≥ 1, got ${shards}`)
  if (!Number.isSafeInteger(shard) || shard < 1 || shard > shards) {
    throw new RangeError(`shard must be a whole number in [1, ${shards}], got ${shard}`)
  }
  // total · K is exact below 2^53 (any batch within MAX_DESIGN_RUNS); past that, integer arithmetic keeps it exact.
  const at = (k: number) => total * k <= Number.MAX_SAFE_INTEGER
    ? Math.floor((total * k) / shards)
    : Number((BigInt(total) * BigInt(k)) / BigInt(shards))
  return { start: at(shard - 1), end: at(shard) }
}
