import type { Span } from '../source/span.js'
import type { SourceText } from '../source/source-text.js'

export type Severity = 'fatal' | 'error' | 'warning' | 'info'

/**
 * One problem, found by any stage: parser, validator, planner, executor, backend.
 * Stages return diagnostics; they do not throw them. `code` is stable (tests and
 * tools match on it); `message` is for people and, where YDB has a message for
 * the same problem, carries YDB's words.
 */
export interface Diagnostic {
  readonly severity: Severity
  readonly code: string
  readonly message: string
  /** Absent only when no source text is involved (a backend that is down). */
  readonly span?: Span
  readonly source?: SourceText
  readonly notes?: readonly { readonly message: string; readonly span?: Span }[]
  readonly cause?: unknown
}

export const error = (code: string, message: string, span?: Span, source?: SourceText): Diagnostic => ({
  severity: 'error',
  code,
  message,
  ...(span ? { span } : {}),
  ...(source ? { source } : {}),
})

export const hasErrors = (ds: readonly Diagnostic[]): boolean =>
  ds.some((d) => d.severity === 'error' || d.severity === 'fatal')

/** Thrown only across the library boundary (and by backends, caught by the executor). */
export class YqlError extends Error {
  override readonly name = 'YqlError'
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'))
  }

  static of(code: string, message: string, span?: Span, source?: SourceText): YqlError {
    return new YqlError([error(code, message, span, source)])
  }
}
