import { describe, expect, test } from 'vitest'
import { arcConvergence, isFragmented } from './fragmentation'

describe('symbolic fragmentation (reference 8.7)', () => {
  test('convergence is the share of the most common arc', () => {
    expect(arcConvergence(['a', 'b', 'a', 'c'])).toBe(0.5)
    expect(arcConvergence(['a'])).toBe(1)
  })

  test('the boundary is strict: 2 of 5 (.4) is not fragmented, 1 of 3 is', () => {
    expect(isFragmented(['a', 'a', 'b', 'c', 'd'])).toBe(false)
    expect(isFragmented(['a', 'b', 'c'])).toBe(true)
    expect(isFragmented(['a', 'b', 'c', 'd', 'e', 'a', 'b', 'c', 'd', 'e'])).toBe(true)
  })

  test('one forecast, or none, is never fragmented', () => {
    expect(isFragmented(['arc_unknown'])).toBe(false)
    expect(isFragmented([])).toBe(false)
  })
})
