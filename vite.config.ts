import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

export default defineConfig({
  plugins: [
    svelte(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: {
        name: 'Pulse Lab',
        short_name: 'Pulse Lab',
        description: 'Run Pulse symbolic world simulations in your browser',
        start_url: '/',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#0f172a',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest,json}'],
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    rolldownOptions: {
      output: {
        // zod and the module that makes it jitless in one chunk, so the config is set before any schema elsewhere is
        // made: otherwise a schema made first probes `new Function`, which index.html's CSP reports as a violation
        codeSplitting: { groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]zod-jitless\.ts$/ }] },
      },
    },
  },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
})
