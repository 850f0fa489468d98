import { formatCount } from '../format'
import type { HeatmapData } from './sweep-stats'

// Viridis (van der Walt and Smith, matplotlib 2015) at nine evenly spaced stops: perceptually uniform, readable in
// grey and by the common colour-vision deficiencies; linear interpolation between stops is close enough for cells.
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725']

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const hex2 = (n: number) => Math.round(n).toString(16).padStart(2, '0')
const VIRIDIS_CHANNELS = VIRIDIS.map(channels)

/** The colour of t in [0, 1] on the viridis scale (t outside is clamped; NaN is a neutral grey). */
export function heatColor(t: number): string {
  if (Number.isNaN(t)) return '#e2e8f0'
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1)
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u))
  const a = VIRIDIS_CHANNELS[i]
  const b = VIRIDIS_CHANNELS[i + 1]
  const f = u - i
  return `#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
  // contrast with black (L + 0.05)/0.05 beats contrast with white 1.05/(L + 0.05) above L ≈ 0.179
  return luminance > 0.179 ? '#000000' : '#ffffff'
}

/** Where a value sits between min and max, in [0, 1] (½ when they are equal, so a flat map is one mid colour). */
export function scaleUnit(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return NaN
  return max > min ? (value - min) / (max - min) : 0.5
}

/**
 * Decimals that show about 30 steps across [min, max]: neighbouring cells of a forecast map, all near 99.97, read
 * 99.96942 and 99.96951, while overlays in [0, 1] read 0.42.
 */
export function heatDecimals(min: number, max: number): number {
  const range = max - min
  if (!(range > 0)) return 3
  return Math.max(0, Math.min(8, Math.ceil(-Math.log10(range / 30))))
}

/** One cell as the heatmap table shows it: its text and colours, computed once per heatmap (see heatmapView). */
export interface HeatCellView {
  filled: boolean
  text: string
  background: string | null
  color: string | null
}

/** The heatmap's rows as shown: the highest y level at the top, as on a chart's y axis; `yi` is the row's level. */
export interface HeatmapView {
  rows: { label: string; yi: number; cells: HeatCellView[] }[]
  decimals: number
}

/**
 * What the table shows of a heatmap, computed in one pass: each live sample gives every cell new values, and a
 * table that worked out each cell's colour and text in effects of its own took 30–40 ms of the page's thread for 100
 * cells, every time.
 */
export function heatmapView(heat: HeatmapData): HeatmapView {
  const decimals = heatDecimals(heat.min, heat.max)
  const rows: HeatmapView['rows'] = []
  for (let yi = heat.y.labels.length - 1; yi >= 0; yi--) {
    const cells: HeatCellView[] = []
    for (const cell of heat.cells[yi]) {
      if (!cell) {
        cells.push({ filled: false, text: 'no runs', background: null, color: null })
        continue
      }
      const background = heatColor(scaleUnit(cell.mean, heat.min, heat.max))
      cells.push({ filled: true, text: cell.mean.toFixed(decimals), background, color: textOn(background) })
    }
    rows.push({ label: heat.y.labels[yi], yi, cells })
  }
  return { rows, decimals }
}

/** A cell's tooltip: where it is and what its runs give; null for a cell without runs. Made when it is pointed at. */
export function heatCellTitle(heat: HeatmapData, xi: number, yi: number, xTitle: string, yTitle: string): string | null {
  const cell = heat.cells[yi]?.[xi]
  if (!cell) return null
  return `${xTitle} ${heat.x.labels[xi]}, ${yTitle} ${heat.y.labels[yi]}: mean ${cell.mean.toPrecision(6)}, sd ${cell.sd.toPrecision(3)}, ${formatCount(cell.n)} runs`
}
