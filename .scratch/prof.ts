import { chromium } from '@playwright/test'
const base = 'http://127.0.0.1:4194'
const RUNS = Number(process.argv[2] ?? 30000)
const [a, b] = [150, RUNS / 150]
const text = JSON.stringify({ seed: 1, defaults: { turns: 12 }, design: { kind: 'grid', factors: { 'state_overrides.hope': { linspace: { from: 0, to: 1, n: a } }, 'state_overrides.despair': { linspace: { from: 0, to: 1, n: b } } } } })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] })
const page = await browser.newPage()
await page.goto(`${base}/#/new`)
await page.getByTestId('file-input').setInputFiles({ name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(text) })
await page.waitForFunction(() => !(document.querySelector('[data-testid=run-batch]') as HTMLButtonElement).disabled)
const cdp = await page.context().newCDPSession(page)
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 500 }); await cdp.send('Profiler.start')
await page.getByTestId('run-batch').click()
await page.waitForFunction(() => document.querySelector('[data-testid=status-badge]')?.textContent?.trim() === 'done', null, { polling: 200, timeout: 300000 })
const { profile } = await cdp.send('Profiler.stop') as any
await browser.close()
const nodes = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const label = (n: any) => `${n.callFrame.functionName || '(anon)'} ${String(n.callFrame.url).split('/').pop()}:${n.callFrame.lineNumber}`
// busy windows: consecutive non-idle samples
let t = profile.startTime
const samples = profile.samples.map((id: number, i: number) => { t += profile.timeDeltas[i]; return { id, t } })
const idle = (id: number) => { const n = nodes.get(id); return n.callFrame.functionName === '(idle)' }
const windows: { from: number; to: number; ids: number[] }[] = []
let cur: any = null
for (const s of samples) {
  if (idle(s.id)) { if (cur) { windows.push(cur); cur = null } continue }
  if (!cur) cur = { from: s.t, to: s.t, ids: [] }
  cur.to = s.t; cur.ids.push(s.id)
}
const long = windows.filter((w) => w.to - w.from > 50000).sort((x, y) => (y.to - y.from) - (x.to - x.from))
console.log('busy windows > 50 ms:', long.length)
for (const w of long.slice(0, 6)) {
  const incl = new Map<string, number>()
  for (const id of w.ids) {
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) { const l = label(nodes.get(n)); if (!seen.has(l)) { seen.add(l); incl.set(l, (incl.get(l) ?? 0) + 1) } }
  }
  console.log(`window ${((w.to - w.from) / 1000).toFixed(0)} ms, ${w.ids.length} samples`)
  for (const [l, c] of [...incl].sort((x, y) => y[1] - x[1]).slice(0, 28)) console.log(`   ${(100 * c / w.ids.length).toFixed(0)}% ${l}`)
}
