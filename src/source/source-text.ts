/** 1-based line and column (columns count UTF-16 code units, as YDB's do). */
export interface Position {
  readonly line: number
  readonly column: number
}

/**
 * A named piece of YQL text: a file, a REPL entry, a library call's string.
 * Offsets are absolute within `text`; `baseLine` lets one statement of a large,
 * streamed script keep the line numbers it has in the whole file.
 */
export class SourceText {
  private lineStarts?: number[]

  constructor(
    readonly text: string,
    readonly name = '<input>',
    readonly baseLine = 1,
    /** Column of the text's first character in its line (a statement cut out mid-line). */
    readonly baseColumn = 1,
  ) {}

  position(offset: number): Position {
    const starts = this.starts()
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + this.baseLine, column: offset - starts[lo]! + 1 + (lo === 0 ? this.baseColumn - 1 : 0) }
  }

  /** The text of the 1-based line (as numbered by `position`), without its line break. */
  lineText(line: number): string {
    const starts = this.starts()
    const i = line - this.baseLine
    const start = starts[i] ?? this.text.length
    let end = starts[i + 1] ?? this.text.length
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--
    // The first line of a cut-out statement is padded so carets still line up.
    return (i === 0 ? ' '.repeat(this.baseColumn - 1) : '') + this.text.slice(start, end)
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts
    const starts = [0]
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1)
    this.lineStarts = starts
    return starts
  }
}
