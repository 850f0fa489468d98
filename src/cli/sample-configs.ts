/** The original CLI's two hard-coded sample configs (reference 2.4), run when no --config is given. */
export const SAMPLE_CONFIGS = [
  { state_overrides: { hope: 0.6, despair: 0.2 }, turns: 1 },
  { state_overrides: { hope: 0.3, despair: 0.5 }, turns: 1 },
] as const
