/** Half-open [start, end) UTF-16 offsets into a SourceText's text. */
export interface Span {
  readonly start: number
  readonly end: number
}

export const span = (start: number, end: number): Span => ({ start, end })

/** The smallest span covering both. */
export const joinSpans = (a: Span, b: Span): Span => ({
  start: Math.min(a.start, b.start),
  end: Math.max(a.end, b.end),
})
