import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

// The README's recipe for spreading a batch: GNU parallel runs the shards, pulse-lab merge joins them.
const BIN = fileURLToPath(new URL('../../bin/pulse-lab.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pulse-parallel-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('GNU parallel shards merged equal the unsharded run byte for byte', () => {
  const configs = Array.from({ length: 300 }, (_, i) => ({ turns: 1 + (i % 5), state_overrides: { hope: (i % 11) / 10 } }))
  writeFileSync(join(dir, 'batch.json'), JSON.stringify({ seed: 21, configs }))
  const run = (cmd: string) => execFileSync('bash', ['-c', cmd], { cwd: dir, env: { ...process.env, PULSE: `${process.execPath} ${BIN}` }, timeout: 120_000 })
  run('$PULSE run --config batch.json --output whole.jsonl --workers 1')
  // the recipe, as written in the README
  run("parallel --halt now,fail=1 $PULSE run --config batch.json --workers 1 --shard {}/4 --output 'shard-{}.jsonl' ::: 1 2 3 4")
  run('$PULSE merge --output merged.jsonl shard-*.jsonl')
  expect(readdirSync(dir).filter((f) => f.startsWith('shard-')).sort()).toEqual(['shard-1.jsonl', 'shard-2.jsonl', 'shard-3.jsonl', 'shard-4.jsonl'])
  expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'whole.jsonl'), 'utf8'))
}, 180_000)
