import * as Comlink from 'comlink'
import { createStorageApi } from './storage-api'

// a module worker: `storage-client.ts` creates it with `new Worker(new URL('./storage.worker.ts', import.meta.url), { type: 'module' })`
Comlink.expose(createStorageApi())
