import { describe, expect, test } from 'vitest'
import { formatBytes, formatCount } from './quantities'

const MB = 1024 * 1024

describe('quantities for people', () => {
  test('counts have thousands separators, exactly as toLocaleString("en-US") writes them', () => {
    const values = [0, -0, 1, 999, 1000, -2500, 1_000_000, 4_294_967_295, 1234.5678, 0.000123, NaN, Infinity, -Infinity, 1e21]
    expect(values.map(formatCount)).toEqual(values.map((n) => n.toLocaleString('en-US')))
    expect(formatCount(1_000_000)).toBe('1,000,000')
  })

  test('bytes read in powers of 1,024, with one decimal below ten', () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 - 1, 4 * MB + 200 * 1024, 3 * 1024 * MB].map(formatBytes)).toEqual(
      ['0 bytes', '1023 bytes', '1 kB', '1.5 kB', '10 kB', '4.2 MB', '3 GB'],
    )
  })
})
