/**
 * What `work` settles to, or, if it has not settled `ms` after the call, what `late()` gives (a value, a promise, or a
 * throw, which rejects): a worker's call with a deadline, a file that must open in time. The timer goes as soon as
 * either settles; `work` itself is left running.
 */
export async function settleWithin<T, L>(work: Promise<T>, ms: number, late: () => L | Promise<L>): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<L>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late())
      } catch (error) {
        reject(error)
      }
    }, ms)
  })
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}
