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
