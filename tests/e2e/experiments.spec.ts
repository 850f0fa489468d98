import { expect, test, type Page } from '@playwright/test'
import { progress, watchConsole } from './support'

// Experiment design end to end: the Sweep panel builds designs, the batch view plots sweeps and heatmaps and
// computes sensitivity indices, the compare view sets two batches (or two groups) side by side, and a stored run
// replays byte-identical.
const SHOTS = 'test-results/screenshots'


async function openSweepPanel(page: Page) {
  await page.goto('/')
  await page.getByTestId('clear-editor').click()
  await page.getByTestId('sweep-toggle').click()
  await expect(page.getByTestId('sweep-kind')).toBeVisible()
}

async function runBatch(page: Page, name: string, seed: number, runs: number) {
  await page.getByTestId('batch-name').fill(name)
  await page.getByTestId('batch-seed').fill(String(seed))
  await expect(page.getByTestId('check-summary')).toContainText(`${runs} runs`)
  await page.getByTestId('run-batch').click()
  await page.waitForURL(/#\/batch\//)
  await expect(progress(page)).toHaveAttribute('data-done', String(runs), { timeout: 60_000 })
  await expect(page.getByTestId('status-badge').first()).toHaveText('done', { timeout: 30_000 })
}

/** Full-page screenshots at desktop and phone widths. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })
}

test('build a 2-factor grid with replications in the Sweep panel, run it, read its sweep plot and heatmap, compare seeds and groups, replay a run', async ({ page }) => {
  const consoleProblems = watchConsole(page)
  await openSweepPanel(page)

  // 3 hope levels × 2 despair levels, 3 replicates each, with shocks so that replicates differ
  await expect(page.getByTestId('factor-path-0')).toHaveValue('state_overrides.hope')
  await page.getByTestId('factor-values-0').fill('0.2, 0.5, 0.8')
  await page.getByTestId('factor-path-1').selectOption('state_overrides.despair')
  await page.getByTestId('factor-values-1').fill('0.1 0.9')
  await page.getByTestId('sweep-replications').fill('3')
  await page.getByTestId('sweep-shocks').fill('0.05')
  await expect(page.getByTestId('sweep-count')).toHaveText('6 points × 3 replications = 18 runs')

  // a bad level is named next to its input, and nothing is written
  await page.getByTestId('factor-values-1').fill('0.1, 1.9')
  await expect(page.getByTestId('factor-row').nth(1)).toContainText('must be between 0 and 1')
  await expect(page.getByTestId('sweep-apply')).toBeDisabled()
  await page.getByTestId('factor-values-1').fill('0.1, 0.9')

  await page.getByTestId('sweep-apply').click()
  await expect(page.getByTestId('check-summary')).toContainText('Valid: 18 runs')
  const text = JSON.parse(await page.getByTestId('batch-text').inputValue()) as { design: unknown; defaults: unknown }
  expect(text.design).toEqual({
    kind: 'grid',
    factors: { 'state_overrides.hope': { values: [0.2, 0.5, 0.8] }, 'state_overrides.despair': { values: [0.1, 0.9] } },
    replications: 3,
  })
  expect(text.defaults).toEqual({ turns: 10, shocks: { overlays: 0.05 } })
  await shoot(page, 'sweep-panel')

  await runBatch(page, 'Grid seed 1', 1, 18)
  const firstBatch = page.url()

  // the sweep plot: forecast value against hope, one row per hope level in its data table
  await expect(page.getByTestId('sweep-chart')).toBeVisible()
  await expect(page.getByTestId('experiment')).toContainText('18 stored runs over 6 points × 3 replications')
  await page.getByText('Data table').click()
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(3)
  await expect(page.getByTestId('sweep-table').locator('tbody tr').first()).toContainText('6')
  // lines by despair: two series, each level pooling 3 replicates
  await page.getByTestId('sweep-split').selectOption('state_overrides.despair')
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(6)
  await expect(page.getByTestId('sweep-table').locator('thead th')).toHaveText(['despair', 'hope', 'runs', 'mean', 'sd', 'min', 'max'])

  // the heatmap: 2 rows (despair) × 3 columns (hope), a mean in every cell, for another output too
  await expect(page.getByTestId('heat-cell')).toHaveCount(6)
  await page.getByTestId('experiment-output').selectOption('final_overlays.hope')
  await expect(page.getByTestId('heatmap')).toContainText('Mean final hope')
  await expect(page.getByTestId('heat-cell')).toHaveCount(6)
  await shoot(page, 'sweep-batch')

  // the final overlays' bands in numbers, for screen readers
  await expect(page.getByRole('table', { name: 'Final overlay percentiles' }).locator('tbody tr')).toHaveCount(5)

  // replay a stored run: recomputed byte-identical
  await page.getByRole('link', { name: 'Run 4: details' }).click()
  await page.getByTestId('replay-run').click()
  await expect(page.getByTestId('replay-verdict')).toHaveText('identical', { timeout: 30_000 })
  await shoot(page, 'replay')

  // the same grid with another seed, to compare
  await page.goto(firstBatch)
  await page.getByTestId('edit-batch').click()
  await page.waitForURL(/#\/(new|edit)/)
  await runBatch(page, 'Grid seed 2', 2, 18)

  await page.getByTestId('compare-with').selectOption({ label: 'Grid seed 1 · seed 1 · 18 runs' })
  await page.getByTestId('compare-go').click()
  await page.waitForURL(/#\/compare\//)
  await expect(page.getByTestId('compare-title')).toHaveText('Compare: Grid seed 2 vs Grid seed 1')
  await expect(page.getByTestId('compare-row')).toHaveCount(8)
  const forecastRow = page.locator('[data-testid=compare-row][data-output=forecast_value]')
  await expect(forecastRow.locator('td').nth(5)).toHaveText('18')
  await expect(forecastRow.locator('td').nth(6)).toHaveText('18')
  await expect(forecastRow).toContainText('…')
  await expect(page.getByTestId('compare-hist-forecast_value')).toBeVisible()
  await expect(page.getByTestId('compare-hist-confidence')).toBeVisible()
  await expect(page.getByTestId('compare-bands-a')).toBeVisible()
  await expect(page.getByTestId('compare-bands-b')).toBeVisible()
  // each side's bands in numbers too, for screen readers: a row per overlay
  const bandTables = page.getByRole('table', { name: /^Final overlay percentiles, / })
  await expect(bandTables).toHaveCount(2)
  await expect(bandTables.nth(1).locator('tbody tr')).toHaveCount(5)
  await shoot(page, 'compare-batches')

  // two groups of one sweep: hope 0.2 against hope 0.8, 6 runs each
  await page.goto(firstBatch)
  await page.getByTestId('group-factor').selectOption('state_overrides.hope')
  await page.getByTestId('group-a').selectOption({ label: '0.2' })
  await page.getByTestId('group-b').selectOption({ label: '0.8' })
  await page.getByTestId('group-go').click()
  await expect(page.getByTestId('compare-title')).toHaveText('Compare: state_overrides.hope 0.2 vs 0.8')
  await expect(page.getByTestId('compare-side-a')).toContainText('6 runs')
  await expect(page.getByTestId('compare-side-b')).toContainText('6 runs')
  // final hope differs between starting hope 0.2 and 0.8: the interval leaves out 0
  const hopeRow = page.locator('[data-testid=compare-row][data-output="final_overlays.hope"]')
  await expect(hopeRow).toContainText('●')
  await shoot(page, 'compare-groups')
  expect(consoleProblems).toEqual([])
})

test('a morris design built in the Sweep panel shows Morris indices with bootstrap intervals; a saltelli design Sobol’ indices', async ({ page }) => {
  const consoleProblems = watchConsole(page)
  await openSweepPanel(page)
  await page.getByTestId('sweep-kind').selectOption('morris')
  await page.getByTestId('factor-spec-0').selectOption('uniform')
  await page.getByTestId('factor-spec-1').selectOption('uniform')
  await page.getByTestId('sweep-add-factor').click()
  await page.getByTestId('factor-path-2').selectOption('decay_rate')
  await page.getByTestId('factor-from-2').fill('0')
  await page.getByTestId('factor-to-2').fill('0.2')
  await page.getByTestId('sweep-r').fill('6')
  await expect(page.getByTestId('sweep-count')).toHaveText('24 points × 1 replication = 24 runs')
  await page.getByTestId('sweep-apply').click()
  await runBatch(page, 'Morris screening', 5, 24)

  await expect(page.getByTestId('sensitivity')).toContainText('Morris')
  await page.getByTestId('sensitivity-compute').click()
  await expect(page.getByTestId('sensitivity-row')).toHaveCount(3)
  await expect(page.getByTestId('sensitivity-table')).toContainText('μ*')
  await expect(page.getByTestId('sensitivity-chart')).toBeVisible()
  await expect(page.getByTestId('sensitivity')).toContainText('from 6 trajectories')
  await shoot(page, 'sensitivity-morris')

  // Saltelli: n(d + 2) runs, S1 and ST per factor
  // the editor opens on the batch's design, in the Sweep panel too
  await page.getByTestId('edit-batch').click()
  await expect(page.getByTestId('sweep-kind')).toHaveValue('morris')
  await page.getByTestId('sweep-kind').selectOption('saltelli')
  await page.getByTestId('sweep-n').fill('16')
  await expect(page.getByTestId('sweep-count')).toHaveText('80 points × 1 replication = 80 runs')
  await page.getByTestId('sweep-apply').click()
  await runBatch(page, 'Sobol indices', 5, 80)
  await page.getByTestId('experiment-output').selectOption('final_overlays.hope')
  await page.getByTestId('sensitivity-compute').click()
  await expect(page.getByTestId('sensitivity-row')).toHaveCount(3)
  await expect(page.getByTestId('sensitivity-table')).toContainText('ST 95% CI')
  await shoot(page, 'sensitivity-sobol')
  expect(consoleProblems).toEqual([])
})
