import { expect, test } from '@playwright/test'

test('the built app loads with its title and no console errors', async ({ page }) => {
  const problems: string[] = []
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text()) })
  page.on('pageerror', (err) => problems.push(err.message))
  await page.goto('/')
  await expect(page).toHaveTitle(/Pulse Lab/)
  await expect(page.getByRole('banner')).toContainText('Pulse Lab')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New batch')
  expect(problems).toEqual([])
})
