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
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
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
