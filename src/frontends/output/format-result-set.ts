// Result-set output formats of `sql --format` (names as in the ydb CLI).
import type { ResultSet } from '../../backends/cluster/cluster-backend.js'
import { valueToJson, valueToText } from './value-text.js'

export const OUTPUT_FORMATS = ['pretty', 'json-unicode', 'csv', 'tsv'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export const isOutputFormat = (s: string): s is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(s)

/** Renders one result set as text in `format`; the text ends with a newline (empty for no rows in json-unicode). */
export function formatResultSet(rs: ResultSet, format: OutputFormat): string {
  switch (format) {
    case 'pretty':
      return formatPretty(rs)
    case 'json-unicode':
      return formatJsonUnicode(rs)
    case 'csv':
      return formatDelimited(rs, ',')
    case 'tsv':
      return formatDelimited(rs, '\t')
  }
}

/** One JSON object per row per line, keys in column order (ydb CLI `json-unicode`). */
export function formatJsonUnicode(rs: ResultSet): string {
  const keys = rs.columns.map((c) => JSON.stringify(c.name))
  let s = ''
  for (const row of rs.rows) {
    s += '{' + rs.columns.map((c, i) => `${keys[i]}:${valueToJson(row[i] ?? null, c.type)}`).join(',') + '}\n'
  }
  return s
}

/**
 * A header line of column names, then one line per row. CSV quotes a field
 * (RFC 4180) when it holds the delimiter, a quote or a line break; NULL is an
 * empty field and the empty string is `""`. TSV escapes tab, line breaks and
 * backslash with a backslash and writes NULL as `\N`.
 */
export function formatDelimited(rs: ResultSet, delimiter: ',' | '\t'): string {
  const field = (t: string | undefined): string => {
    if (delimiter === '\t') return t === undefined ? '\\N' : t.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    if (t === undefined) return ''
    return t === '' || /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
  }
  let s = rs.columns.map((c) => field(c.name)).join(delimiter) + '\n'
  for (const row of rs.rows) s += rs.columns.map((c, i) => field(valueToText(row[i] ?? null, c.type))).join(delimiter) + '\n'
  return s
}

/** A box-drawn table, as `ydb sql` prints by default; strings quoted, NULL as `null`. */
export function formatPretty(rs: ResultSet): string {
  return formatTextTable(
    rs.columns.map((c) => c.name),
    rs.rows.map((row) => rs.columns.map((c, i) => valueToJson(row[i] ?? null, c.type))),
  )
}

/** A box-drawn table of ready-made cell texts (scheme ls -l, operation list). */
export function formatTextTable(header: readonly string[], cells: readonly (readonly string[])[]): string {
  if (header.length === 0) return '(no columns)\n'
  const widths = header.map((h) => h.length)
  for (const r of cells) r.forEach((v, i) => (widths[i] = Math.max(widths[i]!, v.length)))
  const rule = (l: string, m: string, r: string): string => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r + '\n'
  const line = (vals: readonly string[]): string => '│' + vals.map((v, i) => ` ${v.padEnd(widths[i]!)} `).join('│') + '│\n'
  let s = rule('┌', '┬', '┐') + line(header) + rule('├', '┼', '┤')
  for (const r of cells) s += line(r)
  return s + rule('└', '┴', '┘')
}
