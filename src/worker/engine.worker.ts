import * as Comlink from 'comlink'
import { createEngineApi } from './engine-api'

// a module worker: the pool creates it with `new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })`
Comlink.expose(createEngineApi())
