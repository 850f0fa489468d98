import { existsSync } from 'node:fs'
import { AtomicFile } from './atomic-write'
import { readOutputLines, type OutputLine, type OutputProblem } from './existing-output'
import { EXIT, type Io, reportProblems } from './io'

type Flags = Record<string, string | boolean | undefined>

/**
 * `pulse-lab merge --output OUT SHARD...`: joins shard outputs into one JSONL in run order, streaming (a k-way
 * merge on batch_index, one line per file in memory). A run present twice must be the same line.
 */
export async function mergeCommand(values: Flags, files: string[], io: Io): Promise<number> {
  const problems: string[] = []
  const output = typeof values.output === 'string' ? values.output : undefined
  if (!output) problems.push('--output: required (where the merged JSONL goes)')
  if (files.length === 0) problems.push('no input files: pulse-lab merge --output OUT shard-1.jsonl shard-2.jsonl ...')
  for (const f of files) if (!existsSync(f)) problems.push(`${f}: no such file`)
  if (output && existsSync(output) && !values.force) problems.push(`--output: ${output} already exists; pass --force to overwrite it`)
  if (problems.length) return reportProblems(problems, io, 'nothing was written')

  const bad: OutputProblem[][] = files.map(() => [])
  const readers = files.map((f, i) => readOutputLines(f, bad[i]))
  const heads: (OutputLine | null)[] = await Promise.all(readers.map(next))
  const file = new AtomicFile(output!)
  let written = 0
  let last = -1
  try {
    for (;;) {
      let pick = -1
      heads.forEach((head, i) => { if (head && (pick < 0 || head.index < heads[pick]!.index)) pick = i })
      if (pick < 0) break
      const head = heads[pick]!
      if (head.index === last) throw new MergeConflict(`run ${head.index} appears twice with different content (${files[pick]})`)
      if (head.index < last) throw new MergeConflict(`${files[pick]} is not in run order (run ${head.index} after ${last})`)
      file.writeLine(head.line)
      written++
      last = head.index
      heads[pick] = await next(readers[pick])
      // an identical copy of the same run (shards that overlap) is written once
      for (let i = 0; i < heads.length; i++) {
        while (heads[i] && heads[i]!.index === last && heads[i]!.line === head.line) heads[i] = await next(readers[i])
      }
    }
    const lineProblems = bad.flatMap((list, i) => list.map((p) => `${files[i]} line ${p.line}: ${p.message}`))
    if (lineProblems.length) throw new MergeConflict(lineProblems.join('; '))
    file.commit()
  } catch (err) {
    file.abort()
    if (err instanceof MergeConflict) return reportProblems([err.message], io, 'the output was not written')
    throw err
  }
  io.out(`pulse-lab: merged ${written} run${written === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'} → ${output}`)
  return EXIT.ok
}

class MergeConflict extends Error {}

async function next(reader: AsyncGenerator<OutputLine>): Promise<OutputLine | null> {
  const r = await reader.next()
  return r.done ? null : r.value
}
