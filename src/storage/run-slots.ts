import type { SlotBlock } from './db'

/**
 * Runs per slot block: a block is 16 kB, a commit of a few hundred consecutive runs rewrites one or two, and a
 * million runs fit in 245 (read whole, 4 MB, to find the pending runs of a batch being resumed).
 */
export const BLOCK_RUNS = 4096

/** The slot of a pending run. */
export const EMPTY_SLOT = 0

/** The slot of a run stored on `page`: the page number and the failed flag in one unsigned 32-bit number. */
export function slotValue(page: number, failed: boolean): number {
  return (page + 1) * 2 + (failed ? 1 : 0)
}

/** The page a (non-empty) slot points to. */
export function slotPage(slot: number): number {
  return Math.floor(slot / 2) - 1
}

/** Whether a (non-empty) slot holds a failed run. */
export function slotFailed(slot: number): boolean {
  return slot % 2 === 1
}

/** The block holding a run's slot. */
export function blockOf(index: number): number {
  return Math.floor(index / BLOCK_RUNS)
}

/** An empty block (every run pending). */
export function emptyBlock(batchId: string, block: number): SlotBlock {
  return { batch_id: batchId, block, slots: new Uint32Array(BLOCK_RUNS) }
}

/** The slots of some of a batch's blocks, read once and changed in memory, within one transaction. */
export class SlotTable {
  readonly #batchId: string
  readonly #blocks = new Map<number, SlotBlock>()
  readonly #changed = new Set<number>()

  constructor(batchId: string) {
    this.#batchId = batchId
  }

  /** Reads the blocks holding these runs' slots, those not read yet. */
  async load(store: { get(key: [string, number]): Promise<SlotBlock | undefined> }, indices: Iterable<number>): Promise<void> {
    const wanted = new Set<number>()
    for (const index of indices) {
      const block = blockOf(index)
      if (!this.#blocks.has(block)) wanted.add(block)
    }
    const read = await Promise.all(Array.from(wanted, (block) => store.get([this.#batchId, block])))
    Array.from(wanted).forEach((block, i) => this.#blocks.set(block, read[i] ?? emptyBlock(this.#batchId, block)))
  }

  /** A loaded run's slot. */
  get(index: number): number {
    return this.#block(index).slots[index % BLOCK_RUNS]
  }

  set(index: number, slot: number): void {
    this.#block(index).slots[index % BLOCK_RUNS] = slot
    this.#changed.add(blockOf(index))
  }

  /** The blocks changed since they were loaded. */
  changed(): SlotBlock[] {
    return Array.from(this.#changed, (block) => this.#blocks.get(block) as SlotBlock)
  }

  #block(index: number): SlotBlock {
    const block = this.#blocks.get(blockOf(index))
    if (!block) throw new Error(`the slot of run ${index} was not loaded`)
    return block
  }
}
