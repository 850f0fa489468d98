/**
 * Runs `work` in a task of its own after the next frame, and returns what cancels it. Work done in the frame's
 * animation callback instead would be one task with that frame's layout of it; work queued without waiting for a
 * frame would often run before the browser has painted what came before.
 */
export function afterNextFrame(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const frame = requestAnimationFrame(() => (timer = setTimeout(work)))
  return () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

/**
 * Runs `work` in an idle period of the page (after a frame, when nothing else is waiting to run), at most `timeoutMs`
 * away, and returns what cancels it. No `requestIdleCallback` in Safari: after the next frame instead.
 */
export function whenIdle(work: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback !== 'function') return afterNextFrame(work)
  const handle = requestIdleCallback(() => work(), { timeout: timeoutMs })
  return () => cancelIdleCallback(handle)
}

/** The page's next idle moment, at most `timeoutMs` away (see `whenIdle`). */
export function pageIdle(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => whenIdle(resolve, timeoutMs))
}
