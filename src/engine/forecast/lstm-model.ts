import { sigmoid, tanh } from '../portable-math'
import { createRng } from '../prng'

/** Hidden width of the original's `nn.LSTM(F, 64, num_layers=2)` (reference 7, step 3.2). */
export const HIDDEN_SIZE = 64

/** The original clamps the network's output to [−10, 10] (reference 7, step 3.2). */
export const ADJUSTMENT_LIMIT = 10

const H = HIDDEN_SIZE
const GATE_ROWS = 4 * H
// Rows the one-step, zero-state fast path needs: the i, g and o gates (f only ever multiplies c0 = 0).
const FAST_ROWS = 3 * H

/** One LSTM layer's parameters as PyTorch stores them: gate rows in the order i, f, g, o, matrices row-major. */
export interface LstmLayerWeights {
  /** 4H × input size. */
  readonly weightIh: Float64Array
  /** 4H × H. */
  readonly weightHh: Float64Array
  /** 4H. */
  readonly biasIh: Float64Array
  /** 4H. */
  readonly biasHh: Float64Array
}

/** The parameters of the original's network: two LSTM layers, then `nn.Linear(64, 1)`; treat them as read-only. */
export interface LstmWeights {
  readonly inputSize: number
  readonly layers: readonly [LstmLayerWeights, LstmLayerWeights]
  /** 1 × H. */
  readonly linearWeight: Float64Array
  readonly linearBias: number
}

/** The forecast's "AI adjustment" network, evaluated on one time step from a zero state. */
export interface LstmModel {
  readonly inputSize: number
  readonly weights: LstmWeights
  /** The clamped adjustment for a sequence of length 1; `features` must be finite and `inputSize` long. */
  predict(features: ArrayLike<number>): number
}

/**
 * The weights PyTorch's default initialisation would give, drawn from `createRng(modelSeed)` (port-decisions 3):
 * every parameter uniform(−1/√H, 1/√H), in PyTorch's parameter order (weight_ih_l0, weight_hh_l0, bias_ih_l0,
 * bias_hh_l0, the same for l1, then linear.weight and linear.bias, whose bound 1/√fan_in is also 1/√64).
 */
export function initLstmWeights(modelSeed: number, inputSize: number): LstmWeights {
  if (!Number.isInteger(inputSize) || inputSize < 0) {
    throw new RangeError(`inputSize must be a non-negative integer, got ${inputSize}`)
  }
  const rng = createRng(modelSeed)
  const bound = 1 / Math.sqrt(H)
  const draw = (length: number): Float64Array => {
    const values = new Float64Array(length)
    for (let k = 0; k < length; k++) values[k] = rng.uniform(-bound, bound)
    return values
  }
  // Object and array literals evaluate in source order, which here is PyTorch's parameter order.
  const layer = (layerInput: number): LstmLayerWeights => ({
    weightIh: draw(GATE_ROWS * layerInput),
    weightHh: draw(GATE_ROWS * H),
    biasIh: draw(GATE_ROWS),
    biasHh: draw(GATE_ROWS),
  })
  const layers = [layer(inputSize), layer(H)] as const
  const linearWeight = draw(H)
  return { inputSize, layers, linearWeight, linearBias: rng.uniform(-bound, bound) }
}

/** The seeded network of port-decisions 3: weights are a pure function of (modelSeed, inputSize). */
export function createLstmModel(modelSeed: number, inputSize: number): LstmModel {
  return lstmModelFromWeights(initLstmWeights(modelSeed, inputSize))
}

/**
 * A model over given weights whose `predict` is bit-identical to `predictPlain`: it drops only terms that are
 * exactly zero on a one-step, zero-state sequence and otherwise adds the same numbers in the same order.
 */
export function lstmModelFromWeights(weights: LstmWeights): LstmModel {
  const { inputSize, layers, linearWeight, linearBias } = weights
  const layer0 = fastLayer(layers[0], inputSize)
  const layer1 = fastLayer(layers[1], H)
  // Zero features can be skipped only if every weight they meet is finite (∞ · 0 is NaN, not a zero term).
  const skipZeros = layer0.weightIh.every(Number.isFinite)
  const input = new Float64Array(inputSize)
  const nonzero = new Int32Array(inputSize)
  const preactivation = new Float64Array(FAST_ROWS)
  const hidden0 = new Float64Array(H)
  const hidden1 = new Float64Array(H)
  return {
    inputSize,
    weights,
    predict(features) {
      if (features.length !== inputSize) {
        throw new RangeError(`expected ${inputSize} features, got ${features.length}`)
      }
      let count = 0
      for (let j = 0; j < inputSize; j++) {
        const value = features[j]
        // A non-finite input would turn the forget gate's f · c0 into NaN, a term the fast path skips.
        if (!Number.isFinite(value)) throw new RangeError(`feature ${j} is not finite: ${value}`)
        input[j] = value
        if (value !== 0 || !skipZeros) nonzero[count++] = j
      }
      sparsePreactivations(layer0, input, nonzero, count, preactivation)
      cellOutput(preactivation, hidden0)
      gatePreactivations(layer1, hidden0, preactivation)
      cellOutput(preactivation, hidden1)
      return clampAdjustment(dot(linearWeight, 0, hidden1, H) + linearBias)
    },
  }
}

/**
 * The reference evaluation of one LSTM step from h0 = c0 = 0, term for term as PyTorch defines it:
 * gates = (W_ih·x + b_ih) + (W_hh·h0 + b_hh), c1 = f·c0 + i·g, h1 = o·tanh(c1), then Linear and the clamp.
 */
export function predictPlain(model: LstmModel, features: ArrayLike<number>): number {
  let x: ArrayLike<number> = features
  for (const layer of model.weights.layers) {
    const width = layer.weightIh.length / GATE_ROWS
    const h0 = new Float64Array(H)
    const c0 = new Float64Array(H)
    const gates = new Float64Array(GATE_ROWS)
    for (let r = 0; r < GATE_ROWS; r++) {
      gates[r] = (dot(layer.weightIh, r * width, x, width) + layer.biasIh[r])
        + (dot(layer.weightHh, r * H, h0, H) + layer.biasHh[r])
    }
    const h1 = new Float64Array(H)
    for (let u = 0; u < H; u++) {
      const i = sigmoid(gates[u])
      const f = sigmoid(gates[H + u])
      const g = tanh(gates[2 * H + u])
      const o = sigmoid(gates[3 * H + u])
      const c1 = f * c0[u] + i * g
      h1[u] = o * tanh(c1)
    }
    x = h1
  }
  return clampAdjustment(dot(model.weights.linearWeight, 0, x, H) + model.weights.linearBias)
}

// Rows are summed four at a time; 3H = 192 is a multiple of 4.
const BLOCK = 4

/** A layer's weights as the one-step, zero-state fast path reads them. */
interface FastLayer {
  /** Rows i, g, o of weight_ih in blocks of four rows, each block stored column by column. */
  readonly weightIh: Float64Array
  readonly biasIh: Float64Array
  /** `0 + b_hh` for rows i, g, o: plain adds W_hh·h0, which is exactly +0, before b_hh; we keep that + 0. */
  readonly biasHh: Float64Array
  readonly width: number
}

function fastLayer(layer: LstmLayerWeights, width: number): FastLayer {
  const weightIh = new Float64Array(FAST_ROWS * width)
  const biasIh = new Float64Array(FAST_ROWS)
  const biasHh = new Float64Array(FAST_ROWS)
  for (let r = 0; r < FAST_ROWS; r++) {
    // Fast rows 0..H−1, H..2H−1, 2H..3H−1 are PyTorch's gate blocks i (0), g (2) and o (3) of i, f, g, o.
    const source = r < H ? r : r + H
    const blockStart = r - (r % BLOCK)
    for (let j = 0; j < width; j++) {
      weightIh[blockStart * width + j * BLOCK + (r % BLOCK)] = layer.weightIh[source * width + j]
    }
    biasIh[r] = layer.biasIh[source]
    biasHh[r] = 0 + layer.biasHh[source]
  }
  return { weightIh, biasIh, biasHh, width }
}

/**
 * `out[r] = (Σ_j w[r][j] · x[j] + b_ih[r]) + (0 + b_hh[r])` for the 3H fast rows. Each row is summed left to right
 * from 0, as `dot` does, but four rows run side by side (their weights interleaved so memory is read in order) as
 * independent chains the CPU can overlap: about twice as fast as one row at a time.
 */
function gatePreactivations(layer: FastLayer, x: Float64Array, out: Float64Array): void {
  const { weightIh: w, width } = layer
  let p = 0
  for (let r = 0; r < FAST_ROWS; r += BLOCK) {
    let a0 = 0
    let a1 = 0
    let a2 = 0
    let a3 = 0
    for (let j = 0; j < width; j++, p += BLOCK) {
      const xj = x[j]
      a0 += w[p] * xj
      a1 += w[p + 1] * xj
      a2 += w[p + 2] * xj
      a3 += w[p + 3] * xj
    }
    addBiases(layer, r, a0, a1, a2, a3, out)
  }
}

/**
 * gatePreactivations over the inputs listed in `columns` only (the first layer's non-zero features). A skipped input
 * adds w · ±0 = ±0 in `dot`, which leaves the sum unchanged: a sum that starts at +0 is never −0 (x + (−x) is +0),
 * and a ± 0 = a for every other a. The other terms are added in the same order.
 */
function sparsePreactivations(layer: FastLayer, x: Float64Array, columns: Int32Array, count: number, out: Float64Array): void {
  const { weightIh: w, width } = layer
  for (let r = 0, block = 0; r < FAST_ROWS; r += BLOCK, block += BLOCK * width) {
    let a0 = 0
    let a1 = 0
    let a2 = 0
    let a3 = 0
    for (let n = 0; n < count; n++) {
      const j = columns[n]
      const xj = x[j]
      const p = block + j * BLOCK
      a0 += w[p] * xj
      a1 += w[p + 1] * xj
      a2 += w[p + 2] * xj
      a3 += w[p + 3] * xj
    }
    addBiases(layer, r, a0, a1, a2, a3, out)
  }
}

// Rows r..r+3 of the preactivations: each row's sum, then `+ b_ih`, then `+ (0 + b_hh)`, in PyTorch's order.
function addBiases({ biasIh, biasHh }: FastLayer, r: number, a0: number, a1: number, a2: number, a3: number, out: Float64Array): void {
  out[r] = (a0 + biasIh[r]) + biasHh[r]
  out[r + 1] = (a1 + biasIh[r + 1]) + biasHh[r + 1]
  out[r + 2] = (a2 + biasIh[r + 2]) + biasHh[r + 2]
  out[r + 3] = (a3 + biasIh[r + 3]) + biasHh[r + 3]
}

function cellOutput(preactivation: Float64Array, output: Float64Array): void {
  for (let u = 0; u < H; u++) {
    const i = sigmoid(preactivation[u])
    const g = tanh(preactivation[H + u])
    const o = sigmoid(preactivation[2 * H + u])
    // Plain computes f · c0 + i · g with f · c0 = +0; adding the same +0 keeps h1 equal to plain's, signed zeros too.
    output[u] = o * tanh(0 + i * g)
  }
}

function dot(w: Float64Array, offset: number, x: ArrayLike<number>, length: number): number {
  let sum = 0
  for (let j = 0; j < length; j++) sum += w[offset + j] * x[j]
  return sum
}

function clampAdjustment(y: number): number {
  return Math.min(ADJUSTMENT_LIMIT, Math.max(-ADJUSTMENT_LIMIT, y))
}
