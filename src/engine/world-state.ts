import { CORE_OVERLAYS, DEFAULT_CAPITAL, type RunConfig } from '../schema/run-config'

/** The simulated world: overlays (5 core, then dynamic), capital, numeric variables, and the turn counter. */
export interface WorldState {
  turn: number
  overlays: Record<string, number>
  capital: Record<string, number>
  variables: Record<string, number>
}

/** Clamps into [0, 1], as the original does after every overlay set (reference 3.2). */
export function clampUnit(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

/** A fresh state with the config's overrides applied: core overlays default to 0.5, capital to reference 3.3. */
export function applyOverrides(config: Pick<RunConfig, 'state_overrides' | 'capital' | 'variables'>): WorldState {
  const overrides = config.state_overrides
  const overlays: Record<string, number> = {}
  for (const name of CORE_OVERLAYS) overlays[name] = overrides[name] ?? 0.5
  const dynamic = overrides._dynamic_overlays
  if (dynamic) for (const [name, value] of Object.entries(dynamic)) overlays[name] = value
  return {
    turn: 0,
    overlays,
    // Object.assign, not spreads: V8 (Node 20) adds keys to a spread copy ~100× slower, and rules and observations add
    // variables (BENCHMARKS.md); the copies are the same, since validated names are never `__proto__`.
    capital: Object.assign({}, DEFAULT_CAPITAL, config.capital),
    variables: Object.assign({}, config.variables),
  }
}

/** A deep copy that keeps dynamic overlays (the original's snapshot round trip lost them, reference 3.1). */
export function snapshotState(state: WorldState): WorldState {
  return {
    turn: state.turn,
    overlays: { ...state.overlays },
    capital: { ...state.capital },
    variables: { ...state.variables },
  }
}

/** Decays every overlay, core and dynamic, linearly toward 0 (reference 4.3: `max(0, x − rate)`). */
export function decayOverlays(state: WorldState, rate: number): void {
  const overlays = state.overlays
  for (const name in overlays) overlays[name] = Math.max(0, overlays[name] - rate)
}
