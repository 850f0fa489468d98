import { defineConfig } from '@playwright/test'
import { chromiumLaunch } from './tests/chromium.ts'

// PW_PORT lets several checkouts or people run the suite at once without sharing one preview server
const PORT = Number(process.env.PW_PORT ?? 4173)

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 240_000,
  // a loaded 2-core machine runs batches slowly: waits are generous, failures still fail
  expect: { timeout: 30_000 },
  // one at a time: the tests run batches, which keep both cores busy (two at a time took 4.9 min against 3.2)
  workers: 1,
  // CI gets one retry: a test that fails and then passes is counted as passed but named as flaky in the closing
  // summary, with its first failure in the log (the only trace CI keeps). One such failure, a click waiting four
  // minutes for a link to be stable, was seen once in some twenty full runs and never reproduced.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    // no single click or fill needs a minute even on a loaded machine: a stuck one fails (and CI retries) well before
    // the test's own timeout, so a retry still fits CI's five minutes
    actionTimeout: 60_000,
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    // a trace snapshots the page at every action and retry, which slows the busy pages these tests watch; CI keeps no
    // artefacts to open one from, so it records none (run the failing test locally to get its trace)
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
})
