import { afterEach, expect, test, vi } from 'vitest'
import { EditorSession } from './editor-session.svelte'
import { EXAMPLES } from './examples'

afterEach(() => {
  vi.unstubAllGlobals()
})

/** A fetch whose answers the test releases one by one, by URL. */
function heldFetch() {
  const pending = new Map<string, (text: string) => void>()
  vi.stubGlobal('fetch', (url: string) => new Promise((resolve) => {
    pending.set(url, (text) => resolve(new Response(text)))
  }))
  return { answer: (url: string, text: string) => pending.get(url)!(text), urls: () => [...pending.keys()] }
}

const list = (hope: number) => JSON.stringify([{ state_overrides: { hope }, turns: 1 }])

test('an example that arrives after a later change is dropped, not written over it', async () => {
  const fetches = heldFetch()
  const editor = new EditorSession()
  const [slow, picked] = EXAMPLES
  const first = editor.loadExample(slow, '/')
  const second = editor.loadExample(picked, '/')
  const [slowUrl, pickedUrl] = fetches.urls()
  fetches.answer(pickedUrl, list(0.2))
  await second
  expect(editor.text).toBe(list(0.2))
  fetches.answer(slowUrl, list(0.9))
  await first
  expect(editor.text).toBe(list(0.2))

  // typing also wins over an example still on its way
  const third = editor.loadExample(slow, '/')
  editor.edit(list(0.5))
  fetches.answer(fetches.urls()[0], list(0.7))
  await third
  expect(editor.text).toBe(list(0.5))
})
