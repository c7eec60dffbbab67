// The fault suite's summary: each scenario appends one JSON line to a file in
// .ci-out/ (test files run in separate processes); global-setup.ts truncates it
// before the run and prints it as a table after.
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export const SUMMARY_FILE = resolve(import.meta.dirname, '../../../.ci-out/faults-summary.jsonl')

/** One scenario's outcome. `lost` counts trials where data was lost or silently wrong (must be 0). */
export interface ScenarioOutcome {
  readonly scenario: string
  readonly trials: number
  readonly survived: number
  readonly lost: number
  readonly note?: string
}

export function record(o: ScenarioOutcome): void {
  mkdirSync(dirname(SUMMARY_FILE), { recursive: true })
  appendFileSync(SUMMARY_FILE, JSON.stringify(o) + '\n')
}

/** Trials per scenario: FAULT_TRIALS, else the default given (the minimum where it sets one). */
export function trials(def: number): number {
  const n = Number(process.env['FAULT_TRIALS'])
  return Number.isInteger(n) && n > 0 ? n : def
}
