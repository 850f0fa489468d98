/** The lab's views, addressed by the URL hash so that reload and the back button keep the place. */
export type Route =
  | { view: 'editor'; batchId: string | null }
  | { view: 'library' }
  | { view: 'batch'; batchId: string }
  | { view: 'run'; batchId: string; index: number }
  | { view: 'not-found'; hash: string }

/** The route of a location hash (`#/batch/<id>`); an empty hash opens the editor. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').replace(/\/+$/, '')
  if (path === '' || path === 'new') return { view: 'editor', batchId: null }
  const parts = path.split('/').map(safeDecode)
  if (parts.some((part) => part === null || part === '')) return { view: 'not-found', hash }
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
    case 'not-found':
      return route.hash
  }
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part)
  } catch {
    return null
  }
}
