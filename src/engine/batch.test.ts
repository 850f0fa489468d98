import { describe, expect, it } from 'vitest'
import { runBatch } from './batch'
import { deriveSeed } from './prng'

describe('runBatch', () => {
  it('a throw inside a run becomes an error record with its stage, and the batch goes on', () => {
    const hook = { processTurn: (state: { variables: Record<string, number> }) => { if (state.variables.explode) throw new TypeError('boom') } }
    const records = [...runBatch([{ turns: 2 }, { turns: 2, variables: { explode: 1 } }, { turns: 2 }], { seed: 3, hook })]
    expect(records.map((r) => r.status)).toEqual(['complete', 'error', 'complete'])
    expect(records[1]).toMatchObject({ status: 'error', batch_index: 1, config: { turns: 2, variables: { explode: 1 } }, error: { stage: 'turn', type: 'TypeError', message: 'boom' } })
  })

  it("each run's seed derives from (batch seed, index) unless the config gives its own", () => {
    const records = [...runBatch([{ turns: 1 }, { turns: 1, seed: 99 }, { turns: 1 }], { seed: 11 })]
    expect(records.map((r) => r.seed)).toEqual([deriveSeed(11, 0, 0), 99, deriveSeed(11, 2, 0)])
  })

  it('firstIndex numbers a slice of a larger batch as the whole batch would', () => {
    const whole = [...runBatch([{ turns: 1 }, { turns: 2 }, { turns: 3 }], { seed: 4 })]
    const slice = [...runBatch([{ turns: 3 }], { seed: 4, firstIndex: 2 })]
    expect(JSON.stringify(slice[0])).toBe(JSON.stringify(whole[2]))
  })
})
