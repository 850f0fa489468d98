import { describe, expect, test } from 'vitest'
import { type Block, inlineText, parseInline, parseMarkdown } from './markdown'

const DIGEST = [
  '# Strategos Digest', '', '## 🔧 Mutation Log', 'No mutation lineage data available.',
  '## ⚠️ Symbolic Fragmentation Summary', '- Fragmented forecasts: 0', '- Breakdown by arc:', '  - Hope Surge: 2', '',
  '| Cluster           | Trace ID | Arc Label     | Depth |', '|-------------------|----------|---------------|-------|',
  '| unknown           | run-0-c1c940ec | arc\\|x   | 0     |', '', "**Mutation Depths:** {'unknown': 0}", '',
  '==== unknown ====', 'Trace_id      : run-0-c1c940ec', 'Trust_label   : 🟢 Trusted',
].join('\n')

describe('markdown', () => {
  test('the digest reads as headings, a nested list, a table and line-broken paragraphs', () => {
    const blocks = parseMarkdown(DIGEST)
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'heading', 'paragraph', 'heading', 'list', 'table', 'paragraph', 'paragraph'])
    const list = blocks[4] as Extract<Block, { kind: 'list' }>
    expect(list.items.map((item) => inlineText(item.content))).toEqual(['Fragmented forecasts: 0', 'Breakdown by arc:'])
    expect(inlineText(list.items[1].children[0].content)).toBe('Hope Surge: 2')
    const table = blocks[5] as Extract<Block, { kind: 'table' }>
    expect(table.header.map(inlineText)).toEqual(['Cluster', 'Trace ID', 'Arc Label', 'Depth'])
    expect(table.rows.map((row) => row.map(inlineText))).toEqual([['unknown', 'run-0-c1c940ec', 'arc|x', '0']])
    const last = blocks[7] as Extract<Block, { kind: 'paragraph' }>
    expect(last.lines.map(inlineText)).toEqual(['==== unknown ====', 'Trace_id      : run-0-c1c940ec', 'Trust_label   : 🟢 Trusted'])
  })

  test('heading levels and inline marks', () => {
    expect(parseMarkdown('### Three ###')).toEqual([{ kind: 'heading', level: 3, content: [{ kind: 'text', text: 'Three' }] }])
    expect(parseInline('a **b** *c* `d*e` _f_')).toEqual([
      { kind: 'text', text: 'a ' }, { kind: 'strong', children: [{ kind: 'text', text: 'b' }] }, { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'c' }] }, { kind: 'text', text: ' ' }, { kind: 'code', text: 'd*e' },
      { kind: 'text', text: ' ' }, { kind: 'em', children: [{ kind: 'text', text: 'f' }] },
    ])
  })

  test('underscores inside words and lone stars stay text', () => {
    expect(parseInline('Trace_id and Symbolic_tag')).toEqual([{ kind: 'text', text: 'Trace_id and Symbolic_tag' }])
    expect(parseInline('2 * 3 * 4')).toEqual([{ kind: 'text', text: '2 * 3 * 4' }])
    expect(parseInline('**unclosed')).toEqual([{ kind: 'text', text: '**unclosed' }])
  })

  test('markup-looking text from a config stays text: there is no HTML in the tree', () => {
    const blocks = parseMarkdown('# <img src=x onerror=alert(1)>\n<script>alert(1)</script> [link](javascript:alert(1))')
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }] },
      { kind: 'paragraph', lines: [[{ kind: 'text', text: '<script>alert(1)</script> [link](javascript:alert(1))' }]] },
    ])
  })

  test('backslash escapes, fenced code and rules', () => {
    expect(parseInline('a \\*b\\* \\\\')).toEqual([{ kind: 'text', text: 'a *b* \\' }])
    expect(parseMarkdown('```\n# not a heading\n```\n---')).toEqual([{ kind: 'code', text: '# not a heading' }, { kind: 'rule' }])
  })

  test('empty text has no blocks; CRLF reads like LF', () => {
    expect(parseMarkdown('')).toEqual([])
    expect(parseMarkdown('a\r\nb')).toEqual([{ kind: 'paragraph', lines: [[{ kind: 'text', text: 'a' }], [{ kind: 'text', text: 'b' }]] }])
  })
})
