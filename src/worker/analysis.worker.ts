import * as Comlink from 'comlink'
import { createAnalysisApi } from './analysis-api'

// a module worker: `analysis-client.ts` creates it with `new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' })`
Comlink.expose(createAnalysisApi())
