import { describe, expect, test } from 'vitest'
import type { BatchMeta } from '../../storage/batch-meta'
import { batchControls, progressShares } from './batch-controls'

const meta = (patch: Partial<BatchMeta> = {}): BatchMeta => ({
  id: 'b', name: 'b', source: '[{}]', seed: 0, total_runs: 10, status: 'draft', created_at: 0, updated_at: 0, finished_at: null,
  engine_version: '0.1.0', done: 0, failed: 0, read_only: false, ...patch,
})

describe('batch controls', () => {
  test('a draft can be run, nothing else', () => {
    expect(batchControls(meta(), 'draft', null)).toEqual({ start: { enabled: true, label: 'Run' }, pause: false, cancel: false, retry: false, note: null })
  })

  test('the running batch can be paused and cancelled, not started or retried', () => {
    const c = batchControls(meta({ status: 'running', done: 3, failed: 1 }), 'running', 'b')
    expect(c).toMatchObject({ start: { enabled: false }, pause: true, cancel: true, retry: false })
  })

  test('while pausing (in-flight runs finishing) it can still be cancelled but not paused again', () => {
    expect(batchControls(meta({ status: 'paused', done: 3 }), 'paused', 'b')).toMatchObject({ pause: false, cancel: true, start: { enabled: false } })
  })

  test('a paused, interrupted or cancelled batch with pending runs resumes', () => {
    for (const status of ['paused', 'interrupted', 'cancelled'] as const) {
      expect(batchControls(meta({ status: status === 'interrupted' ? 'running' : status, done: 4 }), status, null).start).toEqual({ enabled: true, label: 'Resume' })
    }
  })

  test('a finished batch offers retry only when runs failed', () => {
    expect(batchControls(meta({ status: 'done', done: 10 }), 'done', null)).toMatchObject({ start: { enabled: false }, retry: false })
    expect(batchControls(meta({ status: 'done', done: 8, failed: 2 }), 'done', null)).toMatchObject({ start: { enabled: false }, retry: true })
  })

  test('another running batch blocks start and retry, and says so', () => {
    const c = batchControls(meta({ status: 'done', done: 8, failed: 2 }), 'done', 'other')
    expect(c).toMatchObject({ start: { enabled: false }, retry: false, note: expect.stringMatching(/another batch is running/) })
  })

  test('a batch another tab is running can be neither started nor retried here, and says where it runs', () => {
    const c = batchControls(meta({ status: 'running', done: 4, failed: 1 }), 'elsewhere', null)
    expect(c).toEqual({
      start: { enabled: false, label: 'Resume' }, pause: false, cancel: false, retry: false,
      note: 'this batch is running in another tab: pause it there, or wait for it to finish',
    })
  })

  test('an imported batch is read-only', () => {
    const c = batchControls(meta({ status: 'done', done: 8, failed: 2, read_only: true }), 'done', null)
    expect(c).toMatchObject({ start: { enabled: false }, pause: false, cancel: false, retry: false, note: expect.stringMatching(/read-only/) })
  })
})

describe('progress shares', () => {
  test('done and failed split the bar and never overflow it', () => {
    expect(progressShares(5, 1, 10)).toEqual({ done: 0.5, failed: 0.1 })
    expect(progressShares(0, 0, 0)).toEqual({ done: 0, failed: 0 })
    expect(progressShares(9, 5, 10)).toEqual({ done: 0.9, failed: expect.closeTo(0.1) })
  })
})
