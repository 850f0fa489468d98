import type { BatchMeta } from '../../storage/batch-meta'
import { batchName, checkBatchText, type DraftCheck, draftMeta, parseSeedInput } from './batch-draft'
import { type Example, exampleUrl } from './examples'
import { readTextFile } from './file-text'
import type { Lab } from '../lab.svelte'
import { decodeShareText, encodeShareText, shareUrl } from './share-link'

const STORAGE_KEY = 'pulse-lab:editor'
// localStorage holds about 5 MB per site, shared with nothing else of ours; a bigger text is simply not kept
const MAX_KEPT_CHARS = 2_000_000

interface KeptDraft {
  text: string
  name: string
  seedText: string
  batchId: string | null
  origin: string
}

/**
 * The editor's state: the batch file text, the name and seed boxes, validation as you type (debounced), and the
 * intents Load, Save, Run and Share. The text is kept in localStorage, so a reload keeps unsaved work.
 */
export class EditorSession {
  text = $state('')
  name = $state('')
  seedText = $state('')
  /** The stored draft this text was opened from: saving replaces it while it is still a draft. */
  batchId = $state<string | null>(null)
  /** Where the text came from (an example, a file, a link, a draft), shown above it. */
  origin = $state('')
  check = $state.raw<DraftCheck>({ state: 'empty' })
  /** The text changed and has not been validated yet. */
  checking = $state(false)
  /** Why the last file, example or link could not be loaded. */
  loadError = $state<string | null>(null)
  busy = $state(false)
  /** The state came back from localStorage (so the user has been here before: no example is loaded for them). */
  readonly restored: boolean = false

  seed = $derived(parseSeedInput(this.seedText))
  /** The file's own seed, shown as the seed box's placeholder. */
  fileSeed = $derived(this.check.state === 'valid' ? this.check.batch.seed : null)
  ready = $derived(this.check.state === 'valid' && this.seed.ok && !this.checking)

  #timer: ReturnType<typeof setTimeout> | null = null
  // counts changes of the text: a load that finishes after a later change (the default example's fetch landing after
  // the user picked another example, typed, or opened a link) is dropped instead of overwriting it
  #changes = 0
  #keepTimer: ReturnType<typeof setTimeout> | null = null

  constructor() {
    const kept = readKept()
    if (kept) {
      this.restored = true
      this.text = kept.text
      this.name = kept.name
      this.seedText = kept.seedText
      this.batchId = kept.batchId
      this.origin = kept.origin
      this.check = checkBatchText(kept.text)
    }
  }

  /** New text from the user: validation follows once typing pauses (longer for big files, whose check takes longer). */
  edit(text: string): void {
    this.#changes++
    this.text = text
    this.checking = true
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.validateNow(), text.length > 1_000_000 ? 1_000 : 300)
    this.keep()
  }

  validateNow(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    this.check = checkBatchText(this.text)
    this.checking = false
  }

  /** Replaces the whole text (a file, an example, a link, a stored batch) and validates it at once. */
  replace(text: string, origin: string, fields: { name?: string; seedText?: string; batchId?: string | null } = {}): void {
    this.#changes++
    this.text = text
    this.origin = origin
    this.name = fields.name ?? ''
    this.seedText = fields.seedText ?? ''
    this.batchId = fields.batchId ?? null
    this.loadError = null
    this.validateNow()
    this.keep()
  }

  async loadFile(file: File): Promise<void> {
    const ticket = ++this.#changes
    const read = await readTextFile(file)
    if (ticket !== this.#changes) return
    if (!read.ok) {
      this.loadError = read.message
      return
    }
    // an empty editor is a fresh start, but an empty file is a mistake worth naming
    if (read.text.trim() === '') {
      this.loadError = `“${file.name}”: the file is empty`
      return
    }
    this.replace(read.text, `file ${file.name}`)
  }

  async loadExample(example: Example, base: string): Promise<void> {
    const ticket = ++this.#changes
    try {
      const response = await fetch(exampleUrl(example, base))
      if (!response.ok) throw new Error(`the server answered ${response.status}`)
      const text = await response.text()
      if (ticket !== this.#changes) return
      this.replace(text, `example ${example.title}`)
    } catch (error) {
      if (ticket !== this.#changes) return
      this.loadError = `the example “${example.title}” could not be loaded: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  /** Opens a shared link's batch file in the editor (validated like any text; nothing runs). */
  async loadShared(shared: { encoded: string; seed: string; name: string }): Promise<void> {
    const ticket = ++this.#changes
    const decoded = await decodeShareText(shared.encoded)
    if (ticket !== this.#changes) return
    if (!decoded.ok) {
      this.loadError = decoded.message
      return
    }
    this.replace(decoded.value, 'a shared link', { name: shared.name, seedText: shared.seed })
  }

  /** Opens a stored batch's file: a draft is edited in place, any other batch becomes the start of a new one. */
  openBatch(meta: BatchMeta): void {
    const fileSeed = checkBatchText(meta.source)
    const seedText = fileSeed.state === 'valid' && fileSeed.batch.seed === meta.seed ? '' : String(meta.seed)
    const draft = meta.status === 'draft' && !meta.read_only
    this.replace(meta.source, draft ? `draft ${meta.name}` : `a copy of ${meta.name}`, { name: meta.name, seedText, batchId: draft ? meta.id : null })
  }

  /** A link that opens this text (and the seed and name boxes) in the editor, or why there cannot be one. */
  async shareLink(page: string): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
    const encoded = await encodeShareText(this.text)
    if (!encoded.ok) return { ok: false, message: encoded.message }
    return { ok: true, url: shareUrl(page, encoded.value, { seed: this.seed.ok ? this.seed.seed : null, name: this.name.trim() }) }
  }

  /** Saves the text as a draft batch (replacing the draft it was opened from, if it still is one) and returns it. */
  async save(lab: Lab): Promise<BatchMeta | null> {
    this.validateNow()
    const check = this.check
    if (check.state !== 'valid' || !this.seed.ok) return null
    this.busy = true
    try {
      const now = Date.now()
      const existing = this.batchId ? await lab.getBatch(this.batchId) : undefined
      const replacing = existing?.status === 'draft' && !existing.read_only
      const meta = draftMeta({
        id: replacing ? existing.id : crypto.randomUUID(),
        source: this.text,
        batch: check.batch,
        runCount: check.runCount,
        name: batchName(this.name, check.batch.name, now),
        seed: this.seed.seed ?? check.batch.seed,
        now,
      })
      if (replacing) meta.created_at = existing.created_at
      await lab.saveDraft(meta)
      this.batchId = meta.id
      this.origin = `draft ${meta.name}`
      this.keep()
      return meta
    } finally {
      this.busy = false
    }
  }

  /** Saves, then starts the batch; the editor lets go of it (it is no longer a draft to edit in place). */
  async run(lab: Lab): Promise<BatchMeta | null> {
    const meta = await this.save(lab)
    if (!meta) return null
    lab.start(meta.id)
    this.batchId = null
    this.origin = `a copy of ${meta.name}`
    this.keep()
    return meta
  }

  /** Writes the editor state to localStorage soon (typing fast writes once). */
  keep(): void {
    this.#keepTimer ??= setTimeout(() => {
      this.#keepTimer = null
      const kept: KeptDraft = { text: this.text, name: this.name, seedText: this.seedText, batchId: this.batchId, origin: this.origin }
      try {
        if (this.text.length > MAX_KEPT_CHARS) localStorage.removeItem(STORAGE_KEY)
        else localStorage.setItem(STORAGE_KEY, JSON.stringify(kept))
      } catch {
        // storage full or disabled (private mode): the editor still works, a reload just starts empty
      }
    }, 500)
  }
}

function readKept(): KeptDraft | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
    if (typeof value !== 'object' || value === null) return null
    const v = value as Record<string, unknown>
    const str = (x: unknown) => (typeof x === 'string' ? x : '')
    return { text: str(v.text), name: str(v.name), seedText: str(v.seedText), batchId: typeof v.batchId === 'string' ? v.batchId : null, origin: str(v.origin) }
  } catch {
    return null
  }
}
