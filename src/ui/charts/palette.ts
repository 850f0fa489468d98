/** Series colours: each core overlay keeps one colour on every chart, other series take the rest in turn. */
export const OVERLAY_COLORS: Readonly<Record<string, string>> = {
  hope: '#15803d',
  despair: '#7c3aed',
  rage: '#dc2626',
  fatigue: '#b45309',
  trust: '#2563eb',
}

// Tableau 10 without the hues the overlays already use, so a variable is never mistaken for an overlay
const SERIES_COLORS = ['#0891b2', '#db2777', '#65a30d', '#9333ea', '#ea580c', '#0d9488', '#4f46e5', '#a16207', '#be123c', '#475569']

/** The colour of a series by name, or by its position when the name has no fixed colour. */
export function seriesColor(name: string, position: number): string {
  return OVERLAY_COLORS[name] ?? SERIES_COLORS[position % SERIES_COLORS.length]
}

/** A hex colour with an alpha, for fills under or around a series. */
export function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255).toString(16).padStart(2, '0')
  return `${hex}${a}`
}

/** Axis text and grid lines (the lab's light theme; see app.css --muted and --line). */
export const AXIS = { text: '#475569', grid: '#e2e8f0' } as const
