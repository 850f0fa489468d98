import { parseArgs } from 'node:util'
import { GRAVITY_NUMBER_FLAGS, GRAVITY_SWITCH_FLAGS } from './gravity-flags'
import { EXIT, processIo, type Io } from './io'
import { mergeCommand } from './merge-command'
import { replayCommand } from './replay-command'
import { DEFAULT_OUTPUT, runCommand } from './run-command'

const HELP = `pulse-lab: run Pulse simulation batches from the command line

Usage:
  pulse-lab run [--config FILE] [--output PATH] [--seed N] [--format lab|legacy] [--workers N]
                [--shard K/N] [--force | --resume] [gravity flags]
  pulse-lab merge --output PATH [--force] SHARD.jsonl...
  pulse-lab replay --record LINE | --record FILE.jsonl --run N | --batch FILE --run N [--seed N] [--against FILE.jsonl]
                   [--output PATH]
  pulse-lab --help

run
  --config FILE      a batch file: the original's list of configs, or {"seed", "defaults", "configs"}
                     (JSON Schema: public/schema/batch.schema.json). Without it, the original's two sample
                     configs run.
  --output PATH      where the JSONL goes (default ${DEFAULT_OUTPUT}); written to a temp file and renamed,
                     so a failed or interrupted run (Ctrl-C) never leaves a half file over a good one
  --force            overwrite an existing output file (without it, an existing file is an error)
  --resume           complete an existing output: its runs are kept, only the missing ones are computed;
                     the result is the file a full run would have written
  --seed N           batch seed (uint32): each run's seed derives from it and the run index, unless the
                     config sets "seed"; overrides the file's "seed" (default 0)
  --format F         lab (default): the full record per run; legacy: the original's line shape
                     (status, total, compressed, digest, top_forecasts, config, batch_index)
  --workers N        worker threads (default: every core); the output is identical for any N
  --shard K/N        run only the K-th of N contiguous shares of the runs (1 ≤ K ≤ N), e.g. one per
                     machine; join the shard files with pulse-lab merge

gravity flags (the original's, same meaning; applied to every config's "gravity" block)
  --gravity-off                          gravity.enabled = false (unless --enable-residual-gravity)
  --enable-residual-gravity              gravity stays on, overriding --gravity-off
  --gravity-disable-adaptive-lambda      gravity.enable_adaptive_lambda = false
  --gravity-disable-weight-pruning       gravity.enable_weight_pruning = false
  --gravity-disable-shadow-model-trigger gravity.enable_shadow_model_trigger = false
  --gravity-lambda X                     gravity.lambda (default 0.25)
  --gravity-learning-rate X              gravity.learning_rate (default 0.01)
  --gravity-ewma-span X                  gravity.ewma_span (default 30)
  --gravity-adaptive-lambda-min X        gravity.adaptive_lambda_min (default 0.01)
  --gravity-adaptive-lambda-max X        gravity.adaptive_lambda_max (default 1)
  --gravity-shadow-variance-threshold X  gravity.shadow_model_variance_threshold (default 0.3)

Gravity learns only from observed data: give a config "observations" (values per turn) and the
correction is learnt from the residuals; without them it is zero and the record's gravity.note says so.

merge
  Joins shard outputs into one JSONL in run order (streaming). A run found twice must be the same line.

replay
  Recomputes one run from its record (config, seed, index), prints its per-turn series, and says whether
  the recomputed record is byte-identical. --output writes the full record (every turn) as one JSON line.

Exit codes: 0 done (failed runs are error records in the output), 1 unexpected failure or a replay that
differs, 2 invalid input (every problem is listed; no output file is touched), 130 interrupted.
`

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  output: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  force: { type: 'boolean' },
  resume: { type: 'boolean' },
  record: { type: 'string' },
  batch: { type: 'string' },
  run: { type: 'string' },
  against: { type: 'string' },
  'gravity-off': { type: 'boolean' },
  'enable-residual-gravity': { type: 'boolean' },
  ...Object.fromEntries(Object.keys(GRAVITY_SWITCH_FLAGS).map((f) => [f, { type: 'boolean' }])),
  ...Object.fromEntries(Object.keys(GRAVITY_NUMBER_FLAGS).map((f) => [f, { type: 'string' }])),
} as const

// which flags each command takes, so a flag given to the wrong command is an error, not silently ignored
const RUN_FLAGS = ['config', 'output', 'seed', 'format', 'workers', 'shard', 'force', 'resume', 'gravity-off', 'enable-residual-gravity',
  ...Object.keys(GRAVITY_SWITCH_FLAGS), ...Object.keys(GRAVITY_NUMBER_FLAGS)]
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  run: RUN_FLAGS,
  merge: ['output', 'force'],
  replay: ['record', 'batch', 'run', 'seed', 'against', 'output'],
}

/** The CLI entry point: returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS as never, allowPositionals: true, strict: true })
  } catch (err) {
    io.err(`pulse-lab: ${err instanceof Error ? err.message : String(err)}`)
    io.err('Run pulse-lab --help for usage.')
    return EXIT.invalid
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  const [command = 'run', ...rest] = parsed.positionals
  if (values.help || command === 'help') {
    io.out(HELP)
    return EXIT.ok
  }
  const allowed = COMMAND_FLAGS[command]
  if (!allowed || (command !== 'merge' && rest.length)) {
    io.err(`pulse-lab: unknown command "${[command, ...rest].join(' ')}". Run pulse-lab --help for usage.`)
    return EXIT.invalid
  }
  const stray = Object.keys(values).filter((flag) => !allowed.includes(flag))
  if (stray.length) {
    io.err(`pulse-lab: ${command} does not take ${stray.map((f) => `--${f}`).join(', ')}. Run pulse-lab --help for usage.`)
    return EXIT.invalid
  }
  if (command === 'merge') return mergeCommand(values, rest, io)
  if (command === 'replay') return replayCommand(values, io)
  return runCommand(values, io)
}
