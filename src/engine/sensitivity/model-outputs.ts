/** Throws a RangeError naming the first output that is not a finite number (a failed run, say). */
export function assertFiniteOutputs(outputs: readonly number[]): void {
  const bad = outputs.findIndex((y) => typeof y !== 'number' || !Number.isFinite(y))
  if (bad >= 0) throw new RangeError(`output ${bad} is ${String(outputs[bad])}, not a finite number (a failed run?)`)
}
