import { defineConfig } from '@playwright/test'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

// PW_PORT lets several checkouts or people run the suite at once without sharing one preview server
const PORT = Number(process.env.PW_PORT ?? 4173)

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 240_000,
  // a loaded 2-core machine runs batches slowly: waits are generous, failures still fail
  expect: { timeout: 30_000 },
  // two at a time: most of a test is waiting (browsers starting, batches running, polling), and the suite must stay
  // within the CI budget; every test has its own browser context (its own IndexedDB), so they cannot meet
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
})
