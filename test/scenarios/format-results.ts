// The text form of statement results that fixtures/scenarios/*.out hold:
//   > first line of the statement
//   ok: <message>            | error: <code>: <message>  (+ failed step)
//   | col | col |            (result sets: a header, then one line per row)
// Values: NULL, numbers and bigints in decimal, strings as they are, bytes as UTF-8.
import type { StatementResult } from '../../src/exec/session.js'
import type { Value } from '../../src/types/value.js'
import { isDecimal } from '../../src/types/value.js'

const decoder = new TextDecoder()

export function formatValue(v: Value): string {
  if (v === null) return 'NULL'
  if (v instanceof Uint8Array) return decoder.decode(v)
  if (isDecimal(v)) return v.special ?? `${v.unscaled}e-${v.scale}`
  return String(v)
}

/** Strips the per-run part of operation ids. */
const stable = (s: string) => s.replace(/ydb:\/\/(\w+)\/7\?id=\d+&kind=\w+/g, 'ydb://$1/7?id=N&kind=$1')

export function formatResult(r: StatementResult): string {
  const text = r.span ? r.source.text.slice(r.span.start, r.span.end) : ''
  const head = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('--'))[0]
  const lines = head !== undefined ? [`> ${head}`] : []
  switch (r.kind) {
    case 'Ok':
      lines.push(`ok: ${stable(r.message)}${r.rowsAffected !== undefined ? ` (${r.rowsAffected} rows)` : ''}`)
      break
    case 'Plan':
      lines.push(...r.text.trimEnd().split('\n').map((l) => `plan: ${l}`))
      break
    case 'Error':
      for (const d of r.diagnostics) lines.push(`error: ${d.code}: ${stable(d.message)}`)
      if (r.failedStep) lines.push(`failed step: ${r.failedStep}${r.notExecuted?.length ? `; not executed: ${r.notExecuted.join(', ')}` : ''}`)
      break
    case 'ResultSets':
      for (const rs of r.resultSets) {
        lines.push(`| ${rs.columns.map((c) => c.name).join(' | ')} |`)
        for (const row of rs.rows) lines.push(`| ${row.map(formatValue).join(' | ')} |`)
      }
      break
  }
  return lines.join('\n')
}
