import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, expect, type Page, test } from '@playwright/test'
import { RunRecord } from '../../src/schema/run-record'
import { encodeShareText, shareUrl } from '../../src/ui/editor/share-link'
import { chromiumLaunch } from '../chromium'
import { cliOutput, downloadJsonl, drawnDoneShare, progress, watchConsole } from './support'

// Reliability and safety (issue 7), as a user would meet them in the built app: a tab killed mid-batch, a full disk,
// a hostile share link, the same batch in two tabs. The Content-Security-Policy of index.html is in force throughout.

// 300 runs of 6,000 turns: about 12 ms a run with today's engine (2 µs a turn in Node), so about 2 s of runs on two
// workers: a kill, a pause or a second tab really lands mid-batch (each test checks that it did), and the suite stays
// quick. Turns, not runs, set the length: a record in summary mode is the same size whatever the turns, so storage
// keeps its pace. A list of configs, not a design: the view of a design batch adds sweep plots, which a busy machine
// redraws slowly. (1,000 turns was ~2 s with the engine these tests were written for, and 0.3 s after its speed-up.)
const N = 300
const sweep = (runs: number, turns: number) => ({
  name: 'Reliability sweep',
  seed: 11,
  defaults: { turns },
  configs: Array.from({ length: runs }, (_, i) => ({ state_overrides: { hope: 0.05 + (i % 10) * 0.1, despair: 0.05 + (Math.floor(i / 30) % 10) * 0.1 } })),
})
const BATCH_TEXT = JSON.stringify(sweep(N, 6_000), null, 2)
// 5,000 runs of 10,000 turns (the most a run may have), minutes of work, for the two-tabs test: it opens a second tab
// on the running batch and watches it follow the progress (another tab's runs show within ~3 s), pauses, lets both
// tabs resume and pauses again, all mid-batch however fast the machine, so it never waits for the end
const LONG_N = 5_000
const LONG_BATCH_TEXT = JSON.stringify(sweep(LONG_N, 10_000), null, 2)
// waits for a whole batch on a machine shared with other suites
const SLOW = { timeout: 180_000 }

/** Records every Content-Security-Policy violation the page reports, in window.__cspViolations. */
async function watchCsp(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __cspViolations: string[] }).__cspViolations = [])
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))
  })
}

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])

const done = async (page: Page) => Number(await progress(page).getAttribute('data-done'))

// Long waits poll inside the page, twice a second. An expect() retry records a trace snapshot of the whole page (a
// results table, charts) each time: over minutes of a large batch on a busy machine that slows the page it watches
// several times over (lab.spec's reload test times out that way under load, and passes with --trace off).
const inPage = { polling: 500, ...SLOW }

/** Waits until the progress bar counts more than `runs` runs done (`exactly`: that many). */
async function waitForDone(page: Page, runs: number, { exactly = false } = {}): Promise<void> {
  await page.waitForFunction(([runs, exactly]) => {
    const shown = Number(document.querySelector('[data-testid=progress-bar]')?.getAttribute('data-done'))
    return exactly ? shown === runs : shown > runs
  }, [runs, exactly] as const, inPage)
}

/** Waits until the batch's status badge says `status`. */
async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.waitForFunction((status) => document.querySelector('[data-testid=status-badge]')?.textContent?.trim() === status, status, inPage)
}
const batchIdOf = (page: Page) => new URL(page.url()).hash.replace('#/batch/', '')

/** Opens the sweep (of `runs` runs) as a file in the editor and runs it; the batch's id. */
async function runBatch(page: Page, text = BATCH_TEXT, runs = N): Promise<string> {
  await page.goto('/')
  // Open file…, not typing: Playwright's fill() of these 40 kB into the textarea takes ~11 s of the browser's editing
  // machinery (the app's own input handler takes ~11 ms), which is not what these tests are about
  await page.getByTestId('file-input').setInputFiles({ name: 'reliability-sweep.json', mimeType: 'application/json', buffer: Buffer.from(text) })
  await expect(page.getByTestId('origin')).toHaveText('From file reliability-sweep.json')
  await expect(page.getByTestId('check-summary')).toContainText(`${runs.toLocaleString('en-US')} runs`)
  await page.getByTestId('run-batch').click()
  await page.waitForURL(/#\/batch\//)
  return batchIdOf(page)
}

const downloadLines = async (page: Page) => (await downloadJsonl(page)).trimEnd().split('\n')

/** Every line a valid record; their batch indices, in file order. */
const indicesOf = (lines: string[]) => lines.map((line) => RunRecord.parse(JSON.parse(line)).batch_index)
const allIndices = (n: number) => Array.from({ length: n }, (_, i) => i)

/** What `pulse-lab run` writes for the sweep. */
function sweepCliOutput(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-e2e-'))
  try {
    writeFileSync(join(dir, 'batch.json'), BATCH_TEXT)
    return cliOutput(join(dir, 'batch.json'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// the browser process Playwright started for this profile (the one without --type=, which its helpers carry): found by
// its own, fresh profile directory, so nothing else is touched
function browserPid(userDataDir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let args: string[]
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue
    }
    if (args.includes(`--user-data-dir=${userDataDir}`) && !args.some((arg) => arg.startsWith('--type='))) return Number(entry)
  }
  throw new Error(`no browser process runs the profile ${userDataDir}`)
}

test('the tab is closed mid-batch, then the browser is killed mid-Resume: each time the batch shows as interrupted with every committed run, and Resume completes exactly N records', async ({ baseURL }) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pulse-profile-'))
  const launch = () => chromium.launchPersistentContext(userDataDir, {
    ...chromiumLaunch, baseURL, acceptDownloads: true,
  })
  /**
   * Reopens the batch in a fresh browser on the same profile: it shows as interrupted with its committed runs, all
   * readable, and at least the `before` it had (more than that if `grew`).
   */
  const reopen = async (id: string, before: number, { grew }: { grew: boolean }) => {
    const context = await launch()
    const page = context.pages()[0] ?? await context.newPage()
    await watchCsp(page)
    await page.goto(`/#/batch/${id}`)
    await expect(page.getByTestId('status-badge').first()).toHaveText('interrupted')
    // what was committed before is there; runs in flight or not yet committed are pending
    if (grew) await expect.poll(() => done(page)).toBeGreaterThan(before)
    else expect(await done(page)).toBeGreaterThanOrEqual(before)
    const kept = await done(page)
    expect(kept).toBeLessThan(N)
    const stored = indicesOf(await downloadLines(page))
    expect(stored).toHaveLength(kept)
    expect(new Set(stored).size).toBe(kept)
    return { context, page, kept }
  }
  try {
    // 1. the tab (and its browser) is closed while runs are being stored
    const first = await launch()
    const page = first.pages()[0] ?? await first.newPage()
    const id = await runBatch(page)
    await waitForDone(page, 20)
    expect(await done(page)).toBeLessThan(N)
    await first.close()

    // 2. Resume, and mid-way the whole browser dies: no unload, no goodbye, as in a crash or a power cut
    const second = await reopen(id, 0, { grew: true })
    await second.page.getByTestId('start').click()
    await waitForDone(second.page, second.kept + 20)
    expect(await done(second.page)).toBeLessThan(N)
    process.kill(browserPid(userDataDir), 'SIGKILL')
    await second.context.close().catch(() => {})

    // 3. Resume runs exactly the rest: every run once, and the same bytes as the CLI. The kill may come before the
    // resumed batch's first commit (the done count is the workers', ahead of storage): no run may be lost, none need be new
    const third = await reopen(id, second.kept, { grew: false })
    await third.page.getByTestId('start').click()
    await waitForDone(third.page, N, { exactly: true })
    await waitForStatus(third.page, 'done')
    const lines = await downloadLines(third.page)
    expect(indicesOf(lines)).toEqual(allIndices(N))
    expect(`${lines.join('\n')}\n`).toBe(sweepCliOutput())
    expect(await cspViolations(third.page)).toEqual([])
    await third.context.close()
  } finally {
    rmSync(userDataDir, { recursive: true, force: true })
  }
})

test('the disk fills mid-batch: the batch pauses saying so, every stored run kept; with room again Resume completes exactly N', async ({ page }) => {
  // The disk is played by IndexedDB itself, in the storage worker that commits the runs: after room for 2 commits of
  // runs (a commit stores the runs finished in the last quarter second, in pages), every commit that stores runs is
  // refused with a QuotaExceededError, as a full disk does, until the test makes room. The worker's script is served
  // with the fake disk in front of it, so it is in place before the first commit. (CDP's Storage.overrideQuotaForOrigin
  // was tried first: Chromium 156 keeps the quota it read when the database opened, and with a quota small enough to
  // stop a 300-run batch it refused the new database's first write too, so the batch never started.)
  const fakeDisk = () => {
    const disk = ((globalThis as unknown as { __disk: { room: number; full: boolean } }).__disk = { room: 2, full: true })
    const commits = new WeakSet<IDBTransaction>()
    for (const verb of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[verb]
      IDBObjectStore.prototype[verb] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (disk.full && this.name === 'pages') {
          if (!commits.has(this.transaction)) {
            commits.add(this.transaction)
            disk.room--
          }
          if (disk.room < 0) throw new DOMException('the quota has been exceeded', 'QuotaExceededError')
        }
        return original.apply(this, args)
      }
    }
  }
  await page.route('**/storage.worker-*.js', async (route) => {
    const response = await route.fetch()
    await route.fulfill({ response, body: `(${fakeDisk.toString()})();\n${await response.text()}` })
  })
  await watchCsp(page)
  await runBatch(page)
  await waitForStatus(page, 'paused')
  await expect(page.getByTestId('progress-message')).toHaveText(
    'the browser has no storage space left for this site: export or delete some batches and try again; the batch was paused and every stored run kept',
  )
  const kept = await done(page)
  expect(kept).toBeGreaterThan(0)
  expect(kept).toBeLessThan(N)
  // the bar is drawn as far as the stored runs go
  await expect.poll(() => drawnDoneShare(page)).toBeCloseTo(kept / N, 2)
  // the stored runs are whole and readable: as many lines as the count, each a valid record, no index twice
  const stored = indicesOf(await downloadLines(page))
  expect(stored).toHaveLength(kept)
  expect(new Set(stored).size).toBe(kept)

  // room again
  const storage = page.workers().find((worker) => worker.url().includes('storage.worker'))
  if (!storage) throw new Error('no storage worker')
  await storage.evaluate(() => ((globalThis as unknown as { __disk: { full: boolean } }).__disk.full = false))

  await page.getByTestId('start').click()
  await waitForDone(page, N, { exactly: true })
  await waitForStatus(page, 'done')
  await expect(page.getByTestId('progress-message')).toHaveCount(0)
  expect(indicesOf(await downloadLines(page))).toEqual(allIndices(N))
  expect(await cspViolations(page)).toEqual([])
})

test('a batch the browser clearly has no room for is refused before it starts, naming the numbers', async ({ page }) => {
  // Chromium reports usage + 10 GiB whatever the real quota (see above): play a browser that reports a nearly full one
  await page.addInitScript(() => {
    StorageManager.prototype.estimate = async () => ({ usage: 9 * 1024 * 1024, quota: 10 * 1024 * 1024 })
  })
  await runBatch(page)
  await expect(page.getByTestId('notice').locator('span')).toHaveText(
    'this batch needs about 1.2 MB of storage for its 300 runs still to run (about 4 kB each), but the browser lets this site ' +
      'store only 1 MB more (9 MB used of 10 MB): export and delete some batches, or free space on the device, and try again',
  )
  await expect(page.getByTestId('status-badge').first()).toHaveText('draft')
  expect(await done(page)).toBe(0)
  await expect(page.getByTestId('start')).toBeEnabled()
})

test('a hostile share link: names and notes full of markup show as text, and nothing runs', async ({ page, baseURL }) => {
  const img = '<img src=x onerror="window.__pwned=1">'
  const script = '<script>window.__pwned=1</script>'
  const svg = '"><svg onload=window.__pwned=1>'
  const batch = {
    name: img,
    notes: `${script}\n${img}`,
    configs: [
      { name: img, notes: script, turns: 3, variables: { [img]: 0.5 } },
      { name: svg, turns: 2 },
    ],
  }
  const encoded = await encodeShareText(JSON.stringify(batch, null, 2))
  if (!encoded.ok) throw new Error(encoded.message)
  const consoleProblems = watchConsole(page)
  await watchCsp(page)
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.goto(shareUrl(new URL('/', baseURL), encoded.value, { name: svg }))
  await expect(page.getByTestId('check-summary')).toContainText('2 runs')
  await expect(page.getByTestId('batch-name')).toHaveValue(svg)
  await page.getByTestId('run-batch').click()
  await page.waitForURL(/#\/batch\//)
  await waitForDone(page, 2, { exactly: true })
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(svg)
  await expect(page.locator('.notes')).toHaveText(`${script}\n${img}`)

  await page.getByRole('link', { name: 'Run 0: details' }).click()
  await expect(page.getByTestId('digest')).toContainText('Strategos Digest')
  await expect(page.getByTestId('run-config')).toContainText(`"name": ${JSON.stringify(img)}`)
  await expect(page.getByTestId('run-config')).toContainText(`"notes": ${JSON.stringify(script)}`)
  await expect(page.locator('main')).toContainText(img)

  await page.getByTestId('nav-library').click()
  await expect(page.getByTestId('batch-link').filter({ hasText: svg })).toBeVisible()

  // nothing became markup, nothing ran
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
  expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0)
  expect(dialogs).toEqual([])
  expect(await cspViolations(page)).toEqual([])
  expect(consoleProblems).toEqual([])
})

test('the same batch in two tabs: the second shows it running there; when both press Resume only one runs it, the other says why, and no run is stored twice', async ({ page, context }) => {
  await watchCsp(context)
  const refusal = 'this batch is running in another tab: pause it there, or wait for it to finish'
  const id = await runBatch(page, LONG_BATCH_TEXT, LONG_N)
  await waitForDone(page, 20)

  // a second tab opened on the running batch knows another tab runs it: not "interrupted", no Resume
  const other = await context.newPage()
  await other.goto(`/#/batch/${id}`)
  await expect(other.getByTestId('status-badge').first()).toHaveText('running in another tab')
  await expect(other.getByTestId('start')).toBeDisabled()
  await expect(other.getByText(refusal)).toBeVisible()
  // and follows its progress
  const seen = await done(other)
  await expect.poll(() => done(other), SLOW).toBeGreaterThan(seen)

  await page.getByTestId('pause').click()
  await waitForStatus(page, 'paused')
  await expect(other.getByTestId('status-badge').first()).toHaveText('paused')
  await expect(other.getByTestId('start')).toBeEnabled()

  // both press Resume at once (dispatched clicks: no actionability wait to let one tab see the other start first)
  const tabs = [page, other]
  await Promise.all(tabs.map((tab) => tab.getByTestId('start').dispatchEvent('click')))

  // exactly one tab was refused, with the reason, and runs nothing of its own
  await expect.poll(async () => {
    const notices = await Promise.all(tabs.map((tab) => tab.getByTestId('notice').filter({ hasText: refusal }).count()))
    return notices.join(',')
  }, SLOW).toMatch(/^(1,0|0,1)$/)
  const refused = (await page.getByTestId('notice').filter({ hasText: refusal }).count()) === 1 ? page : other
  const runner = refused === page ? other : page
  await expect(refused.getByTestId('active-run')).toHaveCount(0)
  await expect(refused.getByTestId('status-badge').first()).toHaveText('running in another tab')

  // the runner goes on; paused again, both tabs show the same stored runs, none of them twice
  const resumed = await done(runner)
  await waitForDone(runner, resumed + 20)
  await runner.getByTestId('pause').click()
  await waitForStatus(runner, 'paused')
  // the refused tab sees the pause without a reload, and the runs stored by then
  await waitForStatus(refused, 'paused')
  const stored = await done(runner)
  expect(stored).toBeLessThan(LONG_N)
  await expect(progress(refused)).toHaveAttribute('data-done', String(stored))
  const indices = indicesOf(await downloadLines(refused))
  expect(indices).toHaveLength(stored)
  expect(new Set(indices).size).toBe(stored)
  for (const tab of tabs) expect(await cspViolations(tab)).toEqual([])
})
