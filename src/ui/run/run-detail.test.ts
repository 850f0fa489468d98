import { describe, expect, test } from 'vitest'
import { runOne, createRunContext } from '../../engine/run'
import type { SuccessRecord } from '../../schema/run-record'
import { correctionRows, gravityStats, readRecordLine, turnSeries, turnSource } from './run-detail'

const config = {
  turns: 4,
  record: 'full',
  state_overrides: { hope: 0.6, despair: 0.2, _dynamic_overlays: { awe: 0.3 } },
  variables: { energy_price_index: 0.5 },
  observations: { variables: { market_price: [100, 101, 103, 102] } },
}

function fullRecord(): SuccessRecord {
  const record = runOne(config, { batchIndex: 0, batchSeed: 42 }, createRunContext())
  if (record.status !== 'complete') throw new Error(record.error.message)
  return record
}

describe('run detail', () => {
  test('a stored line reads back as its record; other text is an error value', () => {
    const record = fullRecord()
    expect(readRecordLine(JSON.stringify(record))).toEqual({ ok: true, record })
    expect(readRecordLine('{"status":"complete"')).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) })
    expect(readRecordLine('{"status":"weird"}')).toMatchObject({ ok: false, message: expect.stringMatching(/not a run record/) })
  })

  test('series run over every turn, core overlays first', () => {
    const { overlays, variables, trust } = turnSeries(fullRecord().turns ?? [])
    expect(overlays.map((s) => s.name)).toEqual(['hope', 'despair', 'rage', 'fatigue', 'trust', 'awe'])
    expect(overlays[0].points.map((p) => p.x)).toEqual([1, 2, 3, 4])
    expect(variables.map((s) => s.name)).toContain('market_price')
    expect(trust.map((s) => s.name)).toEqual(['confidence', 'fragility', 'risk_score'])
  })

  test('corrections list each corrected variable per turn; stats keep scalars only', () => {
    const record = fullRecord()
    const turns = record.turns ?? []
    const all = correctionRows(turns, { includeZero: true })
    expect(all.length).toBeGreaterThanOrEqual(correctionRows(turns).length)
    for (const row of all) expect(row.turn).toBeGreaterThanOrEqual(1)
    const stats = gravityStats(record)
    expect(stats.length).toBeGreaterThan(0)
    expect(stats.every(([, v]) => typeof v === 'string')).toBe(true)
  })

  test('per-turn records: stored when kept, replayed from a summary, never for a failure or an import', () => {
    const full = fullRecord()
    const summary = { ...full, config: { ...config, record: 'summary' }, turns: undefined }
    expect(turnSource(full, { source: '[]' })).toEqual({ kind: 'stored' })
    expect(turnSource(summary, { source: '[]' })).toEqual({ kind: 'replay' })
    expect(turnSource(summary, { source: '' })).toMatchObject({ kind: 'none', reason: expect.stringMatching(/imported/) })
    expect(turnSource(summary, { source: '[]' }, '9.9.9')).toMatchObject({ kind: 'none', reason: expect.stringMatching(/engine 9.9.9/) })
    const failed = runOne({ turns: 0 }, { batchIndex: 1, batchSeed: 0 }, createRunContext())
    expect(turnSource(failed, { source: '[]' })).toMatchObject({ kind: 'none', reason: expect.stringMatching(/failed/) })
  })
})
