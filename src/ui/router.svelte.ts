import { on } from 'svelte/events'
import { createSubscriber } from 'svelte/reactivity'
import { parseRoute, type Route, routeHref } from './route'

const subscribe = createSubscriber((update) => on(window, 'hashchange', update))

/** The current route, read from the location hash (reactive: views follow the back button and links). */
export function currentRoute(): Route {
  subscribe()
  return parseRoute(location.hash)
}

/** Goes to a route; like following a link, it adds a history entry. */
export function navigate(route: Route): void {
  location.hash = routeHref(route)
}

export { routeHref }
