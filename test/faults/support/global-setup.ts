// Truncates the summary before the fault suite and prints it as a table after.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { SUMMARY_FILE, type ScenarioOutcome } from './summary.js'

export function setup(): void {
  mkdirSync(dirname(SUMMARY_FILE), { recursive: true })
  writeFileSync(SUMMARY_FILE, '')
}

export function teardown(): void {
  if (!existsSync(SUMMARY_FILE)) return
  const rows = readFileSync(SUMMARY_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ScenarioOutcome)
    .sort((a, b) => a.scenario.localeCompare(b.scenario))
  const head = ['scenario', 'trials', 'survived', 'data lost', 'note']
  const cells = rows.map((r) => [r.scenario, String(r.trials), String(r.survived), String(r.lost), r.note ?? ''])
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]): string => c.map((x, i) => (i >= 1 && i <= 3 ? x.padStart(w[i]!) : x.padEnd(w[i]!))).join('  ').trimEnd()
  const lost = rows.reduce((n, r) => n + r.lost, 0)
  const out = ['', 'Fault injection summary', line(head), line(w.map((n) => '-'.repeat(n))), ...cells.map(line), `total data lost: ${lost}`, '']
  process.stdout.write(out.join('\n') + '\n')
  writeFileSync(SUMMARY_FILE.replace(/\.jsonl$/, '.txt'), out.join('\n') + '\n')
}
