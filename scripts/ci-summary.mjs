// Sums the Vitest and Playwright JSON reports into the one closing line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? '.ci-out'
const read = (name) => {
  try { return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) } catch { return null }
}
let passed = 0
let failed = 0
for (const name of ['unit', 'browser']) {
  const report = read(name)
  if (!report) { failed++; console.error(`no ${name} report`); continue }
  passed += report.numPassedTests
  failed += report.numFailedTests || (report.success ? 0 : 1)
}
const e2e = read('e2e')
if (!e2e) { failed++; console.error('no e2e report') } else {
  passed += e2e.stats.expected + e2e.stats.flaky
  failed += e2e.stats.unexpected
  for (const title of flakyTests(e2e.suites ?? [])) console.log(`flaky (failed, then passed on retry): ${title}`)
}
// the titles of the tests Playwright marks flaky: a retry passed after a failure
function flakyTests(suites, path = []) {
  const titles = []
  for (const suite of suites) {
    const here = suite.title ? [...path, suite.title] : path
    for (const spec of suite.specs ?? []) {
      if ((spec.tests ?? []).some((test) => test.status === 'flaky')) titles.push([...here, spec.title].join(' › '))
    }
    titles.push(...flakyTests(suite.suites ?? [], here))
  }
  return titles
}

console.log(`${passed} passed, ${failed} failed`)
if (passed === 0 || failed > 0) process.exitCode = 1
