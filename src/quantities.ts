/** Counts and byte sizes as the lab writes them for people, on any thread (the page's messages, the workers' errors). */

// one formatter for every count: `toLocaleString('en-US')` resolves the locale and builds a formatter on each call
// (tens of µs in V8), and a heatmap's titles format hundreds of counts each time a running batch's sample changes
const COUNT = new Intl.NumberFormat('en-US')

/** A count with thousands separators: `1,000,000`. */
export function formatCount(n: number): string {
  return COUNT.format(n)
}

/** Bytes in kB, MB or GB (powers of 1,024), to one decimal below 10: `512 bytes`, `1.5 kB`, `21 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '')
  return `${shown} ${units[unit]}`
}
