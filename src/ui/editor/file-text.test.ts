import { describe, expect, test } from 'vitest'
import { readTextFile } from './file-text'

const named = (parts: BlobPart[], name: string) => Object.assign(new Blob(parts), { name })

describe('reading a file as text', () => {
  test('UTF-8 text is read as is, a byte order mark dropped', async () => {
    expect(await readTextFile(named(['[{"turns": 2}] ünï'], 'b.json'))).toEqual({ ok: true, text: '[{"turns": 2}] ünï' })
    expect(await readTextFile(new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d])]))).toEqual({ ok: true, text: '[]' })
  })

  test('bytes that are not UTF-8 are refused by name', async () => {
    const latin1 = named([new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d])], 'latin1.json')
    expect(await readTextFile(latin1)).toEqual({ ok: false, message: expect.stringMatching(/“latin1.json” is not valid UTF-8/) })
  })

  test('a file over the cap is refused from its size alone', async () => {
    const big = named(['x'.repeat(2048)], 'big.json')
    expect(await readTextFile(big, 1024)).toEqual({ ok: false, message: '“big.json” is 2 kB; the limit is 1 kB' })
    const huge = { name: 'huge.json', size: 21 * 1048576, arrayBuffer: () => Promise.reject(new Error('must not be read')) }
    expect(await readTextFile(huge as unknown as Blob & { name: string })).toEqual({ ok: false, message: '“huge.json” is 21 MB; the limit is 20 MB' })
  })
})
