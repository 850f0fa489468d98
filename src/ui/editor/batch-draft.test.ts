import { describe, expect, test } from 'vitest'
import { BatchMeta } from '../../storage/batch-meta'
import { batchName, checkBatchText, draftMeta, parseSeedInput, problemLabel, problemOffset, problemParts } from './batch-draft'

describe('checking the editor text', () => {
  test('blank text is empty, not an error', () => {
    expect(checkBatchText('  \n')).toEqual({ state: 'empty' })
  })

  test('a JSON syntax error names its line and column', () => {
    const check = checkBatchText('[\n  { "turns": 2 },\n  { "turns": }\n]')
    expect(check.state).toBe('invalid')
    if (check.state === 'invalid') expect(problemLabel(check.problems[0])).toBe('file · invalid JSON at line 3, column 14: unexpected "}"')
  })

  test('a syntax problem points at its character; other problems point nowhere', () => {
    const text = '[\n  { "turns": 2 },\n  { "turns": }\n]'
    const check = checkBatchText(text)
    if (check.state !== 'invalid') throw new Error('expected problems')
    const offset = problemOffset(check.problems[0], text)
    expect(offset).not.toBeNull()
    expect(text[offset ?? 0]).toBe('}')
    expect(problemOffset({ index: 3, path: 'turns', message: 'at line 1, column 1' }, text)).toBeNull()
  })

  test('each bad field is listed with its config index and path', () => {
    const check = checkBatchText(JSON.stringify({ configs: [{}, {}, {}, { state_overrides: { hope: 1.5 }, turns: 0 }] }))
    expect(check.state === 'invalid' && check.problems.map(problemLabel)).toEqual([
      'config 3 · state_overrides.hope · must be between 0 and 1',
      'config 3 · turns · must be at least 1',
    ])
  })

  test('the plain list of configs and the batch object are both valid', () => {
    expect(checkBatchText('[{"state_overrides":{"hope":0.6,"despair":0.2}},{"turns":1}]')).toMatchObject({ state: 'valid', runCount: 2 })
    const check = checkBatchText('{"name":"grid","seed":7,"defaults":{"turns":3},"configs":[{}]}')
    expect(check).toMatchObject({ state: 'valid', runCount: 1, batch: { name: 'grid', seed: 7, defaults: { turns: 3 }, configs: [{}] } })
    const design = checkBatchText('{"design":{"kind":"lhs","n":50,"replications":3,"factors":{"state_overrides.hope":{"uniform":[0,1]}}}}')
    expect(design).toMatchObject({ state: 'valid', runCount: 150 })
  })

  test('a problem with no config index or path is placed on the file', () => {
    expect(problemParts({ index: null, path: '', message: 'the file is empty' })).toEqual({ where: 'file', message: 'the file is empty' })
    expect(problemParts({ index: null, path: 'seed', message: 'too big' })).toEqual({ where: 'seed', message: 'too big' })
  })
})

describe('saving a draft', () => {
  test('the typed name wins, then the file name, then a dated default', () => {
    const now = Date.UTC(2026, 10, 25, 9, 30)
    expect(batchName('  Mine ', 'grid', now)).toBe('Mine')
    expect(batchName('', 'grid', now)).toBe('grid')
    expect(batchName(' ', undefined, now)).toBe('Batch 2026-11-25 09:30')
    expect(batchName('x'.repeat(500), undefined, now)).toHaveLength(200)
  })

  test('a draft meta is valid storage input with one run per config', () => {
    const check = checkBatchText('{"notes":"n","configs":[{},{},{}]}')
    if (check.state !== 'valid') throw new Error('expected a valid batch')
    const meta = draftMeta({ id: 'id-1', source: 'text', batch: check.batch, runCount: check.runCount, name: 'b', seed: 9, now: 5 })
    expect(BatchMeta.parse(meta)).toEqual(meta)
    expect(meta).toMatchObject({ total_runs: 3, status: 'draft', seed: 9, notes: 'n', done: 0, failed: 0, read_only: false })
  })

  test('the seed box takes a uint32 or nothing', () => {
    expect(parseSeedInput('')).toEqual({ ok: true, seed: null })
    expect(parseSeedInput(' 42 ')).toEqual({ ok: true, seed: 42 })
    expect(parseSeedInput('4294967295')).toEqual({ ok: true, seed: 4294967295 })
    for (const bad of ['-1', '1.5', '4294967296', 'abc']) expect(parseSeedInput(bad).ok).toBe(false)
  })
})
