import * as Comlink from 'comlink'
import { createChartApi } from './chart-api'

// a module worker: `chart-client.ts` creates it with `new Worker(new URL('./chart.worker.ts', import.meta.url), { type: 'module' })`
Comlink.expose(createChartApi())
