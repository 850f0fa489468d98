import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { createRng } from '../prng'
import {
  ADJUSTMENT_LIMIT, HIDDEN_SIZE, createLstmModel, initLstmWeights, lstmModelFromWeights, predictPlain,
} from './lstm-model'

const H = HIDDEN_SIZE
const SAMPLE = [0.5, 0.3, 0.2, 0.4, 0.6, 0.01, 0.02, 0.03, 0.04, 1]

// Moderate values exercise unsaturated gates; any finite double exercises overflow to ±Infinity inside the sums.
const feature = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }))

describe('port-decisions 3: the seeded LSTM', () => {
  test.each([1, 3, 10, 17])('predict is bit-identical to predictPlain (input size %i)', (inputSize) => {
    const models = [1, 2, 0xdeadbeef].map((seed) => createLstmModel(seed, inputSize))
    fc.assert(fc.property(fc.array(feature, { minLength: inputSize, maxLength: inputSize }), (features) => {
      for (const model of models) expect(model.predict(features)).toBe(predictPlain(model, features))
    }), { numRuns: 60 })
    for (const model of models) {
      const zeros = new Array<number>(inputSize).fill(0)
      expect(model.predict(zeros)).toBe(predictPlain(model, zeros))
      expect(model.predict(zeros.map(() => -0))).toBe(predictPlain(model, zeros.map(() => -0)))
    }
  })

  test('predict skips zero features exactly: sparse inputs (0, −0, tiny, huge) match predictPlain bit for bit', () => {
    const sparse = fc.oneof(fc.constant(0), fc.constant(-0), fc.constant(1), fc.constant(Number.MIN_VALUE), feature)
    const models = [1, 7].map((seed) => createLstmModel(seed, 12))
    fc.assert(fc.property(fc.array(sparse, { minLength: 12, maxLength: 12 }), (features) => {
      for (const model of models) expect(Object.is(model.predict(features), predictPlain(model, features))).toBe(true)
    }), { numRuns: 300 })
  })

  test('with an infinite layer-0 weight nothing is skipped: ∞ · 0 is NaN in plain and in predict', () => {
    const weights = initLstmWeights(3, 4)
    const weightIh = Float64Array.from(weights.layers[0].weightIh)
    weightIh[0] = Infinity
    const model = lstmModelFromWeights({ ...weights, layers: [{ ...weights.layers[0], weightIh }, weights.layers[1]] })
    for (const features of [[0, 0, 0, 0], [0, 1, 0, -0], [1, 2, 3, 4]]) {
      expect(Object.is(model.predict(features), predictPlain(model, features))).toBe(true)
    }
    expect(model.predict([0, 1, 0, 0])).toBeNaN()
  })

  test('pinned outputs: a change in seeding, initialisation or activations fails here', () => {
    expect(createLstmModel(1, 10).predict(SAMPLE)).toBe(-0.10125504727291712)
    expect(createLstmModel(2, 10).predict(SAMPLE)).toBe(0.10694777765130078)
  })

  test('weights are drawn uniform(−1/8, 1/8) from createRng(modelSeed) in PyTorch parameter order', () => {
    const inputSize = 5
    const weights = initLstmWeights(42, inputSize)
    const [l0, l1] = weights.layers
    const ordered = [
      l0.weightIh, l0.weightHh, l0.biasIh, l0.biasHh, l1.weightIh, l1.weightHh, l1.biasIh, l1.biasHh,
      weights.linearWeight, [weights.linearBias],
    ]
    expect(ordered.map((p) => p.length)).toEqual([
      4 * H * inputSize, 4 * H * H, 4 * H, 4 * H, 4 * H * H, 4 * H * H, 4 * H, 4 * H, H, 1,
    ])
    const drawn = ordered.flatMap((parameter) => [...parameter])
    const rng = createRng(42)
    expect(drawn).toEqual(drawn.map(() => rng.uniform(-0.125, 0.125)))
  })

  test('weights are a pure function of (modelSeed, inputSize)', () => {
    expect(initLstmWeights(7, 4)).toEqual(initLstmWeights(7, 4))
    expect(initLstmWeights(7, 4).layers[0].weightIh).not.toEqual(initLstmWeights(8, 4).layers[0].weightIh)
    const a = createLstmModel(7, 10)
    const b = createLstmModel(7, 10)
    const c = createLstmModel(8, 10)
    fc.assert(fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 10, maxLength: 10 }),
      (features) => {
        expect(a.predict(features)).toBe(b.predict(features))
        expect(c.predict(features)).not.toBe(a.predict(features))
      }), { numRuns: 100 })
  })

  test('the output is clamped to [−10, 10] on both paths', () => {
    const weights = initLstmWeights(1, 3)
    for (const [bias, clamped] of [[50, ADJUSTMENT_LIMIT], [-50, -ADJUSTMENT_LIMIT]]) {
      const model = lstmModelFromWeights({ ...weights, linearBias: bias })
      expect(model.predict([1, 2, 3])).toBe(clamped)
      expect(predictPlain(model, [1, 2, 3])).toBe(clamped)
    }
  })

  test('with PyTorch initialisation |output| ≤ Σ|w| + |b| < 8.125, so the clamp never binds, even for huge inputs', () => {
    const model = createLstmModel(1, 10)
    const { linearWeight, linearBias } = model.weights
    const bound = linearWeight.reduce((sum, w) => sum + Math.abs(w), Math.abs(linearBias))
    expect(bound).toBeLessThan(8.125)
    fc.assert(fc.property(fc.array(feature, { minLength: 10, maxLength: 10 }), (features) => {
      expect(Math.abs(model.predict(features))).toBeLessThanOrEqual(bound)
    }), { numRuns: 200 })
    expect(Math.abs(model.predict(SAMPLE.map((x) => x * 1e12)))).toBeLessThanOrEqual(bound)
  })

  test('predict rejects a wrong feature count and non-finite features', () => {
    const model = createLstmModel(1, 3)
    expect(() => model.predict([1, 2])).toThrow(RangeError)
    expect(() => model.predict([1, Number.NaN, 3])).toThrow(RangeError)
    expect(() => model.predict([1, 2, Infinity])).toThrow(RangeError)
    expect(() => createLstmModel(1, 2.5)).toThrow(RangeError)
  })
})
