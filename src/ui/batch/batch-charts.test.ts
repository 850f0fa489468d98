import { expect, test } from 'vitest'
import { summarizeRecord } from '../../storage/run-summary'
import { errorRecord, successRecord } from '../../storage/test-records'
import { histogram, percentileBands } from '../charts/stats'
import { batchChartData } from './batch-charts'

test('the batch charts’ data: bins and bands of the completed runs of a sample, failed runs counted out', () => {
  const runs = [...Array.from({ length: 30 }, (_, i) => successRecord(i)), errorRecord(30), errorRecord(31)].map(summarizeRecord)
  const done = runs.filter((run) => run.status === 'done')
  const data = batchChartData(runs)
  expect(data).toMatchObject({ sampled: 32, completed: 30 })
  expect(data.forecast).toEqual(histogram(done.map((run) => run.forecast_value)))
  expect(data.confidence).toEqual(histogram(done.map((run) => run.confidence), { domain: [0, 1], bins: 20 }))
  expect(data.confidence).toHaveLength(20)
  expect(data.bands.map((band) => band.key).slice(0, 2)).toEqual(['hope', 'despair'])
  expect(data.bands).toEqual(percentileBands(done.map((run) => run.final_overlays), ['hope', 'despair', 'rage', 'fatigue', 'trust']))
  expect(batchChartData([])).toEqual({ sampled: 0, completed: 0, forecast: [], confidence: histogram([], { domain: [0, 1], bins: 20 }), bands: [] })
})
