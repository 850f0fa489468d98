/** Exit codes: 0 done (error records are data, not failures), 1 unexpected failure or a replay that differs, 2 invalid input, 130 interrupted. */
export const EXIT = { ok: 0, failure: 1, invalid: 2, interrupted: 130 } as const

/** Where a command writes its messages (tests pass their own). */
export interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

export const processIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }

/** Lists input problems on stderr and returns the invalid-input exit code; `outcome` says what was not done. */
export function reportProblems(problems: readonly string[], io: Io, outcome = 'nothing was run'): number {
  io.err(`pulse-lab: ${problems.length} problem${problems.length > 1 ? 's' : ''}; ${outcome}:`)
  for (const p of problems) io.err(`  ${p}`)
  return EXIT.invalid
}
