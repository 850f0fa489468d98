import { readFileSync, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runBatch } from '../engine/batch'
import { toJsonLine, type LineFormat } from '../engine/record-line'
import { parseBatchFile, type ParsedBatch } from '../schema/batch-file'
import { MAX_BATCH_FILE_BYTES, parseJsonText } from '../schema/json-text'
import { formatProblem } from '../schema/problems'
import { AtomicFile } from './atomic-write'
import { applyGravityPatch, GRAVITY_NUMBER_FLAGS, GRAVITY_SWITCH_FLAGS, gravityPatchFromFlags } from './gravity-flags'
import { SAMPLE_CONFIGS } from './sample-configs'

/** Exit codes: 0 done (error records are data, not failures), 1 unexpected failure, 2 invalid input. */
export const EXIT = { ok: 0, failure: 1, invalid: 2, interrupted: 130 } as const

export const DEFAULT_OUTPUT = 'logs/batch_output.jsonl'

const HELP = `pulse-lab: run Pulse simulation batches from the command line

Usage:
  pulse-lab run [--config FILE] [--output PATH] [--seed N] [--format lab|legacy] [gravity flags]
  pulse-lab --help

run
  --config FILE      a batch file: the original's list of configs, or {"seed", "defaults", "configs"}
                     (JSON Schema: public/schema/batch.schema.json). Without it, the original's two sample
                     configs run.
  --output PATH      where the JSONL goes (default ${DEFAULT_OUTPUT}); written to a temp file and renamed,
                     so a failed or interrupted run never leaves a half file over a good one
  --seed N           batch seed (uint32): each run's seed derives from it and the run index, unless the
                     config sets "seed"; overrides the file's "seed" (default 0)
  --format F         lab (default): the full record per run; legacy: the original's line shape
                     (status, total, compressed, digest, top_forecasts, config, batch_index)

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

Exit codes: 0 done (failed runs are error records in the output), 1 unexpected failure, 2 invalid input
(every problem is listed; no output file is touched).
`

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  output: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  'gravity-off': { type: 'boolean' },
  'enable-residual-gravity': { type: 'boolean' },
  ...Object.fromEntries(Object.keys(GRAVITY_SWITCH_FLAGS).map((f) => [f, { type: 'boolean' }])),
  ...Object.fromEntries(Object.keys(GRAVITY_NUMBER_FLAGS).map((f) => [f, { type: 'string' }])),
} as const

interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }

/** The CLI entry point: returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
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
  if (command !== 'run' || rest.length) {
    io.err(`pulse-lab: unknown command "${[command, ...rest].join(' ')}". Run pulse-lab --help for usage.`)
    return EXIT.invalid
  }
  return runCommand(values, io)
}

function runCommand(values: Record<string, string | boolean | undefined>, io: Io): number {
  const problems: string[] = []
  const format = (values.format ?? 'lab') as LineFormat
  if (format !== 'lab' && format !== 'legacy') problems.push(`--format: must be "lab" or "legacy", got ${JSON.stringify(values.format)}`)
  let seed: number | undefined
  if (values.seed !== undefined) {
    seed = Number(values.seed)
    if (!/^\d+$/.test(String(values.seed)) || seed > 0xffffffff) problems.push(`--seed: must be a whole number from 0 to 4294967295, got ${JSON.stringify(values.seed)}`)
  }
  const { patch, problems: flagProblems } = gravityPatchFromFlags(values)
  problems.push(...flagProblems)

  let batch: ParsedBatch = { seed: 0, configs: SAMPLE_CONFIGS.map((c) => structuredClone(c)) as ParsedBatch['configs'] }
  if (typeof values.config === 'string') {
    const loaded = loadBatchFile(values.config)
    if ('problems' in loaded) problems.push(...loaded.problems)
    else batch = loaded.batch
  }
  if (problems.length) {
    io.err(`pulse-lab: ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was run:`)
    for (const p of problems) io.err(`  ${p}`)
    return EXIT.invalid
  }

  const output = typeof values.output === 'string' ? values.output : DEFAULT_OUTPUT
  const configs = batch.configs.map((c) => applyGravityPatch(c, patch))
  const file = new AtomicFile(output)
  const onSignal = () => {
    file.abort()
    io.err('pulse-lab: interrupted; the output file was not touched')
    process.exit(EXIT.interrupted)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let total = 0
  let failed = 0
  try {
    for (const record of runBatch(configs, { seed: seed ?? batch.seed })) {
      total++
      if (record.status === 'error') failed++
      file.writeLine(toJsonLine(record, format))
    }
    file.commit()
  } catch (err) {
    file.abort()
    io.err(`pulse-lab: ${err instanceof Error ? err.message : String(err)}`)
    return EXIT.failure
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  io.out(`pulse-lab: ${total} run${total === 1 ? '' : 's'} (${total - failed} complete, ${failed} failed) → ${output}`)
  return EXIT.ok
}

function loadBatchFile(path: string): { batch: ParsedBatch } | { problems: string[] } {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    return { problems: [`--config: cannot read ${path}: no such file`] }
  }
  if (size > MAX_BATCH_FILE_BYTES) return { problems: [`${path}: the file is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_BATCH_FILE_BYTES / 1048576} MB`] }
  const bytes = readFileSync(path)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { problems: [`${path}: the file is not valid UTF-8 text`] }
  }
  const json = parseJsonText(text, size)
  if (!json.ok) return { problems: [`${path}: ${formatProblem(json.problem)}`] }
  const parsed = parseBatchFile(json.value)
  if (!parsed.ok) return { problems: parsed.problems.map((p) => `${path}: ${formatProblem(p)}`) }
  return { batch: parsed.batch }
}
