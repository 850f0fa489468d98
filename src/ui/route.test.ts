import { describe, expect, test } from 'vitest'
import { parseRoute, type Route, routeHref } from './route'

describe('routes', () => {
  test('every view round-trips through its hash', () => {
    const routes: Route[] = [
      { view: 'editor', batchId: null },
      { view: 'editor', batchId: 'b-1' },
      { view: 'library' },
      { view: 'batch', batchId: '0b6f3c1e-2d4a-4f6b-9e8d-1a2b3c4d5e6f' },
      { view: 'run', batchId: 'a/b c', index: 41 },
      { view: 'compare', a: 'b-1', b: 'b 2', groups: null },
      { view: 'compare', a: 'b-1', b: 'b-1', groups: { path: 'state_overrides.hope', a: 0.2, b: 0.8 } },
      { view: 'compare', a: 'x', b: 'x', groups: { path: 'record', a: 'full', b: 'summary/x' } },
    ]
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route)
  })

  test('an empty hash and #/ open the editor; a trailing slash is ignored', () => {
    expect(parseRoute('')).toEqual({ view: 'editor', batchId: null })
    expect(parseRoute('#/')).toEqual({ view: 'editor', batchId: null })
    expect(parseRoute('#/library/')).toEqual({ view: 'library' })
  })

  test('unknown, malformed and over-long paths are not found', () => {
    for (const hash of ['#/nope', '#/batch', '#/batch/x/run/-1', '#/batch/x/run/1.5', '#/batch/x/run/1/extra', '#/batch/%E0%A4%A', '#/library/x', '#/batch//run/1',
      '#/compare/a', '#/compare/a/b/path/1', '#/compare/a/b/path/%7B%7D/1', '#/compare/a/b/path/nope/1']) {
      expect(parseRoute(hash)).toEqual({ view: 'not-found', hash })
    }
  })
})
