/** An example batch file shipped in public/examples (precached by the PWA, so examples work offline). */
export interface Example {
  file: string
  title: string
  description: string
}

/** The examples offered in the editor, simplest first. */
export const EXAMPLES: readonly Example[] = [
  { file: 'reference-samples.json', title: 'Reference samples', description: 'the original CLI’s two sample configs, as a plain list' },
  { file: 'hope-despair-grid.json', title: 'Hope × despair grid', description: '100 runs on a 10 × 10 grid, 10 turns each' },
  { file: 'gravity-observations.json', title: 'Gravity with observations', description: '2 runs of 30 turns learning from observed market data, with per-turn records' },
  { file: 'failing-config.json', title: 'Sweep with a failing config', description: '6 runs; one fails in the turn stage' },
  { file: 'large-sweep.json', title: 'Large sweep', description: '2,000 runs of 3,000 turns: watch progress, pause and resume' },
  { file: 'invalid-configs.json', title: 'Validation demo', description: 'broken configs, to show how problems are listed' },
]

/** Where an example is served from, under the app's base path. */
export function exampleUrl(example: Example, base: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}examples/${example.file}`
}
