import { expect, test } from 'vitest'
import { fileNameFor } from './download'

test('file names keep the batch name but drop characters file systems refuse', () => {
  expect(fileNameFor('Hope × despair grid', 'jsonl')).toBe('Hope × despair grid.jsonl')
  expect(fileNameFor('a/b:c*?"<>|', 'json')).toBe('a_b_c______.json')
  expect(fileNameFor('  ..hidden. ', 'json')).toBe('hidden.json')
  expect(fileNameFor('', 'jsonl')).toBe('batch.jsonl')
  expect(fileNameFor('x'.repeat(300), 'json')).toHaveLength(125)
})
