import type { DesignKind } from '../schema/design'

/** Which designs give sensitivity indices: Morris trajectories (mu*, sigma) or Saltelli rows (Sobol’ S1, ST). */
export function sensitivityMethod(kind: DesignKind): 'morris' | 'sobol' | null {
  return kind === 'morris' ? 'morris' : kind === 'saltelli' ? 'sobol' : null
}
