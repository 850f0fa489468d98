import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'

const ROOT = join(import.meta.dirname, '../..')

/** Collects the page's console errors and warnings and its uncaught errors, for a test to expect none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`) })
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  return problems
}

/** The batch view's progress bar, whose data-done / data-failed / data-total attributes the tests read. */
export const progress = (page: Page) => page.getByTestId('progress-bar')

/** The share of the progress bar its green "done" fill covers as drawn (the fill is scaled, so its box says it). */
export async function drawnDoneShare(page: Page): Promise<number> {
  const bar = await progress(page).boundingBox()
  const fill = await progress(page).locator('.done').boundingBox()
  if (!bar || !fill) throw new Error('the progress bar is not drawn')
  return fill.width / bar.width
}

/** Clicks the batch view's "Download JSONL" and gives the downloaded file's text. */
export async function downloadJsonl(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-jsonl').click()])
  return readFileSync(await download.path(), 'utf8')
}

/** What `pulse-lab run` writes for a batch file (`args`: more flags, such as `--seed 7`). */
export function cliOutput(configPath: string, args: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-e2e-'))
  try {
    const out = join(dir, 'out.jsonl')
    execFileSync(process.execPath, [join(ROOT, 'bin/pulse-lab.mjs'), 'run', '--config', configPath, '--output', out, ...args], { cwd: ROOT })
    return readFileSync(out, 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
