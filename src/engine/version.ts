/** Engine version carried on every record: same (config, seed, engine version) gives the same line. */
export const ENGINE_VERSION = '0.1.0'
