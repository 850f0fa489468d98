import { pyRound } from '../py-round'

/** What compression reads from a forecast (reference 8.6). */
export interface CompressibleForecast {
  symbolic_tag?: string
  confidence: number
}

/**
 * One cluster of forecasts sharing a symbolic tag (reference 8.6, `compress_forecasts`); the original's `top_drivers`
 * and `attention_score` are left out because forecasts carry no drivers and no arc drift is given.
 */
export interface ForecastCluster<F extends CompressibleForecast = CompressibleForecast> {
  tag: string
  count: number
  avg_confidence: number
  members: readonly F[]
}

// reference 8.6: forecasts without a tag are clustered under this name; an empty tag joins them
const UNKNOWN_TAG = 'unknown'

// reference 8.6: a forecast's cluster is its symbolic tag; the port also sends an empty tag to "unknown"
function clusterTag(f: CompressibleForecast): string {
  return f.symbolic_tag ? f.symbolic_tag : UNKNOWN_TAG
}

/** Forecasts clustered by symbolic tag, in order of first appearance, with counts and mean confidence to 3 places. */
export function compressForecasts<F extends CompressibleForecast>(forecasts: readonly F[]): ForecastCluster<F>[] {
  const byTag = new Map<string, F[]>()
  for (const f of forecasts) {
    const tag = clusterTag(f)
    const members = byTag.get(tag)
    if (members) members.push(f)
    else byTag.set(tag, [f])
  }
  return [...byTag].map(([tag, members]) => {
    let total = 0
    for (const f of members) total += f.confidence
    return { tag, count: members.length, avg_confidence: pyRound(total / members.length, 3), members }
  })
}
