// Writes public/schema/batch.schema.json from the zod batch-file schema; with --check, fails if the file is stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { BatchFile } from '../src/schema/batch-file'

const TARGET = 'public/schema/batch.schema.json'
const schema = JSON.stringify(z.toJSONSchema(BatchFile, { io: 'input', target: 'draft-2020-12' }), null, 2) + '\n'

if (process.argv.includes('--check')) {
  let current = ''
  try { current = readFileSync(TARGET, 'utf8') } catch { /* missing counts as stale */ }
  if (current !== schema) {
    console.error(`${TARGET} is stale: run npm run schema and commit it`)
    process.exit(1)
  }
  console.log(`${TARGET} is current`)
} else {
  mkdirSync(dirname(TARGET), { recursive: true })
  writeFileSync(TARGET, schema)
  console.log(`wrote ${TARGET}`)
}
