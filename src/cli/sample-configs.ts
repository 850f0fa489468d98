import { parseBatchFile, type ParsedBatch } from '../schema/batch-file'

/** The original CLI's two hard-coded sample configs (reference 2.4), run when no --config is given. */
export const SAMPLE_CONFIGS = [
  { state_overrides: { hope: 0.6, despair: 0.2 }, turns: 1 },
  { state_overrides: { hope: 0.3, despair: 0.5 }, turns: 1 },
] as const

/** The sample configs as a parsed batch (seed 0), what `pulse-lab run` runs without --config. */
export function sampleBatch(): ParsedBatch {
  const parsed = parseBatchFile(structuredClone(SAMPLE_CONFIGS))
  if (!parsed.ok) throw new Error('the sample configs do not validate')
  return parsed.batch
}
