// `npm run bench`: the Node benchmark of the engine (issue 6). Bundles bench/bench-core.ts with Vite (Rolldown, as
// the production build does, so without the `__name` helpers tsx adds to every function), runs it in a fresh child
// process on one thread, prints a summary table and appends a dated row to the history table in BENCHMARKS.md.
//
//   npm run bench                      bundled engine, CPU time, 20 000 runs × 7 repetitions (median), then the CLI
//                                      on 1 and 2 worker threads (200 000 runs × 3 rounds, wall clock); ~2 min
//   npm run bench -- --quick           2 000 runs × 3 repetitions, the CLI on 20 000 runs once (noisy: a quick look)
//   npm run bench -- --no-cli          the engine only, not the CLI's worker threads
//   npm run bench -- --source          the TypeScript sources through tsx instead of a bundle (what the CLI runs)
//   npm run bench -- --wall            wall-clock instead of CPU time
//   npm run bench -- --json            the raw result as JSON
//   npm run bench -- --no-record       print only, add no row to BENCHMARKS.md
//   npm run bench -- --note "text"     a note for the history row
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResult } from './bench-core'
import { type CliScaling, measureCliScaling } from './cli-scaling'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const HISTORY_MARKER = '<!-- node-bench-history: npm run bench adds rows above this line -->'
// The original Python batch runner: 100 ten-turn configs in 4.1 s with a 367 MB peak (BENCHMARKS.md).
const PYTHON_US_PER_RUN = 41_000

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(name)
const noteAt = args.indexOf('--note')
const note = noteAt >= 0 ? (args[noteAt + 1] ?? '') : ''
const coreArgs = ['--quick', '--wall'].filter(flag)

async function bundleCore(dir: string): Promise<string> {
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    ssr: { noExternal: true },
    build: {
      ssr: join(ROOT, 'bench/bench-core.ts'),
      outDir: dir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: 'bench-core.mjs' } },
    },
  })
  return join(dir, 'bench-core.mjs')
}

async function measure(): Promise<BenchResult> {
  if (flag('--source')) {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/tsx.mjs'), join(ROOT, 'bench/bench-core.ts'), ...coreArgs], { cwd: ROOT, encoding: 'utf8' })
    return JSON.parse(out) as BenchResult
  }
  const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-'))
  try {
    const entry = await bundleCore(dir)
    const out = execFileSync(process.execPath, [entry, ...coreArgs], { cwd: ROOT, encoding: 'utf8' })
    return JSON.parse(out) as BenchResult
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const us = (x: number): string => x.toFixed(1)

function cliTable(c: CliScaling): string {
  const s = (x: number) => x.toFixed(2)
  const rate = (x: number) => Math.round(x).toLocaleString('en')
  return [
    `The CLI (\`pulse-lab run --workers N\`), a design batch of ${c.runs.toLocaleString('en')} 10-turn runs, wall clock, median of ${c.rounds}`,
    '',
    '| | 1 worker | 2 workers |',
    '|---|---:|---:|',
    `| whole command (s) | ${s(c.seconds.one)} | ${s(c.seconds.two)} |`,
    `| starting (the same command on ${c.startupRuns} runs, s) | ${s(c.startupSeconds.one)} | ${s(c.startupSeconds.two)} |`,
    `| runs/s net of starting | ${rate(c.runsPerSecond.one)} | ${rate(c.runsPerSecond.two)} |`,
    '',
    `| two 1-worker commands at once (s, the later to finish) | ${s(c.pairSeconds)} | |`,
    '',
    `1 → 2 workers: ×${c.speedup.toFixed(2)}; outputs byte-identical: ${c.identical ? 'yes' : 'NO'}; ` +
      `the machine's ceiling (two independent processes against one): ×${c.machineCeiling.toFixed(2)}`,
  ].join('\n')
}

function table(r: BenchResult, mode: string): string {
  const p = r.perRun
  return [
    `Pulse Lab engine ${r.engineVersion}, Node ${r.node}, ${mode}, ${r.clock === 'cpu' ? 'CPU' : 'wall-clock'} time, ` +
      `${r.runs} runs × ${r.repetitions} repetitions (median)`,
    '',
    '| stage (issue workload: 10 turns, summary) | µs / run |',
    '|---|---:|',
    `| config validation | ${us(p.validation)} |`,
    `| turn loop (simulateRun) | ${us(p.simulate)} |`,
    `| forecast (LSTM) | ${us(p.forecast)} |`,
    `| forecast pipeline | ${us(p.pipeline)} |`,
    `| record serialisation (toJsonLine) | ${us(p.serialise)} |`,
    `| record assembly, GC, rest | ${us(p.other)} |`,
    `| **total (runBatch + toJsonLine)** | **${us(p.total)}** |`,
    `| every run from its own state (no remembered forecast) | ${us(r.distinctUsPerRun)} |`,
    '',
    `runs/s: ${Math.round(r.runsPerSecond).toLocaleString('en')}   peak RSS: ${r.peakRssMb.toFixed(0)} MB   ` +
      `vs the original Python (41 ms/run): ×${Math.round(PYTHON_US_PER_RUN / p.total).toLocaleString('en')}`,
    '',
    '| turns | runs | µs / run | µs / turn |',
    '|---:|---:|---:|---:|',
    ...r.byTurns.map((t) => `| ${t.turns} | ${t.runs} | ${us(t.usPerRun)} | ${us(t.usPerRun / t.turns)} |`),
    '',
    '| record (10 turns) | runs | µs / run | bytes / line |',
    '|---|---:|---:|---:|',
    ...r.byRecord.map((m) => `| ${m.record} | ${m.runs} | ${us(m.usPerRun)} | ${m.bytesPerLine} |`),
  ].join('\n')
}

// One row of the history table in BENCHMARKS.md (its header lists the columns).
function historyRow(r: BenchResult, mode: string, cli: CliScaling | null): string {
  const p = r.perRun
  const turns = (n: number) => us(r.byTurns.find((t) => t.turns === n)?.usPerRun ?? Number.NaN)
  const full = us(r.byRecord.find((m) => m.record === 'full')?.usPerRun ?? Number.NaN)
  const date = new Date().toISOString().slice(0, 10)
  return `| ${date} | ${note || '–'} | ${mode} | **${us(p.total)}** | ${us(r.distinctUsPerRun)} | ${us(p.validation)} | ` +
    `${us(p.simulate)} | ${us(p.forecast)} | ${us(p.pipeline)} | ${us(p.serialise)} | ${us(p.other)} | ` +
    `${Math.round(r.runsPerSecond).toLocaleString('en')} | ${turns(1)} | ${turns(100)} | ${turns(1000)} | ${full} | ${r.peakRssMb.toFixed(0)} | ` +
    `${cli ? `${Math.round(cli.runsPerSecond.one).toLocaleString('en')} → ${Math.round(cli.runsPerSecond.two).toLocaleString('en')} (×${cli.speedup.toFixed(2)}; machine ×${cli.machineCeiling.toFixed(2)})${cli.identical ? '' : ', outputs differ!'}` : '–'} |`
}

const result = await measure()
const mode = `${flag('--source') ? 'tsx' : 'bundle'}${flag('--quick') ? ' quick' : ''}${flag('--wall') ? ' wall' : ''}`
const cli = flag('--no-cli') ? null : await measureCliScaling(ROOT, flag('--quick') ? { runs: 20_000, rounds: 1 } : {})
console.log(flag('--json') ? JSON.stringify({ ...result, cli }, null, 2) : [table(result, mode), ...(cli ? ['', cliTable(cli)] : [])].join('\n'))
if (!flag('--no-record')) {
  const file = join(ROOT, 'BENCHMARKS.md')
  const text = readFileSync(file, 'utf8')
  if (!text.includes(HISTORY_MARKER)) throw new Error(`BENCHMARKS.md has lost its history marker: ${HISTORY_MARKER}`)
  writeFileSync(file, text.replace(HISTORY_MARKER, `${historyRow(result, mode, cli)}\n${HISTORY_MARKER}`))
  console.error('added a row to BENCHMARKS.md')
}
