/**
 * A small markdown reader for the pipeline digest: it returns a tree of plain data that components render as text
 * nodes, so text from a shared config (names, notes, tags) can never become markup. It covers what the digest uses
 * (headings, lists, pipe tables, emphasis, code) and keeps every other line as text, with its line breaks.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }

export interface ListItem {
  content: Inline[]
  children: ListItem[]
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' }

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/
const LIST_ITEM = /^(\s*)[-*+]\s+(.*)$/
const FENCE = /^ {0,3}```/
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** Reads markdown into blocks. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (line.trim() === '') {
      i++
      continue
    }
    if (FENCE.test(line)) {
      const body: string[] = []
      i++
      while (i < lines.length && !FENCE.test(lines[i])) body.push(lines[i++])
      i++
      blocks.push({ kind: 'code', text: body.join('\n') })
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(heading[2]) })
      i++
      continue
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' })
      i++
      continue
    }
    if (isTableStart(lines, i)) {
      const header = splitRow(line).map(parseInline)
      const rows: Inline[][][] = []
      i += 2
      while (i < lines.length && lines[i].trim().startsWith('|')) rows.push(splitRow(lines[i++]).map(parseInline))
      blocks.push({ kind: 'table', header, rows })
      continue
    }
    if (LIST_ITEM.test(line)) {
      const items: { indent: number; text: string }[] = []
      for (let m; i < lines.length && (m = LIST_ITEM.exec(lines[i])); i++) items.push({ indent: m[1].length, text: m[2] })
      blocks.push({ kind: 'list', items: nestItems(items) })
      continue
    }
    const paragraph: Inline[][] = []
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines, i)) paragraph.push(parseInline(lines[i++]))
    blocks.push({ kind: 'paragraph', lines: paragraph })
  }
  return blocks
}

function startsBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i]
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || LIST_ITEM.test(line) || isTableStart(lines, i)
}

function isTableStart(lines: readonly string[], i: number): boolean {
  return lines[i].trim().startsWith('|') && i + 1 < lines.length && lines[i + 1].includes('-') && TABLE_SEPARATOR.test(lines[i + 1])
}

// cells of `| a | b \| c |`: an escaped pipe stays inside its cell
function splitRow(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  const body = line.trim().replace(/^\|/, '')
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) {
      cell += body[i] + body[++i]
    } else if (body[i] === '|') {
      cells.push(cell.trim())
      cell = ''
    } else {
      cell += body[i]
    }
  }
  if (cell.trim() !== '') cells.push(cell.trim())
  return cells
}

// an item belongs under the nearest earlier item that is indented less than it
function nestItems(flat: readonly { indent: number; text: string }[]): ListItem[] {
  const root: ListItem[] = []
  const stack: { indent: number; item: ListItem }[] = []
  for (const { indent, text } of flat) {
    const item: ListItem = { content: parseInline(text), children: [] }
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop()
    const parent = stack[stack.length - 1]
    ;(parent ? parent.item.children : root).push(item)
    stack.push({ indent, item })
  }
  return root
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|]/
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c)

/** Reads one line's inline markup: `code`, **strong**, *em* and _em_ (not inside words, so trace_id stays as it is). */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let plain = ''
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain })
    plain = ''
  }
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      plain += text[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1)
      if (end > i + 1) {
        flush()
        out.push({ kind: 'code', text: text.slice(i + 1, end) })
        i = end + 1
        continue
      }
    }
    if ((c === '*' || c === '_') && !(c === '_' && isWordChar(text[i - 1]))) {
      const marker = text[i + 1] === c ? c + c : c
      const end = findCloser(text, i + marker.length, marker)
      if (end > 0) {
        flush()
        const children = parseInline(text.slice(i + marker.length, end))
        out.push(marker.length === 2 ? { kind: 'strong', children } : { kind: 'em', children })
        i = end + marker.length
        continue
      }
    }
    plain += c
    i++
  }
  flush()
  return out
}

// the closing marker: the opener is not followed by a space, the closer not preceded by one, and for _ not followed by a letter
function findCloser(text: string, from: number, marker: string): number {
  if (from >= text.length || /\s/.test(text[from])) return -1
  for (let at = text.indexOf(marker, from + 1); at > 0; at = text.indexOf(marker, at + 1)) {
    if (text[at - 1] === ' ' || text[at - 1] === '\\') continue
    if (marker[0] === '_' && isWordChar(text[at + marker.length])) continue
    if (marker.length === 1 && text[at + 1] === marker) {
      at++
      continue
    }
    return at
  }
  return -1
}

/** The plain text of inline content (for accessible names and tests). */
export function inlineText(content: readonly Inline[]): string {
  return content.map((part) => ('text' in part ? part.text : inlineText(part.children))).join('')
}
