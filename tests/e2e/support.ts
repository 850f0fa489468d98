import type { Page } from '@playwright/test'

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
