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
 * The page's next idle moment (between frames, with nothing else to run), at most `timeoutMs` away. No
 * `requestIdleCallback` in Safari: a short wait instead.
 */
export function pageIdle(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs })
    else setTimeout(resolve, 50)
  })
}
