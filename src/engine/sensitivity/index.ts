// Sensitivity analysis, SALib-style: unit-cube samplers (random, Latin hypercube, Sobol', Saltelli, Morris) and the
// estimators that read their layouts (Morris mu/mu*/sigma, Sobol' S1/ST with bootstrap intervals). Pure functions
// over numbers; the batch-file side (factors, paths, run specs) is src/schema/design.
export { bootstrapIntervals, quantile, type BootstrapOptions } from './bootstrap'
export { latinHypercube, permuteIndex } from './latin-hypercube'
export { morrisDelta, morrisIndices, morrisTrajectories, type MorrisIndex } from './morris'
export { saltelliSample, sobolIndices, type SobolIndex } from './sobol-indices'
export { MAX_SOBOL_DIMENSIONS, createSobolSequence, type SobolSequence } from './sobol-sequence'
export { randomSample, sobolSample, type UnitSampler } from './unit-sampler'
