// scratch: trace a batch in the batch view and break down the long main-thread tasks
import { chromium } from '@playwright/test'
import { writeFileSync } from 'node:fs'
const base = 'http://127.0.0.1:4194'
const RUNS = Number(process.argv[2] ?? 30000)
const [a, b] = [150, RUNS / 150]
const text = JSON.stringify({ seed: 1, defaults: { turns: 12 }, design: { kind: 'grid', factors: { 'state_overrides.hope': { linspace: { from: 0, to: 1, n: a } }, 'state_overrides.despair': { linspace: { from: 0, to: 1, n: b } } } } })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] })
const page = await browser.newPage()
await page.goto(`${base}/#/new`)
await page.getByTestId('file-input').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(text) })
await page.waitForFunction(() => !(document.querySelector('[data-testid=run-batch]') as HTMLButtonElement).disabled)
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'disabled-by-default-v8.cpu_profiler'] })
await page.getByTestId('run-batch').click()
await page.waitForFunction(() => document.querySelector('[data-testid=status-badge]')?.textContent?.trim() === 'done', null, { polling: 200, timeout: 300000 })
const buf = await browser.stopTracing()
await browser.close()
const { traceEvents } = JSON.parse(buf.toString()) as { traceEvents: any[] }
// the renderer main thread: CrRendererMain
const names = new Map<string, string>()
for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name)
const main = traceEvents.filter((e) => names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X')
const tasks = main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').filter((e) => e.dur > 50000)
console.log('long tasks', tasks.length)
for (const t of tasks.sort((x, y) => y.dur - x.dur).slice(0, 12)) {
  const inside = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 3000)
  const top = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur))
  console.log(`task ${(t.dur / 1000).toFixed(0)} ms:`, top.map((e) => `${e.name}${e.args?.data?.functionName ? '(' + e.args.data.functionName + ')' : ''}${e.args?.data?.url ? '[' + String(e.args.data.url).split('/').pop() + ':' + e.args.data.lineNumber + ']' : ''} ${(e.dur / 1000).toFixed(0)}`).join(', '))
  for (const f of inside.filter((e) => e.name === 'FunctionCall' && e.dur > 20000)) console.log('    FunctionCall', JSON.stringify(f.args?.data), (f.dur / 1000).toFixed(0))
  const kids = inside.filter((e) => e.dur > 5000).sort((x, y) => y.dur - x.dur).slice(0, 12)
  console.log('   ', kids.map((e) => `${e.name}${e.args?.data?.functionName ? '(' + e.args.data.functionName + ')' : ''} ${(e.dur / 1000).toFixed(0)}`).join(' | '))
}
writeFileSync('/tmp/trace.json', buf)
