import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { AtomicFile } from './atomic-write'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-write-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('lines come out as UTF-8, one per line, in order, across flushes and past the buffer\'s size', () => {
  const lines = [
    '{"digest":"# Strategos Digest\\n🟢 Trusted ✅ Actionable"}',
    'ascii only',
    '',
    '中文 and ß and 𝄞 (a surrogate pair)',
    // longer than the whole buffer (2 MB) at 3 bytes a character
    '€'.repeat(800_000),
    ...Array.from({ length: 3_000 }, (_, i) => `{"batch_index":${i},"label":"🔴 Fragile ${'x'.repeat(i % 700)}"}`),
  ]
  const file = new AtomicFile(join(dir, 'out.jsonl'))
  for (const line of lines) file.writeLine(line)
  // nothing is over the target until the commit
  expect(existsSync(join(dir, 'out.jsonl'))).toBe(false)
  file.commit()
  const written = readFileSync(join(dir, 'out.jsonl'))
  const expected = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8')
  expect(written.length).toBe(expected.length)
  expect(Buffer.compare(written, expected)).toBe(0)
  expect(readdirSync(dir)).toEqual(['out.jsonl'])
})

test('encoded lines and string lines mix in the order written, a block bigger than the buffer too', () => {
  const big = Buffer.from(`${'ü'.repeat(1_500_000)}\n`, 'utf8')
  const file = new AtomicFile(join(dir, 'out.jsonl'))
  file.writeLine('first 🟢')
  file.writeBytes(Buffer.from('second\nthird ✅\n', 'utf8'))
  file.writeBytes(big)
  file.writeLine('last')
  file.commit()
  const written = readFileSync(join(dir, 'out.jsonl'))
  const expected = Buffer.concat([Buffer.from('first 🟢\nsecond\nthird ✅\n', 'utf8'), big, Buffer.from('last\n')])
  expect(Buffer.compare(written, expected)).toBe(0)
})

test('an aborted file leaves the target as it was and no temp file', () => {
  const first = new AtomicFile(join(dir, 'out.jsonl'))
  first.writeLine('kept')
  first.commit()
  const second = new AtomicFile(join(dir, 'out.jsonl'))
  second.writeLine('never seen')
  second.abort()
  expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('kept\n')
  expect(readdirSync(dir)).toEqual(['out.jsonl'])
})
