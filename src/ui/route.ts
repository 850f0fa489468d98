/** Two groups of one design compared: the runs whose factor `path` is at level `a` against those at level `b`. */
export interface CompareGroups {
  path: string
  a: number | boolean | string
  b: number | boolean | string
}

/** The lab's views, addressed by the URL hash so that reload and the back button keep the place. */
export type Route =
  | { view: 'editor'; batchId: string | null }
  | { view: 'library' }
  | { view: 'batch'; batchId: string }
  | { view: 'run'; batchId: string; index: number }
  /** Batch `a` against batch `b` (the same batch twice, with `groups`, compares two levels of one factor). */
  | { view: 'compare'; a: string; b: string; groups: CompareGroups | null }
  | { view: 'not-found'; hash: string }

/** The route of a location hash (`#/batch/<id>`); an empty hash opens the editor. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').replace(/\/+$/, '')
  if (path === '' || path === 'new') return { view: 'editor', batchId: null }
  const parts = path.split('/').map(safeDecode)
  if (parts.some((part) => part === null || part === '')) return { view: 'not-found', hash }
  if (parts[0] === 'compare') return parseCompare(parts as string[], hash)
  const [head, id, sub, index, ...rest] = parts as string[]
  if (rest.length > 0) return { view: 'not-found', hash }
  if (head === 'library' && id === undefined) return { view: 'library' }
  if (head === 'edit' && id !== undefined && sub === undefined) return { view: 'editor', batchId: id }
  if (head === 'batch' && id !== undefined) {
    if (sub === undefined) return { view: 'batch', batchId: id }
    if (sub === 'run' && index !== undefined && /^\d{1,9}$/.test(index)) return { view: 'run', batchId: id, index: Number(index) }
  }
  return { view: 'not-found', hash }
}

/** The hash (`#/…`) of a route, with ids encoded so any id round-trips. */
export function routeHref(route: Route): string {
  const id = (value: string) => encodeURIComponent(value)
  switch (route.view) {
    case 'editor':
      return route.batchId === null ? '#/new' : `#/edit/${id(route.batchId)}`
    case 'library':
      return '#/library'
    case 'batch':
      return `#/batch/${id(route.batchId)}`
    case 'run':
      return `#/batch/${id(route.batchId)}/run/${route.index}`
    case 'compare': {
      const groups = route.groups ? `/${id(route.groups.path)}/${id(JSON.stringify(route.groups.a))}/${id(JSON.stringify(route.groups.b))}` : ''
      return `#/compare/${id(route.a)}/${id(route.b)}${groups}`
    }
    case 'not-found':
      return route.hash
  }
}

// #/compare/<a>/<b>, or #/compare/<a>/<b>/<factor path>/<level a>/<level b> with levels written as JSON (0.2, true, "full")
function parseCompare(parts: string[], hash: string): Route {
  const [, a, b, path, levelA, levelB] = parts
  if (parts.length === 3) return { view: 'compare', a, b, groups: null }
  const level = (text: string) => {
    try {
      const value: unknown = JSON.parse(text)
      return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : null
    } catch {
      return null
    }
  }
  const [va, vb] = parts.length === 6 ? [level(levelA), level(levelB)] : [null, null]
  return va === null || vb === null ? { view: 'not-found', hash } : { view: 'compare', a, b, groups: { path, a: va, b: vb } }
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part)
  } catch {
    return null
  }
}
