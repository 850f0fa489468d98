import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { alignmentIndex } from './alignment'
import { confidenceGate } from './gate'
import { scoreForecast } from './score'
import { tagForecast } from './tag-forecast'
import { computeFragility } from './tension'

interface GoldenTurn {
  overlays: Record<string, number>
  arc_label: string
  symbolic_tag: string
  fragility: number
  confidence: number
  risk_score: number
  historical_consistency: number
  alignment_score: number
  trust_label: string
}

function goldenTurns(name: string): GoldenTurn[] {
  const text = readFileSync(new URL(`../../../tests/fixtures/golden/${name}.golden.jsonl`, import.meta.url), 'utf8')
  return text.split('\n').filter((line) => line.trim()).flatMap((line) => (JSON.parse(line) as { turns: GoldenTurn[] }).turns)
}

describe('trust maths agree with every turn the original computed (tests/fixtures/golden)', () => {
  for (const name of ['sample_cli', 'grid100']) {
    test(`${name}: tags, fragility, confidence, risk, consistency, alignment and the original's trust label`, () => {
      const turns = goldenTurns(name)
      expect(turns.length).toBeGreaterThan(0)
      for (const turn of turns) {
        const { arc_label, trust_tag } = tagForecast(turn.overlays)
        const firstPass = scoreForecast({ overlays: turn.overlays }).confidence
        const fragility = computeFragility(turn.overlays)
        const score = scoreForecast({ fragility, overlays: turn.overlays })
        expect({
          arc_label,
          symbolic_tag: trust_tag,
          fragility,
          confidence: score.confidence,
          risk_score: score.risk_score,
          historical_consistency: score.historical_consistency,
          // reference 4.8: the original's alignment and trust label still see the first-pass confidence
          alignment_score: alignmentIndex({ confidence: firstPass, symbolic_tag: trust_tag }).alignment_score,
          trust_label: confidenceGate(firstPass, fragility, score.risk_score),
        }).toEqual({
          arc_label: turn.arc_label,
          symbolic_tag: turn.symbolic_tag,
          fragility: turn.fragility,
          confidence: turn.confidence,
          risk_score: turn.risk_score,
          historical_consistency: turn.historical_consistency,
          alignment_score: turn.alignment_score,
          trust_label: turn.trust_label,
        })
      }
    })
  }
})
