import type { z } from 'zod'
import { closestName, knownKeysAt } from './did-you-mean'

/** One validation problem: which config (null = the file itself), which field, what is wrong. */
export interface Problem {
  index: number | null
  path: string
  message: string
}

/** Renders a zod path as `state_overrides.hope` or `configs[3].turns`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    // an empty name or one with dots or spaces would read as a different path: quote it
    else if (!/^[\w$-]+$/.test(String(key))) out += `[${JSON.stringify(String(key))}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}

/**
 * Turns zod issues into problems; with `configsKey`, a path under `configs[i]` names config i. With `root` (the
 * schema that was parsed), an unknown key gets a "did you mean" when a known key is close.
 */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], options: { configsKey?: string; root?: z.ZodType } = {}): Problem[] {
  return issues.flatMap((issue) => {
    const known = issue.code === 'unrecognized_keys' && options.root ? knownKeysAt(options.root, issue.path) : null
    let path: readonly PropertyKey[] = issue.path
    let index: number | null = null
    if (options.configsKey && path[0] === options.configsKey && typeof path[1] === 'number') {
      index = path[1]
      path = path.slice(2)
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const guess = known ? closestName(key, known) : null
        return { index, path: formatPath([...path, key]), message: guess ? `unknown key (did you mean "${guess}"?)` : 'unknown key' }
      })
    }
    return [{ index, path: formatPath(path), message: issueMessage(issue) }]
  })
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `is required (expected ${issue.expected === 'int' ? 'a whole number' : issue.expected})`
    if (issue.expected === 'int' && typeof issue.input === 'number' && Number.isFinite(issue.input)) return 'must be a whole number'
    return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}, got ${typeofValue(issue.input)}`
  }
  // a record key that fails its own schema: say what is wrong with the name, not just "Invalid key"
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]
    if (inner?.code === 'too_small') return 'the name is empty'
    if (inner?.code === 'too_big') return 'the name is too long (at most 100 characters)'
    return inner ? `the name ${inner.message}` : 'invalid name'
  }
  // zod's default bounds messages ("Too small: expected number to be >=0") in plain words; custom messages stay
  if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big)/.test(issue.message)) return boundMessage(issue)
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  return issue.message
}

function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small'
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum)
  const inclusive = issue.inclusive !== false
  const word = small ? (inclusive ? 'at least' : 'more than') : (inclusive ? 'at most' : 'less than')
  if (issue.origin === 'array' || issue.origin === 'set') return `must hold ${word} ${bound} item${bound === 1 ? '' : 's'}`
  if (issue.origin === 'string') return `must be ${word} ${bound} character${bound === 1 ? '' : 's'} long`
  return `must be ${word} ${bound}`
}

function typeofValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `${v} (not a finite number)`
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'boolean') return `the boolean ${v}`
  return typeof v
}

/** One line per problem: `config 3: state_overrides.hope: must be between 0 and 1`. */
export function formatProblem(p: Problem): string {
  const where = [p.index === null ? null : `config ${p.index}`, p.path || null].filter(Boolean).join(': ')
  return where ? `${where}: ${p.message}` : p.message
}
