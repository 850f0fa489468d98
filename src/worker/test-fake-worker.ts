/**
 * A stand-in for a Comlink worker in Node tests: it answers every call with its first argument (in Comlink's wire
 * format), or, with `answering` false, takes every call and never answers, as a stuck worker would; given a function
 * of the method's name, it answers the calls of the methods that function accepts.
 */
export function fakeWorker(answering: boolean | ((method: string) => boolean)) {
  const listeners = new Set<(event: MessageEvent) => void>()
  let terminated = false
  const worker = {
    addEventListener: (type: string, listener: (event: MessageEvent) => void) => type === 'message' && listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.delete(listener),
    postMessage(message: { id?: string; type?: string; path?: string[]; argumentList?: { value: unknown }[] }) {
      if (message.type !== 'APPLY' || !(typeof answering === 'function' ? answering(message.path?.at(-1) ?? '') : answering)) return
      const value = message.argumentList?.[0]?.value
      setTimeout(() => listeners.forEach((listener) => listener({ data: { id: message.id, type: 'RAW', value } } as MessageEvent)), 0)
    },
    terminate: () => (terminated = true),
  }
  return { worker: worker as unknown as Worker, terminated: () => terminated }
}
