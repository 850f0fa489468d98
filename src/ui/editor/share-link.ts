import { MAX_BATCH_FILE_BYTES } from '../../schema/json-text'

/** Largest compressed payload a share link may carry: URLs past ~64 KB are cut or refused by browsers and chat apps. */
export const MAX_SHARE_COMPRESSED_BYTES = 64 * 1024

/** Largest batch text a share link may expand to: the same cap as a loaded file, so a small link cannot inflate without bound. */
export const MAX_SHARE_TEXT_BYTES = MAX_BATCH_FILE_BYTES

/** The query parameter that carries a shared batch file. */
export const SHARE_PARAM = 'config'

/** What a link carries besides the file: the seed box and name box, when the sharer filled them in. */
export interface ShareExtras {
  seed?: number | null
  name?: string
}

export type ShareResult<Value> = { ok: true; value: Value } | { ok: false; message: string }

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`

/** Compresses batch text (deflate-raw) and encodes it base64url, or explains why it is too large for a link. */
export async function encodeShareText(text: string): Promise<ShareResult<string>> {
  const bytes = new TextEncoder().encode(text)
  if (bytes.byteLength > MAX_SHARE_TEXT_BYTES) {
    return { ok: false, message: `the batch file is ${kb(bytes.byteLength)}; a link can carry at most ${kb(MAX_SHARE_TEXT_BYTES)}` }
  }
  const compressed = await collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity)
  if (compressed.byteLength > MAX_SHARE_COMPRESSED_BYTES) {
    return {
      ok: false,
      message: `the batch file compresses to ${kb(compressed.byteLength)}, over the ${kb(MAX_SHARE_COMPRESSED_BYTES)} a link can carry: download the batch file and share that instead`,
    }
  }
  return { ok: true, value: toBase64Url(compressed) }
}

/** Decodes a `?config=` value back to batch text; anything malformed or oversized is an error value, never a throw. */
export async function decodeShareText(encoded: string): Promise<ShareResult<string>> {
  const fail = (message: string): ShareResult<string> => ({ ok: false, message: `this share link is unusable: ${message}` })
  // a base64url character carries 6 bits
  if (encoded.length > Math.ceil((MAX_SHARE_COMPRESSED_BYTES * 4) / 3)) return fail(`it is longer than ${kb(MAX_SHARE_COMPRESSED_BYTES)} compressed`)
  if (encoded === '') return fail('it carries no batch file')
  if (!/^[A-Za-z0-9_-]+$/.test(encoded) || encoded.length % 4 === 1) return fail('it is not base64url text (was it cut short or edited?)')
  const compressed = fromBase64Url(encoded)
  let bytes: Uint8Array
  try {
    bytes = await collect(new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate-raw')), MAX_SHARE_TEXT_BYTES)
  } catch (err) {
    if (err instanceof TooLargeError) return fail(`it expands to more than ${kb(MAX_SHARE_TEXT_BYTES)}`)
    return fail('its data is not deflate-compressed (was it cut short?)')
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return fail('its text is not UTF-8')
  }
}

/** The link that opens `encoded` in the editor: the page's own address with `?config=` (and the extras) set. */
export function shareUrl(page: string | URL, encoded: string, extras: ShareExtras = {}): string {
  const url = new URL(page)
  url.search = ''
  url.hash = '#/new'
  url.searchParams.set(SHARE_PARAM, encoded)
  if (extras.seed !== undefined && extras.seed !== null) url.searchParams.set('seed', String(extras.seed))
  if (extras.name) url.searchParams.set('name', extras.name)
  return url.href
}

/** The shared batch a page address carries, if any: the encoded file and the extras as typed (the editor validates them). */
export function readShareLink(search: string): { encoded: string; seed: string; name: string } | null {
  const params = new URLSearchParams(search)
  const encoded = params.get(SHARE_PARAM)
  if (encoded === null) return null
  return { encoded, seed: params.get('seed') ?? '', name: (params.get('name') ?? '').slice(0, 200) }
}

class TooLargeError extends Error {}

// reads a byte stream whole, stopping as soon as it passes `limit` (a deflate bomb is cut off, not buffered)
async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw new TooLargeError()
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}

/** Bytes as unpadded base64url (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  // String.fromCharCode takes its arguments on the stack: stay well below engines' argument limits
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The bytes of unpadded base64url text (the caller has checked its alphabet). */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
