import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { RunRecord } from '../../src/schema/run-record'

// End to end: the real bin script in a child process, in a scratch directory.
const BIN = fileURLToPath(new URL('../../bin/pulse-lab.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pulse-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface CliResult { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n')

describe('pulse-lab run', () => {
  it('without --config runs the two sample configs into logs/batch_output.jsonl, one valid record per line', async () => {
    const { code, stdout } = await cli('run')
    expect(code).toBe(0)
    expect(stdout).toContain('2 runs (2 complete, 0 failed)')
    const records = lines(join(dir, 'logs/batch_output.jsonl')).map((l) => RunRecord.parse(JSON.parse(l)))
    expect(records.map((r) => r.config)).toEqual([
      { state_overrides: { hope: 0.6, despair: 0.2 }, turns: 1 },
      { state_overrides: { hope: 0.3, despair: 0.5 }, turns: 1 },
    ])
    expect(records.map((r) => r.status === 'complete' && [r.last_turn.confidence, r.last_turn.fragility])).toEqual([[0.797, 0.298], [0.803, 0.272]])
    // no temp file is left next to the output
    expect(readdirSync(join(dir, 'logs'))).toEqual(['batch_output.jsonl'])
  })

  it('the same batch and seed write the same bytes; another --seed changes the run seeds', async () => {
    const config = file('seeded.json', { seed: 5, configs: [{ turns: 2 }, { turns: 3 }] })
    await cli('run', '--config', config, '--output', 'a.jsonl')
    await cli('run', '--config', config, '--output', 'b.jsonl')
    await cli('run', '--config', config, '--output', 'c.jsonl', '--seed', '6')
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'b.jsonl'), 'utf8'))
    const seeds = (name: string) => lines(join(dir, name)).map((l) => (JSON.parse(l) as { seed: number }).seed)
    expect(seeds('a.jsonl')).not.toEqual(seeds('c.jsonl'))
  })

  it('a gravity flag changes the record of a config with observations', async () => {
    const config = file('observed.json', [{ turns: 12, observations: { variables: { demand: Array.from({ length: 12 }, (_, i) => i / 10) } } }])
    await cli('run', '--config', config, '--output', 'default.jsonl')
    await cli('run', '--config', config, '--output', 'fast.jsonl', '--gravity-learning-rate', '0.5', '--gravity-ewma-span', '0')
    await cli('run', '--config', config, '--output', 'off.jsonl', '--gravity-off')
    const read = (name: string) => JSON.parse(lines(join(dir, name))[0]) as { gravity: { enabled: boolean }; config: unknown; final_state: { variables: Record<string, number> } }
    const [base, fast, off] = [read('default.jsonl'), read('fast.jsonl'), read('off.jsonl')]
    expect(fast.config).toMatchObject({ gravity: { learning_rate: 0.5, ewma_span: 0 } })
    expect(fast.final_state.variables.demand).not.toBe(base.final_state.variables.demand)
    expect(off.gravity.enabled).toBe(false)
    expect(off.final_state.variables.demand).toBe(1.1)
  })

  it('an invalid file: exit 2, every problem listed with index and path, the output file untouched', async () => {
    const output = file('keep.jsonl', 'a good earlier result\n')
    const config = file('bad.json', [{ turns: 0 }, { turns: 2 }, { state_overrides: { hope: 1.5 }, turnz: 3 }])
    const { code, stderr } = await cli('run', '--config', config, '--output', output)
    expect(code).toBe(2)
    expect(stderr).toContain('config 0: turns:')
    expect(stderr).toContain('config 2: state_overrides.hope:')
    expect(stderr).toContain('config 2: turnz: unknown key')
    expect(readFileSync(output, 'utf8')).toBe('a good earlier result\n')
  })

  it('invalid JSON names line and column; a bad flag value names the flag', async () => {
    const broken = await cli('run', '--config', file('broken.json', '[\n  {"turns": 2,}\n]'))
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/invalid JSON at line 2, column 15: unexpected "}"/)
    const flag = await cli('run', '--gravity-lambda', 'lots')
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('--gravity-lambda: expected a number')
    expect(existsSync(join(dir, 'lots'))).toBe(false)
  })

  it('--format legacy writes the original line shape with Python json.dumps separators', async () => {
    const { code } = await cli('run', '--format', 'legacy', '--output', 'legacy.jsonl')
    expect(code).toBe(0)
    const [first] = lines(join(dir, 'legacy.jsonl'))
    expect(Object.keys(JSON.parse(first))).toEqual(['status', 'total', 'compressed', 'digest', 'top_forecasts', 'config', 'batch_index'])
    expect(first.startsWith('{"status": "complete", "total": 1, ')).toBe(true)
  })

  it('--help documents every flag', async () => {
    const { code, stdout } = await cli('--help')
    expect(code).toBe(0)
    for (const flag of ['--config', '--output', '--seed', '--format', '--gravity-off', '--enable-residual-gravity', '--gravity-disable-adaptive-lambda',
      '--gravity-disable-weight-pruning', '--gravity-disable-shadow-model-trigger', '--gravity-lambda', '--gravity-learning-rate', '--gravity-ewma-span',
      '--gravity-adaptive-lambda-min', '--gravity-adaptive-lambda-max', '--gravity-shadow-variance-threshold']) expect(stdout).toContain(flag)
  })
})
