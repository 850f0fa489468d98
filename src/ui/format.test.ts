import { describe, expect, test } from 'vitest'
import { formatDuration, formatRate, formatTime, formatValue, plural } from './format'

describe('formatting for people', () => {
  test('durations round to the second and grow units', () => {
    expect([formatDuration(0.4), formatDuration(42), formatDuration(185), formatDuration(7440)]).toEqual(['0 s', '42 s', '3 min 05 s', '2 h 04 min'])
    expect([formatDuration(null), formatDuration(Infinity), formatDuration(-1)]).toEqual(['—', '—', '—'])
  })

  test('rates keep three significant digits', () => {
    expect([formatRate(0.51234), formatRate(12.345), formatRate(1249.6), formatRate(null)]).toEqual(['0.512', '12.3', '1,250', '—'])
  })

  test('values: fixed decimals, a dash when missing', () => {
    expect([formatValue(0.80812), formatValue(null), formatValue(2, 1), formatValue(NaN)]).toEqual(['0.808', '—', '2.0', 'NaN'])
  })

  test('counts, plurals and times', () => {
    expect([plural(1, 'run'), plural(2500, 'run')]).toEqual(['1 run', '2,500 runs'])
    const moment = Date.UTC(2026, 10, 25, 14, 3, 59)
    // each zone keeps its own formatter
    expect([formatTime(moment, 'UTC'), formatTime(moment, 'Asia/Tokyo'), formatTime(moment, 'UTC')]).toEqual(['2026-11-25 14:03', '2026-11-25 23:03', '2026-11-25 14:03'])
    expect(formatTime(null)).toBe('—')
  })
})
