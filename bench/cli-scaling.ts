// The CLI on 1 and 2 worker threads (issue 6: `--workers N`, output identical to one worker), for `npm run bench`.
// Scaling is about elapsed time, so this one measures wall-clock time: the same design batch through
// `bin/pulse-lab.mjs run`, alternating 1 and 2 workers so drift in the machine's load hits both alike, and the
// outputs compared byte for byte. A tiny batch of the same shape, run the same way, measures what starting the
// process and its worker threads costs, which the net figures leave out. And the machine's own ceiling: two
// independent one-worker commands at once, against one alone (nothing shared but the machine).
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface CliScaling {
  runs: number
  rounds: number
  /** Median wall-clock seconds of the whole command, by worker count. */
  seconds: { one: number; two: number }
  /** The runs of the tiny batch that measures starting. */
  startupRuns: number
  /** The same for that tiny batch: the process, tsx and (with 2) the worker threads starting. */
  startupSeconds: { one: number; two: number }
  /** Runs per second net of the start-up time. */
  runsPerSecond: { one: number; two: number }
  /** Net speed-up from 1 to 2 workers. */
  speedup: number
  /** Whether the two outputs were byte-identical in every round. */
  identical: boolean
  /** Median seconds of two one-worker commands started together (the later to finish). */
  pairSeconds: number
  /** What two independent processes get from the two cores together: 2 × one alone ÷ the pair, net of starting. */
  machineCeiling: number
}

// more than two chunks of the CLI's 256 runs, so that two workers do start; a multiple of the 100 design points
const STARTUP_RUNS = 600

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The workload as a design: hope 0, 0.01 … 0.99 with despair 0.3, 10 turns, replicated to `runs` runs. */
function batchFile(runs: number): string {
  return JSON.stringify({
    seed: 42,
    defaults: { turns: 10, state_overrides: { despair: 0.3 } },
    design: { kind: 'grid', factors: { 'state_overrides.hope': { linspace: { from: 0, to: 0.99, n: 100 } } }, replications: runs / 100 },
  })
}

export async function measureCliScaling(root: string, { runs = 200_000, rounds = 3 } = {}): Promise<CliScaling> {
  if (runs % 100 !== 0) throw new RangeError('runs must be a multiple of 100 (100 design points)')
  const dir = mkdtempSync(join(tmpdir(), 'pulse-cli-scaling-'))
  try {
    const command = (size: number, workers: number, name: string) => {
      const config = join(dir, `batch-${size}.json`)
      writeFileSync(config, batchFile(size))
      const output = join(dir, `${name}.jsonl`)
      const finished = new Promise<void>((resolve, reject) => {
        execFile(process.execPath, [join(root, 'bin/pulse-lab.mjs'), 'run', '--config', config, '--output', output, '--force', '--workers', String(workers)], { cwd: root }, (error) => (error ? reject(error) : resolve()))
      })
      return { finished, output }
    }
    const timed = async (...commands: { finished: Promise<void> }[]) => {
      const started = performance.now()
      await Promise.all(commands.map((c) => c.finished))
      return (performance.now() - started) / 1000
    }
    const timings = { one: [] as number[], two: [] as number[], startOne: [] as number[], startTwo: [] as number[], pair: [] as number[] }
    let identical = true
    for (let round = 0; round < rounds; round++) {
      timings.startOne.push(await timed(command(STARTUP_RUNS, 1, 'start-1')))
      timings.startTwo.push(await timed(command(STARTUP_RUNS, 2, 'start-2')))
      const one = command(runs, 1, 'one')
      timings.one.push(await timed(one))
      const two = command(runs, 2, 'two')
      timings.two.push(await timed(two))
      identical &&= readFileSync(one.output).equals(readFileSync(two.output))
      timings.pair.push(await timed(command(runs, 1, 'pair-a'), command(runs, 1, 'pair-b')))
    }
    const seconds = { one: median(timings.one), two: median(timings.two) }
    const startupSeconds = { one: median(timings.startOne), two: median(timings.startTwo) }
    const pairSeconds = median(timings.pair)
    const net = (total: number, startup: number) => (runs - STARTUP_RUNS) / Math.max(1e-3, total - startup)
    const runsPerSecond = { one: net(seconds.one, startupSeconds.one), two: net(seconds.two, startupSeconds.two) }
    return {
      runs, rounds, seconds, startupRuns: STARTUP_RUNS, startupSeconds, runsPerSecond, speedup: runsPerSecond.two / runsPerSecond.one, identical,
      pairSeconds, machineCeiling: (2 * net(pairSeconds, startupSeconds.one)) / runsPerSecond.one,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
