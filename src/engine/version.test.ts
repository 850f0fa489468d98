import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { ENGINE_VERSION } from './version'

it('ENGINE_VERSION is the package version, so records name the build that made them', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  expect(ENGINE_VERSION).toBe(pkg.version)
})
