import type { Diagnostic } from './diagnostic.js'

export interface RenderOptions {
  /** Wrap severity and caret in ANSI colours (the REPL on a terminal). */
  readonly color?: boolean
}

const paint = (on: boolean | undefined, code: string, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s)

/**
 * `file:line:col: error: message`, then the source line and a caret under the span:
 *
 *     nightly.yql:3:15: error: mismatched input 'COLECTION' expecting COLLECTION
 *     CREATE BACKUP COLECTION daily (TABLE orders)
 *                   ^^^^^^^^^
 */
export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = {}): string {
  const sev = paint(opts.color, d.severity === 'warning' ? '33' : d.severity === 'info' ? '36' : '31', d.severity === 'fatal' ? 'error' : d.severity)
  const src = d.source
  if (!src || !d.span) return `${src ? src.name + ': ' : ''}${sev}: ${d.message}`
  const { line, column } = src.position(d.span.start)
  const text = src.lineText(line)
  const width = Math.max(1, Math.min(d.span.end - d.span.start, text.length - column + 1))
  const pad = text.slice(0, column - 1).replace(/[^\t]/g, ' ')
  const lines = [`${src.name}:${line}:${column}: ${sev}: ${d.message}`, text, pad + paint(opts.color, '32', '^'.repeat(width))]
  for (const n of d.notes ?? []) lines.push(`  note: ${n.message}`)
  return lines.join('\n')
}

export const renderDiagnostics = (ds: readonly Diagnostic[], opts?: RenderOptions): string =>
  ds.map((d) => renderDiagnostic(d, opts)).join('\n')
