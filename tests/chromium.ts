// How every test and bench launches Chromium. Playwright cannot download browsers here, so it is Debian's chromium
// (CHROMIUM_PATH overrides); no sandbox (containers), no GPU and no QUIC (none here), nothing started in the background.
// CHROMIUM_EXTRA adds flags, separated by "|" (a flag's value may hold spaces): for a look inside V8 during a bench,
// e.g. CHROMIUM_EXTRA="--js-flags=--trace-opt --trace-deopt" DEBUG=pw:browser npm run bench:browser
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ...(process.env.CHROMIUM_EXTRA ? process.env.CHROMIUM_EXTRA.split('|') : [])]

/** Playwright launch options for that browser. */
export const chromiumLaunch = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }
