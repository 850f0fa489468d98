import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { RunRecord } from '../../src/schema/run-record'
import { cliOutput, downloadJsonl, drawnDoneShare, progress, watchConsole } from './support'

// The lab as a user drives it: the built app (vite preview) in Debian's Chromium.
const SHOTS = 'test-results/screenshots'
const ROOT = join(import.meta.dirname, '../..')

async function loadExample(page: Page, file: string, runs: string) {
  await page.getByTestId('example-select').selectOption(file)
  // the file's own text, not just its run count: the default example has as many runs as some others
  await expect(page.getByTestId('batch-text')).toHaveValue(readFileSync(join(ROOT, 'public/examples', file), 'utf8'))
  await expect(page.getByTestId('check-summary')).toContainText(`${runs} runs`)
}

const counts = async (page: Page) => ({
  done: Number(await progress(page).getAttribute('data-done')),
  failed: Number(await progress(page).getAttribute('data-failed')),
  total: Number(await progress(page).getAttribute('data-total')),
})

// what the CLI writes for an example, with one worker thread
const exampleCliOutput = (example: string, seed?: number) =>
  cliOutput(join(ROOT, 'public/examples', example), ['--workers', '1', ...(seed === undefined ? [] : ['--seed', String(seed)])])

test('load an example, run it to the end, and download JSONL identical to the CLI’s, every line a valid record', async ({ page }) => {
  const consoleProblems = watchConsole(page)
  await page.goto('/')
  await page.screenshot({ path: `${SHOTS}/editor.png`, fullPage: true })
  await loadExample(page, 'hope-despair-grid.json', '100')
  await page.getByTestId('batch-seed').fill('77')
  await page.getByTestId('run-batch').click()
  await page.waitForURL(/#\/batch\//)
  await expect(progress(page)).toHaveAttribute('data-done', '100', { timeout: 180_000 })
  await expect(page.getByTestId('status-badge').first()).toHaveText('done')
  // the bar is drawn full, not just labelled so
  await expect.poll(() => drawnDoneShare(page)).toBeCloseTo(1, 2)
  // the large sections a running batch redraws are drawn only near the viewport; the progress panel always
  const contentVisibility = (heading: string) => page.locator(`section[aria-labelledby="${heading}"]`).evaluate((el) => getComputedStyle(el).contentVisibility)
  expect(await Promise.all(['progress-heading', 'charts-heading', 'runs-heading'].map(contentVisibility))).toEqual(['visible', 'auto', 'auto'])
  await expect(page.getByTestId('run-row').first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/batch.png`, fullPage: true })

  const jsonl = await downloadJsonl(page)
  const lines = jsonl.trimEnd().split('\n')
  expect(lines).toHaveLength(100)
  lines.forEach((line, i) => expect(RunRecord.parse(JSON.parse(line)).batch_index).toBe(i))
  expect(jsonl).toBe(exampleCliOutput('hope-despair-grid.json', 77))

  // a run's detail: per-turn charts, the digest as text
  await page.getByRole('link', { name: 'Run 3: details' }).click()
  await expect(page.getByTestId('digest')).toContainText('Strategos Digest')
  // a run's sections are small: drawn at once, so the page's height is their own
  expect(await contentVisibility('digest-heading')).toBe('visible')
  await page.screenshot({ path: `${SHOTS}/run.png`, fullPage: true })
  expect(consoleProblems).toEqual([])
})

test('reload mid-batch: the batch shows as interrupted, and Resume completes exactly N records', async ({ page }) => {
  await page.goto('/')
  await loadExample(page, 'large-sweep.json', '2,000')
  await page.getByTestId('run-batch').click()
  await page.waitForURL(/#\/batch\//)
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress-bar]')?.getAttribute('data-done')) > 500)
  // nothing animates while a batch runs: an endless pulse or a gliding bar kept the compositor drawing 60 frames a
  // second on the cores the engine workers need
  expect(await page.evaluate(() => document.getAnimations().map((animation) => animation.constructor.name))).toEqual([])
  await page.reload()
  await expect(page.getByTestId('status-badge').first()).toHaveText('interrupted')
  // what was committed before the reload is still there (runs in flight or not yet committed are pending)
  await expect.poll(async () => (await counts(page)).done).toBeGreaterThan(0)
  const before = await counts(page)
  expect(before.done).toBeLessThan(2000)
  await page.getByTestId('start').click()
  await expect(progress(page)).toHaveAttribute('data-done', '2000', { timeout: 180_000 })
  await expect(page.getByTestId('status-badge').first()).toHaveText('done', { timeout: 30_000 })
  const lines = (await downloadJsonl(page)).trimEnd().split('\n')
  expect(lines).toHaveLength(2000)
  expect(lines.map((l) => (JSON.parse(l) as { batch_index: number }).batch_index)).toEqual(Array.from({ length: 2000 }, (_, i) => i))
})

test('retry failed reruns only the failed run and keeps exactly N records', async ({ page }) => {
  await page.goto('/')
  await loadExample(page, 'failing-config.json', '6')
  await page.getByTestId('run-batch').click()
  await expect(progress(page)).toHaveAttribute('data-failed', '1', { timeout: 180_000 })
  await expect(page.getByTestId('status-badge').first()).toHaveText('done')
  await expect(page.getByTestId('run-error')).toContainText('turn:')
  // watch the failed count: the retry deletes the failed run (0) and runs it again (1)
  await page.evaluate(() => {
    const bar = document.querySelector('[data-testid=progress-bar]')!
    const seen: string[] = ((window as unknown as { failedSeen: string[] }).failedSeen = [])
    new MutationObserver(() => seen.push(bar.getAttribute('data-failed') ?? '')).observe(bar, { attributes: true, attributeFilter: ['data-failed'] })
  })
  await page.getByTestId('retry-failed').click()
  await expect.poll(() => page.evaluate(() => (window as unknown as { failedSeen: string[] }).failedSeen.join(','))).toMatch(/^0,1(,0,1)*$/)
  await expect(page.getByTestId('status-badge').first()).toHaveText('done')
  expect(await counts(page)).toEqual({ done: 5, failed: 1, total: 6 })
  expect((await downloadJsonl(page)).trimEnd().split('\n')).toHaveLength(6)
})

test('a bad config shows its named error next to the editor', async ({ page }) => {
  await page.goto('/')
  await page.getByTestId('batch-text').fill('[{"turns": 3}, {"turns": 0, "state_overrides": {"hop": 0.4}}]')
  await expect(page.locator('[data-problem="config 1: turns: must be at least 1"]')).toBeVisible()
  await expect(page.locator('[data-problem="config 1: state_overrides.hop: unknown key (did you mean \\"hope\\"?)"]')).toBeVisible()
  await expect(page.getByTestId('run-batch')).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/editor-invalid.png`, fullPage: true })
})

test('every file of the bad-input corpus gets its expected message in the editor', async ({ page }) => {
  const dir = join(ROOT, 'tests/fixtures/bad')
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, string[]>
  await page.goto('/')
  for (const name of readdirSync(dir).filter((f) => f !== 'expected.json')) {
    await page.getByTestId('file-input').setInputFiles(join(dir, name))
    const shown = page.locator('[data-testid=problem-list], [data-testid=load-error]')
    for (const message of expected[name]) {
      await expect.poll(async () => {
        const attrs = await page.locator('[data-problem]').evaluateAll((els) => els.map((el) => el.getAttribute('data-problem')).join('\n'))
        return `${attrs}\n${(await shown.allTextContents()).join('\n')}`
      }, { message: `${name}: ${message}` }).toContain(message)
    }
  }
})

test('share link round trip: the link opens the same batch and seed in the editor, never running it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto('/')
  await loadExample(page, 'gravity-observations.json', '2')
  const text = await page.getByTestId('batch-text').inputValue()
  await page.getByTestId('batch-seed').fill('123')
  await page.getByTestId('share-link').click()
  const url = await page.getByTestId('share-url').inputValue()
  expect(url).toContain('?config=')
  const other = await context.newPage()
  await other.goto(url)
  await expect(other.getByTestId('check-summary')).toContainText('2 runs')
  expect(await other.getByTestId('batch-text').inputValue()).toBe(text)
  expect(await other.getByTestId('batch-seed').inputValue()).toBe('123')
  expect(other.url()).not.toContain('#/batch/')
})

test('offline after the first visit: reload and run a batch with no network', async ({ page, context }) => {
  await page.goto('/')
  // the service worker precaches the app on the first visit; wait until it controls the page
  await page.evaluate(async () => { await navigator.serviceWorker.ready })
  await page.reload()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await context.setOffline(true)
  await page.reload()
  await loadExample(page, 'reference-samples.json', '2')
  await page.getByTestId('run-batch').click()
  await expect(progress(page)).toHaveAttribute('data-done', '2', { timeout: 180_000 })
  await expect(page.getByTestId('status-badge').first()).toHaveText('done')
  await context.setOffline(false)
})

test('library: list, filter, rename, duplicate, delete with confirmation; narrow screen', async ({ page }) => {
  await page.goto('/')
  await loadExample(page, 'reference-samples.json', '2')
  await page.getByTestId('batch-name').fill('Alpha samples')
  await page.getByTestId('save-draft').click()
  await page.getByTestId('nav-library').click()
  await expect(page.getByTestId('batch-row')).toHaveCount(1)
  await page.getByTestId('duplicate').first().click()
  await expect(page.getByTestId('batch-row')).toHaveCount(2)
  await page.getByTestId('rename').first().click()
  await page.getByTestId('rename-input').fill('Beta renamed')
  await page.getByTestId('rename-confirm').click()
  await expect(page.getByTestId('batch-link').filter({ hasText: 'Beta renamed' })).toBeVisible()
  await page.getByTestId('library-filter').fill('beta')
  await expect(page.getByTestId('batch-row')).toHaveCount(1)
  await page.getByTestId('library-filter').fill('')
  await page.screenshot({ path: `${SHOTS}/library.png`, fullPage: true })
  await page.getByTestId('delete').first().click()
  await page.getByTestId('delete-confirm').click()
  await expect(page.getByTestId('batch-row')).toHaveCount(1)
  await page.setViewportSize({ width: 390, height: 844 })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await page.screenshot({ path: `${SHOTS}/library-390.png`, fullPage: true })
})
