#!/usr/bin/env node
// Node 20 cannot run TypeScript: tsx's loader lets the CLI run straight from src/ with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
