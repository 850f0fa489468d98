import { Chart, Filler } from 'chart.js'

// sweep bands fill between two lines; the lab's other charts do not fill, so the Filler plugin is registered only
// where a sweep chart is drawn (charts/chart-attachment.svelte.ts registers the rest)
Chart.register(Filler)
