// How fast headless Chromium writes a download, by where the downloaded Blob's bytes live: Blobs stored in IndexedDB
// (as the lab stores its pages, and as its JSONL export downloads them), or a file in the origin private file system
// (OPFS), whole or as thousands of slices in shuffled order (what an export in run order of interleaved deliveries
// would be). Also: reading the IndexedDB Blobs back into memory, and appending to an OPFS file through a sync access
// handle in a worker. It tells whether the export's download could go faster if the lines lived elsewhere.
//
//   node bin/tsx.mjs bench/blob-download.ts [blobs of 0.92 MB, default 1000]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { chromiumLaunch } from '../tests/chromium'

const BLOBS = Number(process.argv[2] ?? 1000)
const SLICES = 4000
const PORT = 4388

const server = createServer((_, res) => res.setHeader('content-type', 'text/html').end('<a id="a">download</a>')).listen(PORT)
const profile = mkdtempSync(join(tmpdir(), 'pulse-blob-download-'))
const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunch, headless: true, acceptDownloads: true })
try {
  const page = context.pages()[0] ?? (await context.newPage())
  // tsx names functions through a helper the page does not have
  await page.addInitScript('window.__name = (f) => f')
  await page.goto(`http://127.0.0.1:${PORT}/`)
  const made = await page.evaluate(
    async ({ blobs, slices }) => {
      const size = Math.round(0.92 * 2 ** 20)
      const line = new TextEncoder().encode(`{"x":${'1'.repeat(3600)}}\n`)
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const request = indexedDB.open('blob-download', 1)
        request.onupgradeneeded = () => request.result.createObjectStore('pages')
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      for (let i = 0; i < blobs; i += 40) {
        const tx = db.transaction('pages', 'readwrite')
        for (let k = i; k < Math.min(blobs, i + 40); k++) {
          const bytes = new Uint8Array(size)
          for (let j = 0; j < size; j++) bytes[j] = line[(j + k) % line.length]
          tx.objectStore('pages').put({ lines: new Blob([bytes]) }, k)
        }
        await new Promise((resolve) => (tx.oncomplete = resolve))
      }
      const stored: { lines: Blob }[] = await new Promise((resolve) => {
        const request = db.transaction('pages').objectStore('pages').getAll()
        request.onsuccess = () => resolve(request.result)
      })
      let started = performance.now()
      for (const page of stored) await page.lines.arrayBuffer()
      const readIdbMs = performance.now() - started

      // the same bytes in one OPFS file
      const root = await navigator.storage.getDirectory()
      const handle = await root.getFileHandle('lines.jsonl', { create: true })
      const writable = await handle.createWritable()
      for (const page of stored) await writable.write(await page.lines.arrayBuffer())
      await writable.close()
      const file = await handle.getFile()
      const order = Array.from({ length: slices }, (_, i) => i)
      for (let i = order.length - 1; i > 0; i--) {
        const j = (i * 7919) % (i + 1)
        ;[order[i], order[j]] = [order[j], order[i]]
      }
      const step = Math.floor(file.size / slices)
      const urls = {
        idb: URL.createObjectURL(new Blob(stored.map((page) => page.lines))),
        opfs: URL.createObjectURL(file),
        opfsSliced: URL.createObjectURL(new Blob(order.map((c) => file.slice(c * step, c === slices - 1 ? file.size : (c + 1) * step)))),
      }

      // appending as a storage worker would: a sync access handle, 1 MB writes
      const source = `onmessage = async ({ data: megabytes }) => {
        const root = await navigator.storage.getDirectory()
        const access = await (await root.getFileHandle('append.bin', { create: true })).createSyncAccessHandle()
        const chunk = new Uint8Array(2 ** 20).fill(65)
        const started = performance.now()
        for (let i = 0, at = 0; i < megabytes; i++, at += chunk.length) access.write(chunk, { at })
        access.flush()
        access.close()
        postMessage(performance.now() - started)
      }`
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
      started = performance.now()
      const appendMs: number = await new Promise((resolve) => {
        worker.onmessage = (event) => resolve(event.data)
        worker.postMessage(Math.round((blobs * size) / 2 ** 20))
      })
      ;(window as unknown as { urls: typeof urls }).urls = urls
      return { megabytes: (blobs * size) / 2 ** 20, readIdbMs, appendMs }
    },
    { blobs: BLOBS, slices: SLICES },
  )
  const mbps = (mb: number, ms: number) => `${Math.round(mb / (ms / 1000))} MB/s`
  console.log(`${BLOBS} IndexedDB Blobs of 0.92 MB (${Math.round(made.megabytes)} MB), Chromium ${context.browser()?.version() ?? ''}`)
  console.log(`read back into memory: ${(made.readIdbMs / 1000).toFixed(1)} s, ${mbps(made.megabytes, made.readIdbMs)}`)
  console.log(`appended to an OPFS file (sync access handle, worker): ${(made.appendMs / 1000).toFixed(1)} s, ${mbps(made.megabytes, made.appendMs)}`)
  for (const [key, label] of [['idb', 'download of the IndexedDB Blobs'], ['opfs', 'download of the OPFS file'], ['opfsSliced', `download of ${SLICES} shuffled slices of the OPFS file`]] as const) {
    const started = performance.now()
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 600_000 }),
      page.evaluate((url) => {
        const a = document.getElementById('a') as HTMLAnchorElement
        a.href = url
        a.download = 'lines.jsonl'
        a.click()
      }, await page.evaluate((k) => (window as unknown as { urls: Record<string, string> }).urls[k], key)),
    ])
    const bytes = statSync(await download.path()).size
    const ms = performance.now() - started
    console.log(`${label}: ${(ms / 1000).toFixed(1)} s, ${mbps(bytes / 2 ** 20, ms)}`)
    await download.delete()
  }
} finally {
  await context.close()
  server.close()
  rmSync(profile, { recursive: true, force: true })
}
