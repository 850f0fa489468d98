import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createRunContext, runOne } from '../../src/engine/run'
import type { SuccessRecord } from '../../src/schema/run-record'

// The original's per-turn outputs (tests/fixtures/golden/README.md); our turn i+1 is their index i.
interface GoldenTurn {
  index: number
  overlays: Record<string, number>
  deltas: Record<string, number>
  fragility: number
  confidence: number
  symbolic_tag_enum: string
  symbolic_tag: string
  arc_label: string
  risk_score: number
  alignment_score: number
}
interface GoldenLine {
  batch_index: number
  config: Record<string, unknown>
  error: unknown
  turns: GoldenTurn[]
}

function readGolden(name: string): GoldenLine[] {
  const text = readFileSync(new URL(`../fixtures/golden/${name}.golden.jsonl`, import.meta.url), 'utf8')
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as GoldenLine)
}

function runFull(config: Record<string, unknown>, batchIndex: number): SuccessRecord {
  const record = runOne({ ...config, record: 'full' }, { batchIndex, batchSeed: 0 }, createRunContext())
  if (record.status !== 'complete') throw new Error(`config ${batchIndex} failed: ${record.error.message}`)
  return record
}

describe.each(['sample_cli', 'grid100'])('parity with the original, turn by turn: %s', (name) => {
  const golden = readGolden(name)

  it('holds every config of the golden file', () => {
    expect(golden.length).toBeGreaterThan(0)
    expect(golden.every((line) => line.error === null && line.turns.length > 0)).toBe(true)
  })

  it.each(golden.map((line) => [line.batch_index, line] as const))('config %i: every turn equals the golden values exactly', (batchIndex, line) => {
    const record = runFull(line.config, batchIndex)
    expect(record.turns).toHaveLength(line.turns.length)
    line.turns.forEach((want, i) => {
      const got = record.turns![i]
      const at = `turn ${i + 1} (golden index ${want.index})`
      expect(got.turn, at).toBe(want.index + 1)
      expect(got.overlays, `${at} overlays`).toEqual(want.overlays)
      expect(got.deltas, `${at} deltas`).toEqual(want.deltas)
      expect(got.fragility, `${at} fragility`).toBe(want.fragility)
      expect(got.confidence, `${at} confidence`).toBe(want.confidence)
      expect(got.symbolic_tag_enum, `${at} tagger label`).toBe(want.symbolic_tag_enum)
      expect(got.trust_tag, `${at} trust tag`).toBe(want.symbolic_tag)
      expect(got.arc_label, `${at} arc label`).toBe(want.arc_label)
      expect(got.risk_score, `${at} risk`).toBe(want.risk_score)
      expect(got.alignment_score, `${at} alignment`).toBe(want.alignment_score)
    })
  })
})
