import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { parseBatchText } from '../../src/schema/batch-file'
import { parseJsonText } from '../../src/schema/json-text'
import { formatProblem } from '../../src/schema/problems'

// The corpus of bad inputs and the messages each must produce: tests/fixtures/bad/expected.json.
const BAD = new URL('../fixtures/bad/', import.meta.url)
const expected = JSON.parse(readFileSync(new URL('expected.json', BAD), 'utf8')) as Record<string, string[]>
const cases = Object.entries(expected).filter(([name]) => !name.startsWith('$'))

function problemsOf(bytes: Uint8Array): string[] {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return ['the file is not valid UTF-8 text']
  }
  const parsed = parseBatchText(text, bytes.byteLength)
  return parsed.ok ? [] : parsed.problems.map(formatProblem)
}

describe('the bad-input corpus', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    const files = readdirSync(BAD).filter((f) => f !== 'expected.json').sort()
    expect(files).toEqual(cases.map(([name]) => name).sort())
  })

  it.each(cases)('schema: %s gives its named errors', (name, messages) => {
    const problems = problemsOf(readFileSync(new URL(name, BAD)))
    expect(problems.length).toBeGreaterThan(0)
    for (const message of messages) expect(problems.join('\n')).toContain(message)
  })

  it.each(cases)('CLI: %s exits 2 listing its errors, and writes nothing', async (name, messages) => {
    const err: string[] = []
    const out: string[] = []
    const code = await main(['run', '--config', new URL(name, BAD).pathname, '--output', '/nonexistent-dir/never.jsonl'], { out: (l) => out.push(l), err: (l) => err.push(l) })
    expect(code).toBe(2)
    expect(out).toEqual([])
    for (const message of messages) expect(err.join('\n')).toContain(message)
  })

  it('a file over the size cap is refused before it is read or parsed', () => {
    const result = parseJsonText('', 21 * 1024 * 1024)
    expect(result).toEqual({ ok: false, problem: { index: null, path: '', message: 'the file is 21.0 MB; the limit is 20 MB' } })
  })
})

describe('fuzz: the batch parser never throws and never hangs', () => {
  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
      const result = parseBatchText(JSON.stringify(value))
      if (!result.ok) for (const p of result.problems) expect(typeof p.message).toBe('string')
    }), { numRuns: 2000 })
  })

  it('on config-shaped objects with random values', () => {
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.double(), fc.constant(null))
    const config = fc.record({ turns: anyValue, state_overrides: fc.dictionary(fc.string(), anyValue), variables: anyValue, gravity: fc.dictionary(fc.string(), anyValue) }, { requiredKeys: [] })
    fc.assert(fc.property(fc.array(config, { maxLength: 4 }), fc.option(fc.integer()), (configs, seed) => {
      parseBatchText(JSON.stringify(seed === null ? configs : { seed, configs }))
    }), { numRuns: 1000 })
  })

  it('on arbitrary text, including broken JSON', () => {
    const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', 'e', 'true', 'nul', '\\', ' ', '\n', 'a', '\u0000'), { maxLength: 200 }).map((parts) => parts.join(''))
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), jsonish), (text) => {
      const result = parseBatchText(text)
      if (!result.ok) expect(result.problems[0].message.length).toBeGreaterThan(0)
    }), { numRuns: 3000 })
  })
})
