// `npm run bench:browser`: the lab end to end in headless Chromium (issue 6). Builds the app into a directory of its
// own, serves it with `vite preview` on a port of its own, and drives the real UI: a batch of 12-turn runs is pasted
// into the editor and run on the worker pool into IndexedDB, then downloaded as JSONL. Prints one summary table and
// appends a dated row to the history table in BENCHMARKS.md.
//
//   npm run bench:browser                          100 000 runs on 2 workers (+ 2 vs 1 workers on 100 000 runs each)
//   npm run bench:browser -- --runs 1000000        the issue's target size
//   npm run bench:browser -- --speedup-runs 0      skip the 1 vs 2 workers comparison
//   npm run bench:browser -- --no-build            serve the last build of this bench (its own directory)
//   npm run bench:browser -- --no-record           print only, add no row to BENCHMARKS.md
//   npm run bench:browser -- --note "text"         a note for the history row
//   npm run bench:browser -- --port 4194           the preview server's port
//   npm run bench:browser -- --watch library       show the library while the batch runs, not the batch view (whose
//                                                  progress, table and charts then cost nothing): storage and workers alone
//   npm run bench:browser -- --profile             also profile the page's main thread during the batch: prints where
//                                                  its time went (self time by function) and writes $TMPDIR/pulse-bench-profile.cpuprofile;
//                                                  the build is then not minified, so functions keep their names
//   npm run bench:browser -- --trace               also trace the browser's tasks during the batch and print each of the
//                                                  page's main-thread tasks over 50 ms with its CPU time, and what the thread pools
//                                                  spent their CPU on: V8 compiling, V8 collecting, IndexedDB (bench/task-trace.ts)
//
// Numbers: runs/s is the batch's runs over the time from clicking Run to the last run committed (the progress bar
// at total and the status "done"); JS heap is the page's (CDP Performance.getMetrics, every 250 ms; the workers'
// heaps are their own); the longest main-thread task comes from a 'longtask' PerformanceObserver; the stored size
// (IndexedDB and OPFS line files) from navigator.storage.estimate(); export is from clicking "Download JSONL" until the file is complete.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, chromium, type ConsoleMessage, type Page } from '@playwright/test'
import { parseBatchText } from '../src/schema/batch-file'
import { chromiumLaunch } from '../tests/chromium'
import { startTaskTrace } from './task-trace'
import { browserRssMb, type CpuPerRun, cpuPerRun, mainThreadWaitMs, type ThreadCpu, threadTimes } from './browser-procs'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
// outside dist/ (the e2e suite's) and per checkout, so a bench never serves or clobbers another build
const OUT_DIR = join(tmpdir(), 'pulse-browser-bench', ROOT.replace(/\W+/g, '_'))
const HISTORY_MARKER = '<!-- browser-bench-history: npm run bench:browser adds rows above this line -->'
const TURNS = 12
// the issue's targets (issue 6), printed next to the numbers
const TARGET = { seconds1M: 120, heapMb: 300, longTaskMs: 50, export1MSeconds: 30 }

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(name)
function option(name: string): string | undefined {
  const at = args.indexOf(name)
  return at >= 0 && args[at + 1] !== undefined && !args[at + 1].startsWith('--') ? args[at + 1] : undefined
}
const RUNS = Number(option('--runs') ?? 100_000)
// 1 vs 2 workers on 100k runs (~10 s each): on 20k (the size until the tenth session) a batch lasts ~2 s, and what
// every batch costs whatever its size (its start, the first sample's views, V8 compiling again what a new batch's
// closures deoptimise) weighed a third of it, so the ratio said more about that than about two workers' throughput
const SPEEDUP_RUNS = Number(option('--speedup-runs') ?? Math.min(RUNS, 100_000))
// PW_PORT as for the e2e suite: each checkout on this machine has a port of its own
const PORT = Number(option('--port') ?? process.env.PW_PORT ?? 4194)
const NOTE = option('--note') ?? ''
const PROFILE = flag('--profile')
const TRACE = flag('--trace')
const WATCH = option('--watch') ?? 'batch'
if (WATCH !== 'batch' && WATCH !== 'library') throw new Error('--watch takes batch or library')
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(SPEEDUP_RUNS) || SPEEDUP_RUNS < 0) throw new Error('--runs and --speedup-runs take whole numbers')

/** What one batch run through the UI measured. */
interface BatchMeasure {
  runs: number
  workers: number
  batchFile: 'design' | 'configs'
  seconds: number
  runsPerSecond: number
  heapMaxMb: number
  longestTaskMs: number
  longTasks: number
  /** Seconds the page's main thread spent runnable but off every core during the batch. */
  mainWaitSeconds: number
  browserRssMaxMb: number | null
  cpu: CpuPerRun
}

interface ExportMeasure {
  seconds: number
  /** Until the download started: the app reading the pages and making the Blob. */
  prepareSeconds: number
  lines: number
  bytes: number
  inOrder: boolean
}

// ---------------------------------------------------------------------------------------------- the batch file

// two factors whose grid has exactly `runs` points, as square as the divisors allow
function gridSides(runs: number): [number, number] {
  let a = Math.floor(Math.sqrt(runs))
  while (runs % a !== 0) a--
  return [runs / a, a]
}

/** The batch file: a grid design when this build's batch files take one, else an explicit list of configs. */
function batchText(runs: number): { text: string; kind: 'design' | 'configs' } {
  const [hopes, despairs] = gridSides(runs)
  const linspace = (n: number) => ({ linspace: { from: 0, to: 1, n } })
  const design = JSON.stringify({
    seed: 1,
    defaults: { turns: TURNS },
    design: { kind: 'grid', factors: { 'state_overrides.hope': linspace(hopes), 'state_overrides.despair': linspace(despairs) } },
  })
  const parsed = parseBatchText(design)
  if (parsed.ok && (parsed.batch as { runCount?: number }).runCount === runs) return { text: design, kind: 'design' }
  const step = (n: number, i: number) => (n === 1 ? 0 : Math.round((i / (n - 1)) * 1e6) / 1e6)
  const configs = Array.from({ length: runs }, (_, i) => `{"state_overrides":{"hope":${step(hopes, i % hopes)},"despair":${step(despairs, Math.floor(i / hopes))}}}`)
  return { text: `{"seed":1,"defaults":{"turns":${TURNS}},"configs":[\n${configs.join(',\n')}\n]}`, kind: 'configs' }
}

// ---------------------------------------------------------------------------------------------- processes

function build(): void {
  console.error(`building into ${OUT_DIR} …`)
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', OUT_DIR, '--emptyOutDir', '--logLevel', 'error', ...(PROFILE ? ['--minify', 'false'] : [])], { cwd: ROOT, stdio: 'inherit' })
}

async function startPreview(): Promise<ChildProcess> {
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', OUT_DIR, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited: ${output}`)
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) return server
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  server.kill()
  throw new Error(`vite preview did not answer on port ${PORT}: ${output}`)
}

function cpuReport(cpu: ThreadCpu): string {
  return [`CPU time of the browser's threads during the batch: ${fmt(cpu.totalMs / 1000, 1)} s, ${fmt(cpu.perRun.total)} µs per run`,
    ...cpu.byName.slice(0, 12).map(({ name, ms, usPerRun }) => `  ${fmt(ms).padStart(8)} ms  ${fmt(usPerRun).padStart(6)} µs/run  ${name}`),
    `  worker threads, each: ${cpu.workerUsPerRun.map((us) => fmt(us)).join(', ')} µs/run`].join('\n')
}

// ---------------------------------------------------------------------------------------------- the page

// every main-thread task over 50 ms, from page load on; and every animation frame over 50 ms with what ran in it (the
// scripts Chromium attributes, the rendering after them), to tell which part of the page a long task was
const LONG_TASK_SCRIPT = `
  window.__longTasks = []
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]) })
    .observe({ type: 'longtask', buffered: true })
  window.__longFrames = []
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__longFrames.push({
          start: e.startTime, duration: e.duration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          scripts: e.scripts.map((s) => ({
            duration: s.duration, layout: s.forcedStyleAndLayoutDuration, invoker: s.invoker,
            where: (s.sourceFunctionName || '?') + ' ' + (s.sourceURL.split('/').pop() || '') + ':' + s.sourceCharPosition,
          })),
        })
      }
    }).observe({ type: 'long-animation-frame', buffered: true })
  }
`

/** A long animation frame as LONG_TASK_SCRIPT keeps it. */
interface LongFrame {
  start: number
  duration: number
  render: number
  scripts: { duration: number; layout: number; invoker: string; where: string }[]
}

// a frame in a line: its scripts, longest first, and the rendering after them
function describeFrame(frame: LongFrame, t0: number): string {
  const scripts = [...frame.scripts].sort((a, b) => b.duration - a.duration).slice(0, 4)
    .map((s) => `${fmt(s.duration)} ms ${s.invoker} → ${s.where}${s.layout > 1 ? ` (${fmt(s.layout)} ms forced layout)` : ''}`)
  return `  frame ${fmt(frame.duration)} ms @ ${fmt((frame.start - t0) / 1000, 1)} s: ${scripts.join('; ') || 'no script'}; rendering ${fmt(frame.render)} ms`
}

/** Saves the batch file as a draft through the editor and returns its id. */
async function saveDraft(page: Page, base: string, text: string, name: string): Promise<string> {
  await page.goto(`${base}/#/new`)
  await page.getByTestId('batch-text').fill(text)
  await page.getByTestId('batch-name').fill(name)
  const save = page.getByTestId('save-draft')
  await save.waitFor({ state: 'visible' })
  await page.waitForFunction(() => !(document.querySelector('[data-testid=save-draft]') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 })
  await save.click()
  await page.getByTestId('notice').filter({ hasText: 'as a draft' }).waitFor({ timeout: 120_000 })
  await page.goto(`${base}/#/library`)
  const row = page.getByTestId('batch-row').filter({ hasText: name })
  await row.waitFor()
  const id = await row.getAttribute('data-batch-id')
  if (!id) throw new Error('the saved draft is not in the library')
  return id
}

async function runBatch(page: Page, context: BrowserContext, base: string, profile: string, runs: number, workers: number): Promise<BatchMeasure> {
  const batch = batchText(runs)
  const name = `bench ${runs} runs on ${workers} workers ${Date.now()}`
  const id = await saveDraft(page, base, batch.text, name)
  await page.goto(`${base}/#/batch/${encodeURIComponent(id)}`)
  await page.getByTestId('worker-count').selectOption(String(workers))
  await page.waitForFunction((n) => (document.querySelector('[data-testid=worker-count]') as HTMLSelectElement | null)?.value === String(n), workers)

  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')
  let heapMax = 0
  let rssMax: number | null = null
  let sampling = true
  const sampler = (async () => {
    while (sampling && !page.isClosed()) {
      const { metrics } = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] as { name: string; value: number }[] }))
      heapMax = Math.max(heapMax, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0)
      const rss = browserRssMb(profile)
      if (rss !== null) rssMax = Math.max(rssMax ?? 0, rss)
      await new Promise((r) => setTimeout(r, 250))
    }
  })()

  if (PROFILE) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    await cdp.send('Profiler.start')
  }
  const trace = TRACE ? await startTaskTrace(cdp) : null
  const cpuBefore = threadTimes(profile)
  const waitBefore = mainThreadWaitMs(profile)
  // warnings of the page and its workers during the batch: a fault the lab got over says so there (a line file that
  // did not open, its lines stored in IndexedDB instead)
  // each text with how many times it came
  const warnings = new Map<string, number>()
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'warning' || message.type() === 'error') warnings.set(message.text(), (warnings.get(message.text()) ?? 0) + 1)
  }
  page.on('console', onConsole)
  const t0 = await page.evaluate(() => performance.now())
  await page.getByTestId('start').click()
  const timeout = Math.max(600_000, runs * 20)
  let t1: number
  if (WATCH === 'library') {
    // the library while it runs: the batch view's progress, table and charts cost nothing; the header says when it ends
    await page.getByTestId('active-run').waitFor({ timeout: 60_000 })
    await page.evaluate(() => (location.hash = '#/library'))
    const end = await page.waitForFunction(() => (document.querySelector('[data-testid=active-run]') ? false : performance.now()), null, { polling: 100, timeout })
    t1 = (await end.jsonValue()) as number
    await page.evaluate((id) => (location.hash = `#/batch/${encodeURIComponent(id)}`), id)
  }
  // time (page clock) at which the bar first showed every run stored and the status "done"
  const stalled = stallWatch(page)
  const end = await Promise.race([stalled.failure, page.waitForFunction(() => {
    const bar = document.querySelector('[data-testid=progress-bar]')
    const badge = document.querySelector('[data-testid=status-badge]')
    const stored = Number(bar?.getAttribute('data-done')) + Number(bar?.getAttribute('data-failed'))
    return bar && stored === Number(bar.getAttribute('data-total')) && badge?.textContent?.trim() === 'done' ? performance.now() : false
  }, null, { polling: 100, timeout })]).finally(() => stalled.stop())
  t1 ??= (await end.jsonValue()) as number
  const cpu = cpuPerRun(cpuBefore, threadTimes(profile), runs)
  const mainWaitSeconds = (mainThreadWaitMs(profile) - waitBefore) / 1000
  console.error(cpuReport(cpu))
  console.error(`the page's main thread waited ${fmt(mainWaitSeconds, 1)} s for a core (its CPU time: ${fmt((cpu.perRun.main * runs) / 1e6, 1)} s)`)
  // a batch done with a message went through a fault it got over (a storage worker replaced)
  const message = page.getByTestId('progress-message')
  if (await message.count()) console.error(`the page says: ${(await message.textContent())?.trim()}`)
  page.off('console', onConsole)
  for (const [warning, times] of warnings) console.error(`the console says${times > 1 ? ` (${times} times)` : ''}: ${warning}`)
  sampling = false
  await sampler
  if (PROFILE) reportProfile((await cdp.send('Profiler.stop')).profile)
  if (trace) {
    const { tasks: traced, pools } = await trace.stop()
    console.error(`thread pools (CPU per run, tasks): ${pools.filter((work) => work.cpuMs >= 1).map((work) => `${work.process} ${work.kind} ${fmt((work.cpuMs * 1000) / runs)} µs/run (${fmt(work.tasks)})`).join('; ')}`)
    console.error(`traced main-thread tasks ≥ 50 ms (wall / CPU ms @ s after the trace began; other threads' CPU ms meanwhile): ${traced.length ? '' : 'none'}`)
    for (const task of traced) {
      const others = task.meanwhile.slice(0, 6).map((entry) => `${entry.name}${entry.threads > 1 ? ` ×${entry.threads}` : ''} ${fmt(entry.cpuMs)}`).join(', ')
      console.error(`  ${fmt(task.wallMs)} / ${fmt(task.cpuMs)} @ ${fmt(task.atMs / 1000, 1)}: ${others}`)
    }
  }
  await cdp.detach()

  const tasks = await page.evaluate(([from, to]) => (window as unknown as { __longTasks: [number, number][] }).__longTasks
    .filter(([start, duration]) => start + duration >= from && start <= to), [t0, t1] as const)
  const seconds = (t1 - t0) / 1000
  // when they came tells what they were: the view's first renders at the click and the first sample, or the batch's middle
  console.error(`tasks > 50 ms (ms @ s after Run, of ${fmt(seconds, 1)} s): ${tasks.map(([start, duration]) => `${fmt(duration)} @ ${fmt((start - t0) / 1000, 1)}`).join(', ') || 'none'}`)
  const frames = await page.evaluate(([from, to]) => (window as unknown as { __longFrames: LongFrame[] }).__longFrames
    .filter((frame) => frame.start + frame.duration >= from && frame.start <= to), [t0, t1] as const)
  for (const frame of frames) console.error(describeFrame(frame, t0))
  const failed = Number(await page.getByTestId('progress-bar').getAttribute('data-failed'))
  if (failed > 0) throw new Error(`${failed} runs failed`)
  return {
    runs, workers, batchFile: batch.kind, seconds, runsPerSecond: runs / seconds, heapMaxMb: heapMax / 2 ** 20,
    longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)), longTasks: tasks.length, mainWaitSeconds, browserRssMaxMb: rssMax, cpu: cpu.perRun,
  }
}

// a batch whose stored count has not moved for this long has stalled: fail with what the page shows, not after hours.
// Longer than the lab's own commit deadline (60 s), after which the batch goes on once by itself with a new storage
// worker: that shows as a slow batch with the page's message printed, not as a failure
const STALL_MS = 150_000

function stallWatch(page: Page): { failure: Promise<never>; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const failure = new Promise<never>((_, reject) => {
    let last = ''
    let since = Date.now()
    const check = async () => {
      if (stopped) return
      // a string: tsx would wrap a named function inside it in a helper the page does not have
      const seen = await page.evaluate<{ stored: string; status: string; messages: string }>(`(() => {
        const bar = document.querySelector('[data-testid=progress-bar]')
        const text = (selector) => Array.from(document.querySelectorAll(selector), (e) => e.textContent.trim()).join(' | ')
        return { stored: bar ? bar.dataset.done + '+' + bar.dataset.failed + ' of ' + bar.dataset.total : '?', status: text('[data-testid=status-badge]'), messages: text('[role=alert], [data-testid=notice], .message') }
      })()`).catch((error: unknown) => ({ stored: '?', status: `the page did not answer: ${String(error)}`, messages: '' }))
      if (seen.stored !== last) {
        last = seen.stored
        since = Date.now()
      } else if (Date.now() - since > STALL_MS) {
        reject(new Error(`the batch stalled: ${seen.stored} stored for ${STALL_MS / 1000} s; status "${seen.status}"; messages: ${seen.messages || 'none'}`))
        return
      }
      timer = setTimeout(() => void check(), 5_000)
    }
    void check()
  })
  failure.catch(() => {})
  return { failure, stop: () => ((stopped = true), clearTimeout(timer)) }
}

/** Clicks "Download JSONL" and waits for the file; checks it holds every run once, in index order. */
async function exportBatch(page: Page, runs: number): Promise<ExportMeasure> {
  const started = performance.now()
  // the download starts once the app has made its Blob (reading the batch's pages); then the browser writes the file
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByTestId('download-jsonl').click()])
  const prepareSeconds = (performance.now() - started) / 1000
  const path = await download.path()
  const seconds = (performance.now() - started) / 1000
  // streamed: a million lines are several GB
  let lines = 0
  let bytes = 0
  let inOrder = true
  let tail = ''
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    bytes += Buffer.byteLength(chunk as string)
    const parts = (tail + (chunk as string)).split('\n')
    tail = parts.pop() ?? ''
    for (const line of parts) {
      const index = /"batch_index":(\d+)/.exec(line)
      if (!index || Number(index[1]) !== lines) inOrder = false
      lines++
    }
  }
  if (tail !== '') inOrder = false
  await download.delete()
  if (lines !== runs || !inOrder) console.error(`export: ${lines} lines (expected ${runs}), ${inOrder ? 'in order' : 'NOT one line per run in index order'}`)
  return { seconds, prepareSeconds, lines, bytes, inOrder }
}

// ---------------------------------------------------------------------------------------------- report

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  samples?: number[]
  timeDeltas?: number[]
}

// the main thread's time by function (self time), the top 25, and the whole profile for DevTools
function reportProfile(profile: CpuProfile): void {
  const file = join(tmpdir(), 'pulse-bench-profile.cpuprofile')
  writeFileSync(file, JSON.stringify(profile))
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples?.forEach((id, i) => {
    const ms = (profile.timeDeltas?.[i] ?? 0) / 1000
    const frame = byNode.get(id)?.callFrame
    const name = frame ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}` : '?'
    self.set(name, (self.get(name) ?? 0) + ms)
    total += ms
  })
  console.error(`main thread profile (${fmt(total)} ms sampled; ${file}):`)
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`  ${fmt(ms).padStart(8)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
}

const fmt = (x: number, digits = 0): string => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function command(): string {
  return ['npm run bench:browser', ...(args.length ? ['--', ...args.map((a) => (/^[\w.,:/=-]+$/.test(a) ? a : JSON.stringify(a)))] : [])].join(' ')
}

function summary(main: BatchMeasure, exported: ExportMeasure, stored: StoredSize, one: BatchMeasure | null, two: BatchMeasure | null, chrome: string): string {
  const per1M = (s: number) => (s / main.runs) * 1e6
  const speedup = one && two ? two.runsPerSecond / one.runsPerSecond : null
  return [
    `Pulse Lab in ${chrome}, headless, ${fmt(main.runs)} runs × ${TURNS} turns (${main.batchFile} batch file), ${main.workers} workers, ` +
      `watching the ${WATCH === 'batch' ? 'batch view' : 'library'}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| measure | value | issue 6 target |',
    '|---|---:|---:|',
    `| runs/s (Run clicked → last run committed) | ${fmt(main.runsPerSecond)} | ≥ ${fmt(1e6 / TARGET.seconds1M)} |`,
    `| time to the last committed run | ${fmt(main.seconds, 1)} s (${fmt(per1M(main.seconds), 0)} s per 1M) | < ${TARGET.seconds1M} s per 1M |`,
    `| JS heap of the page, max | ${fmt(main.heapMaxMb)} MB | < ${TARGET.heapMb} MB |`,
    `| longest main-thread task during the batch | ${fmt(main.longestTaskMs)} ms (${main.longTasks} tasks > 50 ms) | ≤ ${TARGET.longTaskMs} ms |`,
    `| page's main thread: waiting for a core / on a core | ${fmt(main.mainWaitSeconds, 1)} s / ${fmt((main.cpu.main * main.runs) / 1e6, 1)} s | – |`,
    `| stored (storage.estimate: IndexedDB + OPFS line files) | ${fmt(stored.mb)} MB (${fmt((stored.mb * 2 ** 20) / main.runs)} B/run; ${fmt(stored.idbMb)} MB + ${fmt(stored.filesMb)} MB) | – |`,
    `| CPU time per run, all browser threads (page's main thread; workers) | ${fmt(main.cpu.total)} µs (${fmt(main.cpu.main)}; ${fmt(main.cpu.workers)}) | ≤ ${fmt(2e6 / (1e6 / TARGET.seconds1M))} µs on 2 cores |`,
    `| browser processes' RSS, max | ${main.browserRssMaxMb === null ? '–' : `${fmt(main.browserRssMaxMb)} MB`} | – |`,
    `| export as JSONL (click → file complete) | ${fmt(exported.seconds, 1)} s (${fmt(exported.prepareSeconds, 1)} s to the download's start), ${fmt(exported.bytes / 2 ** 20)} MB, ${fmt(exported.lines)} lines${exported.inOrder && exported.lines === main.runs ? '' : ' **WRONG**'} (${fmt(per1M(exported.seconds), 0)} s per 1M) | < ${TARGET.export1MSeconds} s per 1M |`,
    ...(one && two ? [`| 1 → 2 workers (${fmt(one.runs)} runs) | ${fmt(one.runsPerSecond)} → ${fmt(two.runsPerSecond)} runs/s: ×${speedup?.toFixed(2)} | – |`] : []),
  ].join('\n')
}

/** The origin's storage after the batch: all of it, IndexedDB's and the line files'. */
interface StoredSize {
  mb: number
  idbMb: number
  filesMb: number
}

function historyRow(main: BatchMeasure, exported: ExportMeasure, storedMb: number, one: BatchMeasure | null, two: BatchMeasure | null): string {
  const speedup = one && two ? `×${(two.runsPerSecond / one.runsPerSecond).toFixed(2)} (${fmt(one.runsPerSecond)} → ${fmt(two.runsPerSecond)})` : '–'
  return `| ${new Date().toISOString().slice(0, 10)} | ${NOTE || '–'} | \`${command()}\` | ${fmt(main.runs)} | **${fmt(main.runsPerSecond)}** | ${fmt(main.seconds, 1)} | ` +
    `${fmt(main.cpu.total)} / ${fmt(main.cpu.main)} / ${fmt(main.cpu.workers)} | ${fmt(main.heapMaxMb)} | ${fmt(main.longestTaskMs)} (${main.longTasks}) | ${fmt(storedMb)} | ` +
    `${fmt(exported.seconds, 1)} (${fmt(exported.prepareSeconds, 1)})${exported.inOrder && exported.lines === main.runs ? '' : ' WRONG'} | ${speedup} |`
}

const SECTION = `
## Browser: the lab (npm run bench:browser, issue 6)

\`bench/browser-bench.ts\` builds the app, serves it with \`vite preview\` and drives headless Debian Chromium through
the UI: it pastes a batch of 12-turn runs (a grid design, or a list of configs where designs are not yet accepted)
into the editor, runs it on the worker pool into IndexedDB, and downloads it as JSONL. runs/s: the batch's runs over
the time from clicking Run to the last run committed (progress bar at total, status "done"). Heap: the page's JS heap
(CDP \`Performance.getMetrics\`, the maximum of samples every 250 ms; workers have heaps of their own). Longest task:
the longest main-thread task that overlaps the batch (a \`longtask\` PerformanceObserver). CPU: the CPU time of the
browser's threads during the batch (from /proc), per run: all of them, the page's main thread, the two engine workers;
on a machine shared with other work it varies far less than runs/s. Stored: the origin's
\`navigator.storage.estimate()\` usage after the batch (IndexedDB and, since 2026-11-27, the OPFS line files). Export: from clicking "Download JSONL" until the file is
complete (its lines are counted and checked to be one per run, in index order). 1 → 2 workers: the same batch on a
smaller size (\`--speedup-runs\`), on 2 workers and then on 1, both warm from the main batch (before 2026-11-27,
tenth session, 1 came first and 2 then had one new, cold worker). The machine has 2 cores shared with other work: compare rows from one run, not
across days.

| date | note | command | runs | runs/s | s to last commit | CPU µs/run: all / main thread / workers | heap max MB | longest task ms (tasks > 50 ms) | stored MB | export s (to its start) | 1 → 2 workers |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|
${HISTORY_MARKER}
`

function record(row: string): void {
  const file = join(ROOT, 'BENCHMARKS.md')
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const next = text.includes(HISTORY_MARKER) ? text.replace(HISTORY_MARKER, `${row}\n${HISTORY_MARKER}`) : `${text.trimEnd()}${text.trim() ? '\n\n' : ''}${SECTION.trimStart().replace(HISTORY_MARKER, `${row}\n${HISTORY_MARKER}`)}`
  writeFileSync(file, next)
  console.error('added a row to BENCHMARKS.md')
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!flag('--no-build')) build()
  else if (!existsSync(join(OUT_DIR, 'index.html'))) throw new Error(`--no-build: there is no build in ${OUT_DIR}`)
  const server = await startPreview()
  const profile = mkdtempSync(join(tmpdir(), 'pulse-bench-profile-'))
  let context: BrowserContext | null = null
  // Ctrl-C or a kill: the browser, the server and the profile (GBs at a million runs) are ours to end. A persistent
  // context's browser outlives this process unless closed (it went on running the batch, taking a core)
  const interrupted = (signal: NodeJS.Signals) => {
    void (context?.close() ?? Promise.resolve()).catch(() => {}).finally(() => {
      server.kill()
      rmSync(profile, { recursive: true, force: true })
      process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  // a persistent profile: an incognito context keeps IndexedDB in memory, which is not what users get
  context = await chromium.launchPersistentContext(profile, { ...chromiumLaunch, headless: true, acceptDownloads: true })
  try {
    await context.addInitScript(LONG_TASK_SCRIPT)
    const page = context.pages()[0] ?? (await context.newPage())
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    // the page's and its workers' console errors, printed as they come: a stalled batch's cause is often there
    page.on('console', (message) => message.type() === 'error' && console.error(`page console: ${message.text()}`))
    // a renderer that runs out of memory crashes the tab: say so, instead of a timeout or a closed-target error
    page.on('crash', () => console.error(`the page crashed (browser processes' RSS was ${fmt(browserRssMb(profile) ?? 0)} MB)`))
    const base = `http://127.0.0.1:${PORT}`
    await page.goto(`${base}/#/new`)
    const chrome = `Chromium ${context.browser()?.version() ?? (await page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '?'))}`

    console.error(`running ${fmt(RUNS)} runs on 2 workers …`)
    const main = await runBatch(page, context, base, profile, RUNS, 2)
    const stored = await page.evaluate(async () => {
      const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number; fileSystem?: number } }
      return { mb: (estimate.usage ?? 0) / 2 ** 20, idbMb: (estimate.usageDetails?.indexedDB ?? 0) / 2 ** 20, filesMb: (estimate.usageDetails?.fileSystem ?? 0) / 2 ** 20 }
    })
    console.error(`${fmt(main.runsPerSecond)} runs/s; exporting …`)
    const exported = await exportBatch(page, RUNS)

    let one: BatchMeasure | null = null
    let two: BatchMeasure | null = null
    if (SPEEDUP_RUNS > 0) {
      console.error(`1 vs 2 workers on ${fmt(SPEEDUP_RUNS)} runs …`)
      // 2 workers first, while both are warm from the main batch; then the pool is resized to 1 and keeps the first.
      // The other way round, resizing back to 2 started a new worker, whose first seconds are mostly V8 compiling
      // the engine (and recompiling what deoptimizes as new cases come up): that counted against 2 workers only.
      two = await runBatch(page, context, base, profile, SPEEDUP_RUNS, 2)
      one = await runBatch(page, context, base, profile, SPEEDUP_RUNS, 1)
    }
    if (errors.length) console.error(`page errors:\n${errors.join('\n')}`)
    console.log(summary(main, exported, stored, one, two, chrome))
    if (!flag('--no-record')) record(historyRow(main, exported, stored.mb, one, two))
  } finally {
    await context.close()
    server.kill()
    rmSync(profile, { recursive: true, force: true })
  }
}

await main()
