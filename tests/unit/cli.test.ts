import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { RunRecord } from '../../src/schema/run-record'

// End to end: the real bin script in a child process, in a scratch directory. Each spawn starts Node and tsx.
vi.setConfig({ testTimeout: 60_000 })
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
  })})

const grid = (n: number) => ({ seed: 9, configs: Array.from({ length: n }, (_, i) => ({ turns: 1 + (i % 7), state_overrides: { hope: (i % 10) / 10, despair: ((i * 3) % 10) / 10 } })) })

describe('pulse-lab run: workers, shards, resume, overwrite', () => {
  const batch = file('grid.json', grid(700))
  let full = ''

  it('the output is identical for 1 and 2 worker threads', async () => {
    expect((await cli('run', '--config', batch, '--output', 'w1.jsonl', '--workers', '1')).code).toBe(0)
    expect((await cli('run', '--config', batch, '--output', 'w2.jsonl', '--workers', '2')).code).toBe(0)
    full = readFileSync(join(dir, 'w1.jsonl'), 'utf8')
    expect(full.split('\n')).toHaveLength(701)
    expect(readFileSync(join(dir, 'w2.jsonl'), 'utf8')).toBe(full)
  })

  it('an existing output is not overwritten without --force', async () => {
    const kept = file('taken.jsonl', 'precious\n')
    const refused = await cli('run', '--output', kept)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('already exists; pass --force')
    expect(readFileSync(kept, 'utf8')).toBe('precious\n')
    expect((await cli('run', '--output', kept, '--force')).code).toBe(0)
    expect(lines(kept)).toHaveLength(2)
  })

  it('three shards merged are the unsharded output byte for byte', async () => {
    for (const k of [1, 2, 3]) expect((await cli('run', '--config', batch, '--shard', `${k}/3`, '--output', `shard-${k}.jsonl`)).code).toBe(0)
    expect(lines(join(dir, 'shard-1.jsonl'))).toHaveLength(233)
    // given out of order on purpose: merge orders by run index
    const merged = await cli('merge', '--output', 'merged.jsonl', 'shard-3.jsonl', 'shard-1.jsonl', 'shard-2.jsonl')
    expect(merged.code).toBe(0)
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(full)
  })

  it('merge refuses a run that appears twice with different content', async () => {
    const [first] = lines(join(dir, 'shard-1.jsonl'))
    file('forged.jsonl', `${first.replace('"seed":', '"seed":1,"x":')}\n`)
    const { code, stderr } = await cli('merge', '--output', 'bad-merge.jsonl', 'shard-1.jsonl', 'forged.jsonl')
    expect(code).toBe(2)
    expect(stderr).toContain('run 0 appears twice with different content')
    expect(existsSync(join(dir, 'bad-merge.jsonl'))).toBe(false)
  })

  it('--resume keeps the earlier lines, computes only the missing runs, and gives the full output', async () => {
    const all = full.trimEnd().split('\n')
    // runs 100–199 missing, and a torn last line as a crash leaves it
    const partial = [...all.slice(0, 100), ...all.slice(200, 650), all[650].slice(0, 40)].join('\n')
    const path = file('partial.jsonl', partial)
    const { code, stdout, stderr } = await cli('run', '--config', batch, '--output', path, '--resume')
    expect(code).toBe(0)
    expect(stdout).toContain('150 runs (150 complete, 0 failed, 550 kept from the earlier output)')
    expect(stderr).toContain('line 551 not valid JSON')
    expect(readFileSync(path, 'utf8')).toBe(full)
  })

  it('--resume refuses an output written for another batch', async () => {
    const path = file('other.jsonl', lines(join(dir, 'logs/batch_output.jsonl'))[0] + '\n')
    const { code, stderr } = await cli('run', '--config', batch, '--output', path, '--resume')
    expect(code).toBe(2)
    expect(stderr).toContain('written for another batch')
  })

  it('Ctrl-C mid-run exits 130 and leaves the earlier output as it was', async () => {
    const big = file('big.json', grid(30_000))
    const output = file('big.jsonl', 'earlier result\n')
    const child = spawn(process.execPath, [BIN, 'run', '--config', big, '--output', output, '--force', '--workers', '1'], { cwd: dir })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    // wait until the temp file exists: the run is under way
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => { if (readdirSync(dir).some((f) => f.startsWith('.big.jsonl.'))) { clearInterval(timer); resolve() } }, 50)
    })
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(130)
    expect(stderr).toContain('interrupted')
    expect(readFileSync(output, 'utf8')).toBe('earlier result\n')
    expect(readdirSync(dir).filter((f) => f.startsWith('.big.jsonl.'))).toEqual([])
  }, 60_000)
})

describe('pulse-lab replay', () => {
  it('a record line replays identical, with its per-turn series', async () => {
    const line = lines(join(dir, 'w1.jsonl'))[13]
    const { code, stdout } = await cli('replay', '--record', line, '--output', 'replayed.jsonl')
    expect(code).toBe(0)
    expect(stdout).toContain('run 13')
    expect(stdout).toContain('identical')
    const replayed = JSON.parse(readFileSync(join(dir, 'replayed.jsonl'), 'utf8')) as { turns: unknown[] }
    expect(replayed.turns).toHaveLength(1 + (13 % 7))
  })

  it('a tampered record is shown to differ, at the field that differs', async () => {
    const record = JSON.parse(lines(join(dir, 'w1.jsonl'))[13]) as { forecast: { value: number } }
    record.forecast.value += 1
    const { code, stderr } = await cli('replay', '--record', JSON.stringify(record))
    expect(code).toBe(1)
    expect(stderr).toContain('differs at forecast.value')
  })

  it('--batch FILE --run N --against JSONL checks a stored result', async () => {
    const { code, stdout } = await cli('replay', '--batch', file('grid-again.json', grid(700)), '--run', '420', '--against', 'w2.jsonl')
    expect(code).toBe(0)
    expect(stdout).toContain('run 420')
    expect(stdout).toContain('identical')
  })

  it('a flag of another command is an error, not ignored', async () => {
    const { code, stderr } = await cli('replay', '--record', '{}', '--workers', '2')
    expect(code).toBe(2)
    expect(stderr).toContain('replay does not take --workers')
  })
})
