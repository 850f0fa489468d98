import { describe, expect, test } from 'vitest'
import {
  decodeShareText, encodeShareText, fromBase64Url, MAX_SHARE_COMPRESSED_BYTES, MAX_SHARE_TEXT_BYTES, readShareLink, SHARE_PARAM, shareUrl,
  toBase64Url,
} from './share-link'

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer())
}

function encoded(result: { ok: true; value: string } | { ok: false; message: string }): string {
  if (!result.ok) throw new Error(result.message)
  return result.value
}

describe('share link', () => {
  test('a batch file survives the round trip byte for byte', async () => {
    const text = '{\n  "name": "hope × despair — ünïcode",\n  "seed": 42,\n  "configs": [{ "state_overrides": { "hope": 0.6 } }]\n}\n'
    const value = encoded(await encodeShareText(text))
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(await decodeShareText(value)).toEqual({ ok: true, value: text })
  })

  test('repetitive batch files compress well below the cap', async () => {
    const configs = Array.from({ length: 2000 }, (_, i) => ({ state_overrides: { hope: (i % 10) / 10, despair: 0.5 }, turns: 10 }))
    const value = encoded(await encodeShareText(JSON.stringify({ configs }, null, 2)))
    expect(value.length).toBeLessThan(MAX_SHARE_COMPRESSED_BYTES)
  })

  test('base64url round trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    const text = toBase64Url(bytes)
    expect(text).not.toMatch(/[+/=]/)
    expect(fromBase64Url(text)).toEqual(bytes)
  })

  test('text that does not compress under the cap is refused with a reason', async () => {
    // pseudo-random hex carries 4 bits a character: 200k of them cannot deflate below ~98 KB
    let x = 2463534242
    const xorshift = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0)
    const noise = Array.from({ length: 200_000 }, () => (xorshift() & 15).toString(16)).join('')
    const result = await encodeShareText(noise)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(/over the 64 KB a link can carry/)
  })

  test('characters outside base64url are a clear error', async () => {
    expect(await decodeShareText('abc$def')).toEqual({ ok: false, message: expect.stringMatching(/not base64url/) })
    expect(await decodeShareText('')).toEqual({ ok: false, message: expect.stringMatching(/no batch file/) })
  })

  test('bytes that are not deflate data are a clear error', async () => {
    const result = await decodeShareText(toBase64Url(new TextEncoder().encode('this was never compressed, only encoded')))
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/not deflate-compressed/) })
  })

  test('a link truncated in the middle is an error, not a partial file', async () => {
    const value = encoded(await encodeShareText(JSON.stringify({ configs: Array.from({ length: 50 }, (_, i) => ({ seed: i * 7919 })) })))
    const cut = value.slice(0, Math.floor(value.length / 2) & ~3)
    expect((await decodeShareText(cut)).ok).toBe(false)
  })

  test('decompressed text that is not UTF-8 is refused', async () => {
    const result = await decodeShareText(toBase64Url(await deflate(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))))
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/not UTF-8/) })
  })

  test('a link that inflates past the text cap is refused (deflate bomb)', async () => {
    const bomb = await deflate(new Uint8Array(MAX_SHARE_TEXT_BYTES + 1).fill(0x20))
    expect(bomb.byteLength).toBeLessThan(MAX_SHARE_COMPRESSED_BYTES)
    expect(await decodeShareText(toBase64Url(bomb))).toEqual({ ok: false, message: expect.stringMatching(/expands to more than/) })
  })

  test('a parameter longer than the compressed cap is refused before decoding', async () => {
    const result = await decodeShareText('A'.repeat(MAX_SHARE_COMPRESSED_BYTES * 2))
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/longer than 64 KB/) })
  })

  test('the link keeps the page address, drops other parameters and opens the editor', () => {
    const url = new URL(shareUrl('https://lab.example/pulse/?config=old&x=1#/library', 'abc-_'))
    expect(url.origin + url.pathname).toBe('https://lab.example/pulse/')
    expect([...url.searchParams]).toEqual([[SHARE_PARAM, 'abc-_']])
    expect(url.hash).toBe('#/new')
  })

  test('seed and name ride along and read back; a page without ?config= shares nothing', () => {
    const url = new URL(shareUrl('http://127.0.0.1:4173/', 'xyz', { seed: 42, name: 'grid & co' }))
    expect(readShareLink(url.search)).toEqual({ encoded: 'xyz', seed: '42', name: 'grid & co' })
    expect(readShareLink(new URL(shareUrl('http://127.0.0.1:4173/', 'xyz', { seed: null })).search)).toEqual({ encoded: 'xyz', seed: '', name: '' })
    expect(readShareLink('?seed=3')).toBeNull()
  })
})
