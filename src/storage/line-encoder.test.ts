import { expect, test } from 'vitest'
import { LineEncoder } from './line-encoder'

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

test('lines come out as UTF-8 with their newlines and ends, past the first buffer, and a take starts over', () => {
  const encoder = new LineEncoder()
  const lines = ['{"label":"🟢 Trusted"}', '', '中文 ß 𝄞', '€'.repeat(500_000), 'last']
  for (const line of lines) encoder.add(line)
  const { bytes, ends } = encoder.take()
  expect(decode(bytes)).toBe(lines.map((line) => `${line}\n`).join(''))
  expect(Array.from(ends)).toEqual(lines.reduce<number[]>((at, line) => [...at, (at.at(-1) ?? 0) + new TextEncoder().encode(`${line}\n`).length], []))
  const copy = bytes.slice()
  encoder.add('next')
  const next = encoder.take()
  expect([decode(next.bytes), Array.from(next.ends)]).toEqual(['next\n', [5]])
  // what was taken and copied stays as it was
  expect(decode(copy)).toBe(lines.map((line) => `${line}\n`).join(''))
})
