import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'

/** One JSONL line of an earlier output, with the run index it holds. */
export interface OutputLine {
  index: number
  line: string
}

/** A line that could not be kept, by 1-based line number. */
export interface OutputProblem {
  line: number
  message: string
}

/**
 * Reads a JSONL output line by line (never whole), keeping each line that is a JSON object with a whole-number
 * `batch_index`. A crash can leave at most a torn last line; any bad line is reported, not fatal.
 */
export async function* readOutputLines(path: string, problems: OutputProblem[]): AsyncGenerator<OutputLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
  let number = 0
  for await (const line of lines) {
    number++
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      problems.push({ line: number, message: 'not valid JSON (a torn or corrupt line)' })
      continue
    }
    const index = typeof value === 'object' && value !== null ? (value as { batch_index?: unknown }).batch_index : undefined
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      problems.push({ line: number, message: 'has no whole-number "batch_index"' })
      continue
    }
    yield { index, line }
  }
}
