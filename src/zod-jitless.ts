import { z } from 'zod'

// index.html's Content-Security-Policy has no 'unsafe-eval'. Without this, zod probes `new Function` when its first
// object schema is made (a reported CSP violation) and then parses without its JIT anyway. Schemas are made when
// their modules load, so main.ts imports this module before any other.
z.config({ jitless: true })
