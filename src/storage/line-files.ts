/**
 * Run lines kept in files of the origin private file system (OPFS) rather than as Blobs in IndexedDB.
 *
 * Why: Chromium writes a download of IndexedDB Blobs at 115–134 MB/s and one of OPFS files (whole or as thousands of
 * slices) at 380–590 MB/s (`bench/blob-download.ts`), and a million 12-turn runs are 3.5 GB of lines: exported in
 * 10–18 s from these files, 42–45 s from the Blobs.
 *
 * Each commit writes its pages' lines into one new file, never changed after: a File taken of it stays readable (a
 * File of a file written to later is not), so exports and line reads need no lock and no coordination with the
 * writer, and any thread may read. Files live in `pulse-lines/<database>/<batch>/`; a batch's directory goes with it.
 * A commit whose transaction fails deletes its file, and a storage worker deletes the files of batches that are gone
 * when it starts. Bytes of runs deleted or stored again stay in their file until the batch is deleted, as does a file
 * written just before the tab closed and never committed.
 */

import { settleWithin } from '../settle-within'

/** Where a page's lines are when they are not a Blob: `bytes` bytes of a batch's line file from `start`. */
export interface LinesInFile {
  file: string
  start: number
  bytes: number
}

/** A page's lines as stored: a Blob in IndexedDB, or a part of a line file. */
export type StoredLines = Blob | LinesInFile

/** Writes a batch's line files: one per commit. Only dedicated workers can have one (a sync access handle). */
export interface LineFileWriter {
  /**
   * Writes `parts` one after the other into a new file of the batch and says where each went; marks where it has got
   * to with `step`. Fails with LineFileStalled when the file does not open in time (see OpenDeadline).
   */
  write(batchId: string, parts: readonly Uint8Array[], step?: (name: string) => void): Promise<LinesInFile[]>
  /** Deletes a file `write` made; a file that is already gone is no error. */
  remove(batchId: string, file: string): Promise<void>
}

/** A line file did not open in time, or an earlier one that did not has still not opened: nothing was written. */
export class LineFileStalled extends Error {
  override name = 'LineFileStalled'
}

/**
 * How long a line file may take to open (its directory, the file, its sync access handle): a few ms as a rule. A few
 * times in some 140 benchmark batches one of these steps never finished, and the commit waited on it until the storage
 * worker was taken for stuck a minute later (BENCHMARKS.md, ninth session).
 */
export const LINE_FILE_OPEN_MS = 10_000

const LATE = Symbol('late')

/**
 * Openings that must finish within `ms`. One that does not fails with LineFileStalled and is left to finish (what it
 * opens is then handed to `cleanUp`); until it has, every other opening fails at once, rather than wait as long again
 * on a file system that is not answering.
 */
export class OpenDeadline {
  readonly #ms: number
  #stuck: Promise<void> | null = null

  constructor(ms: number) {
    this.#ms = ms
  }

  async open<T>(opening: () => Promise<T>, cleanUp: (opened: T) => Promise<void>): Promise<T> {
    if (this.#stuck) throw new LineFileStalled('an earlier line file has still not opened')
    const pending = opening()
    const first = await settleWithin<T, typeof LATE>(pending, this.#ms, () => LATE)
    if (first !== LATE) return first
    const stuck = pending.then(cleanUp).catch(() => {}).finally(() => {
      if (this.#stuck === stuck) this.#stuck = null
    })
    this.#stuck = stuck
    throw new LineFileStalled(`a line file did not open within ${this.#ms / 1000} s`)
  }
}

const ROOT = 'pulse-lines'

// the part of a sync access handle used here (typed in the worker lib only, and this module is typed for windows too)
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number
  close(): void
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> }

/**
 * The writer of database `dbName`'s line files, or null where OPFS files cannot be written synchronously (Node, a
 * window, browsers without OPFS): then lines stay Blobs in IndexedDB. `newName` names files (default a random UUID).
 */
export async function openLineFileWriter(dbName: string, newName: () => string = () => crypto.randomUUID(), openMs = LINE_FILE_OPEN_MS): Promise<LineFileWriter | null> {
  const handle = globalThis.FileSystemFileHandle as { prototype: object } | undefined
  if (!handle || !('createSyncAccessHandle' in handle.prototype) || !globalThis.navigator?.storage?.getDirectory) return null
  try {
    await databaseDirectory(dbName, true)
  } catch {
    // OPFS refused (e.g. a private window): Blobs still work
    return null
  }
  const deadline = new OpenDeadline(openMs)
  return {
    async write(batchId, parts, step = () => {}) {
      const file = newName()
      const { directory, access } = await deadline.open(async () => {
        step('finding the batch\'s line file directory')
        const directory = await batchDirectory(dbName, batchId, true)
        step('creating a line file')
        const handle = (await directory.getFileHandle(file, { create: true })) as SyncFileHandle
        step('opening the line file\'s sync access handle')
        return { directory, access: await handle.createSyncAccessHandle() }
      }, async (late) => {
        late.access.close()
        await late.directory.removeEntry(file)
      })
      step('writing a line file')
      const placed: LinesInFile[] = []
      try {
        let at = 0
        for (const part of parts) {
          const written = access.write(part, { at })
          if (written !== part.byteLength) throw new DOMException(`wrote ${written} of ${part.byteLength} bytes of a line file`, 'QuotaExceededError')
          placed.push({ file, start: at, bytes: written })
          at += written
        }
      } catch (error) {
        access.close()
        await directory.removeEntry(file).catch(() => {})
        throw error
      }
      // no flush (an fsync): the bytes are the OS's once written, and a tab that closes or crashes keeps them
      access.close()
      return placed
    },
    async remove(batchId, file) {
      const directory = await batchDirectory(dbName, batchId, false).catch(() => null)
      await directory?.removeEntry(file).catch(() => {})
    },
  }
}

/** A page's lines as a Blob: as stored, or a slice of its line file. */
export async function linesBlob(dbName: string, batchId: string, lines: StoredLines): Promise<Blob> {
  if (lines instanceof Blob) return lines
  const file = await lineFile(dbName, batchId, lines.file)
  return file.slice(lines.start, lines.start + lines.bytes)
}

/** The Files of one batch's line files, each taken once. */
export class LineFileCache {
  readonly #dbName: string
  readonly #batchId: string
  readonly #files = new Map<string, Promise<File>>()

  constructor(dbName: string, batchId: string) {
    this.#dbName = dbName
    this.#batchId = batchId
  }

  get(name: string): Promise<File> {
    let file = this.#files.get(name)
    if (!file) {
      file = lineFile(this.#dbName, this.#batchId, name)
      this.#files.set(name, file)
    }
    return file
  }
}

// one of a batch's line files as a File
async function lineFile(dbName: string, batchId: string, name: string): Promise<File> {
  return (await (await batchDirectory(dbName, batchId, false)).getFileHandle(name)).getFile()
}

/** Deletes a batch's line files; nothing happens where there are none (or no OPFS). */
export async function removeBatchLines(dbName: string, batchId: string): Promise<void> {
  await removeEntry(() => databaseDirectory(dbName, false), encodeURIComponent(batchId))
}

/**
 * Deletes the line files of batches `exists` says are gone: a batch deleted while its last commit was being written,
 * or whose files could not be deleted with it. A batch's meta is stored before any of its files, so a directory seen
 * here whose batch is not stored yet cannot belong to a batch that is starting.
 */
export async function removeStrayLines(dbName: string, exists: (batchIds: string[]) => Promise<boolean[]>): Promise<void> {
  const directory = await unlessNotFound(databaseDirectory(dbName, false))
  if (!directory) return
  const names: string[] = []
  for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name)
  const found = await exists(names.map(decodeURIComponent))
  await Promise.all(names.filter((_, k) => !found[k]).map((name) => unlessNotFound(directory.removeEntry(name, { recursive: true }))))
}

/** Deletes all of database `dbName`'s line files, as when the database itself is deleted. */
export async function removeDatabaseLines(dbName: string): Promise<void> {
  await removeEntry(async () => (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT), encodeURIComponent(dbName))
}

async function removeEntry(parent: () => Promise<FileSystemDirectoryHandle>, name: string): Promise<void> {
  if (!globalThis.navigator?.storage?.getDirectory) return
  const directory = await unlessNotFound(parent())
  if (directory) await unlessNotFound(directory.removeEntry(name, { recursive: true }))
}

async function databaseDirectory(dbName: string, create: boolean): Promise<FileSystemDirectoryHandle> {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create })
  return root.getDirectoryHandle(encodeURIComponent(dbName), { create })
}

async function batchDirectory(dbName: string, batchId: string, create: boolean): Promise<FileSystemDirectoryHandle> {
  return (await databaseDirectory(dbName, create)).getDirectoryHandle(encodeURIComponent(batchId), { create })
}

// what `entry` gives, or null when what it looks for is not there (any other failure still rejects)
async function unlessNotFound<T>(entry: Promise<T>): Promise<T | null> {
  try {
    return await entry
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NotFoundError') return null
    throw error
  }
}
