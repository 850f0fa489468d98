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
  const overlays = Object.values(state.overlays)
  const capital = Object.values(state.capital)
  const variables = Object.values(state.variables)
  const features = new Float64Array(overlays.length + capital.length + variables.length)
  features.set(overlays)
  features.set(capital.map((value) => value / CAPITAL_SCALE), overlays.length)
  features.set(variables, overlays.length + capital.length)
  return features
}

/** Reference 7 step 3: `.7 · sim + .3 · (sim + adjustment)`, in that order so the floats match the original's. */
export function ensembleForecast(simulation: { value: number }, ai: { adjustment: number }): number {
  return SIMULATION_WEIGHT * simulation.value + AI_WEIGHT * (simulation.value + ai.adjustment)
}

/** A forecaster whose adjustment network's weights are seeded by `modelSeed` (port-decisions 3). */
export function createForecaster(modelSeed: number): Forecaster {
  // The original fixed the input size at its first call and failed on any other; we keep one model per size.
  const models = new Map<number, LstmModel>()
  const modelFor = (inputSize: number): LstmModel => {
    let model = models.get(inputSize)
    if (model === undefined) {
      model = createLstmModel(modelSeed, inputSize)
      models.set(inputSize, model)
    }
    return model
  }
  return {
    forecast(state, runStats) {
      const features = forecastFeatures(state)
      const adjustment = modelFor(features.length).predict(features)
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
