import { MAX_BATCH_FILE_BYTES } from '../../schema/json-text'
import { formatBytes } from '../format'

export type FileTextResult = { ok: true; text: string } | { ok: false; message: string }

/** Reads a dropped or picked file as UTF-8 text, refusing it before reading when it is too large and after when it is not UTF-8. */
export async function readTextFile(file: Blob & { name?: string }, maxBytes = MAX_BATCH_FILE_BYTES): Promise<FileTextResult> {
  const label = file.name ? `“${file.name}”` : 'the file'
  if (file.size > maxBytes) return { ok: false, message: `${label} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}` }
  const bytes = new Uint8Array(await file.arrayBuffer())
  try {
    // a BOM is dropped (ignoreBOM false); invalid bytes throw instead of turning into U+FFFD
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: false, message: `${label} is not valid UTF-8 text (is it a spreadsheet, an image or another encoding?)` }
  }
}
