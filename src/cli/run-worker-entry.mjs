// Worker threads start without the main thread's loader: register tsx here so the worker can run TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./run-worker.ts')
