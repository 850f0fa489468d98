import { createLstmModel, type LstmModel } from './lstm-model'

/** The parts of a final world state the forecast reads (reference 7, with port-decisions 3). */
export interface ForecastInputState {
  overlays: Record<string, number>
  capital: Record<string, number>
  variables: Record<string, number>
}

/** The run's own last-turn trust figures, which the forecast carries instead of the original's 0.5 (port-decisions 3). */
export interface ForecastRunStats {
  confidence: number
  fragility: number
}

/** The generator's output, keyed and ordered as the original's dict (reference 7, steps 4–5) for the JSONL record. */
export interface Forecast {
  value: number
  breakdown: { simulation_based: number; ai_adjustment: number }
  confidence_interval: null
  probability_distribution: null
  contributing_factors: Record<string, never>
  confidence: number
  fragility: number
}

/** Generates forecasts with one seeded network per feature count, built on first use. */
export interface Forecaster {
  /** The forecast for a run's final state and last-turn trust figures. */
  forecast(state: ForecastInputState, runStats: ForecastRunStats): Forecast
}

// Reference 7 step 2: the simulation-based forecast is a constant stub.
const SIMULATION_FORECAST = 100.0
// Reference 7 step 3: ENSEMBLE_WEIGHTS = {simulation: .7, ai: .3}.
const SIMULATION_WEIGHT = 0.7
const AI_WEIGHT = 0.3
// Port-decisions 3: capital is divided by 100000 so it sits on the overlays' scale.
const CAPITAL_SCALE = 100000

/**
 * The network's inputs (port-decisions 3): overlays as they are, capital / 100000, variables as given, each in
 * its object's key order (JavaScript's: integer-like keys first), with no timestamp and no turn.
 */
export function forecastFeatures(state: ForecastInputState): Float64Array {
  // Object.values of each group, written straight into the array (for…in visits the same keys in the same order)
  const { overlays, capital, variables } = state
  let size = 0
  for (const k in overlays) if (Object.hasOwn(overlays, k)) size++
  for (const k in capital) if (Object.hasOwn(capital, k)) size++
  for (const k in variables) if (Object.hasOwn(variables, k)) size++
  const features = new Float64Array(size)
  let i = 0
  for (const k in overlays) if (Object.hasOwn(overlays, k)) features[i++] = overlays[k]
  for (const k in capital) if (Object.hasOwn(capital, k)) features[i++] = capital[k] / CAPITAL_SCALE
  for (const k in variables) if (Object.hasOwn(variables, k)) features[i++] = variables[k]
  return features
}

/** Reference 7 step 3: `.7 · sim + .3 · (sim + adjustment)`, in that order so the floats match the original's. */
export function ensembleForecast(simulation: { value: number }, ai: { adjustment: number }): number {
  return SIMULATION_WEIGHT * simulation.value + AI_WEIGHT * (simulation.value + ai.adjustment)
}

// Adjustments remembered per forecaster before the memory starts over (~150 bytes each for 10 features).
const REMEMBERED_ADJUSTMENTS = 4096

/**
 * A forecaster whose adjustment network's weights are seeded by `modelSeed` (port-decisions 3). The adjustment is a
 * pure function of the features' bits, and the runs of a batch often end in the same state (one config under other
 * seeds, overlays decayed to 0), so the forecaster remembers recent adjustments by the features' exact bits.
 * `buildModel` is there for tests that count the models built.
 */
export function createForecaster(modelSeed: number, buildModel: typeof createLstmModel = createLstmModel): Forecaster {
  // The original fixed the input size at its first call and failed on any other; we keep one model per size.
  const models = new Map<number, LstmModel>()
  const modelFor = (inputSize: number): LstmModel => {
    let model = models.get(inputSize)
    if (model === undefined) {
      model = buildModel(modelSeed, inputSize)
      models.set(inputSize, model)
    }
    return model
  }
  const remembered = new Map<number, { bits: Uint32Array; adjustment: number }[]>()
  let rememberedCount = 0
  const adjustmentFor = (features: Float64Array): number => {
    const bits = new Uint32Array(features.buffer, features.byteOffset, 2 * features.length)
    const key = hashBits(bits)
    const bucket = remembered.get(key)
    if (bucket) for (const entry of bucket) if (sameBits(entry.bits, bits)) return entry.adjustment
    const adjustment = modelFor(features.length).predict(features)
    if (rememberedCount === REMEMBERED_ADJUSTMENTS) {
      remembered.clear()
      rememberedCount = 0
    }
    const entry = { bits, adjustment }
    if (bucket && remembered.has(key)) bucket.push(entry)
    else remembered.set(key, [entry])
    rememberedCount++
    return adjustment
  }
  return {
    forecast(state, runStats) {
      const adjustment = adjustmentFor(forecastFeatures(state))
      return {
        value: ensembleForecast({ value: SIMULATION_FORECAST }, { adjustment }),
        breakdown: { simulation_based: SIMULATION_FORECAST, ai_adjustment: adjustment },
        confidence_interval: null,
        probability_distribution: null,
        contributing_factors: {},
        confidence: runStats.confidence,
        fragility: runStats.fragility,
      }
    },
  }
}

// FNV-1a over 32-bit words: spreads feature vectors that differ in any bit over the memory's buckets.
function hashBits(bits: Uint32Array): number {
  let h = 0x811c9dc5
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 0x01000193)
  return h >>> 0
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
