/** How the lab writes numbers, sizes, durations and times for people (tables, progress, messages). */

import { formatCount } from '../quantities'

export { formatBytes, formatCount } from '../quantities'

const DASH = '—'

/** A remaining time: `42 s`, `3 min 05 s`, `2 h 04 min`; a dash when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return DASH
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

/** A throughput: three significant digits (`0.512`, `12.3`, `1,250`); a dash when unknown. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return DASH
  return perSecond >= 1000 ? formatCount(Math.round(perSecond)) : String(Number(perSecond.toPrecision(3)))
}

/** A value from a record to a fixed number of decimals; a dash for a missing one (a failed run). */
export function formatValue(value: number | null | undefined, decimals = 3): string {
  if (value === null || value === undefined) return DASH
  if (!Number.isFinite(value)) return String(value)
  return value.toFixed(decimals)
}

// a formatter per time zone, made once: making one takes tens of µs, and the batch view writes its times every
// second while a batch runs
const timeFormats = new Map<string | undefined, Intl.DateTimeFormat>()

function timeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  let format = timeFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    timeFormats.set(timeZone, format)
  }
  return format
}

/** A moment as local date and time, to the minute (`2026-11-25 14:03`). */
export function formatTime(ms: number | null, timeZone?: string): string {
  if (ms === null) return DASH
  const parts = Object.fromEntries(timeFormat(timeZone).formatToParts(ms).map((part) => [part.type, part.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** `1 run`, `3 runs`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
