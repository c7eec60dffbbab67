// The statement scanner of script-reader.ts, alone in its module so the reader's
// worker thread can load it without the grammar.
import type { PrescannedHead } from '../syntax/bulk-values.js'

/** One statement cut out of a script, with where it starts in the whole file. */
export interface ScriptStatement {
  /** The statement's text, from its first non-blank character through its `;` (if any). */
  readonly text: string
  /** 1-based line of the text's first character in the whole script. */
  readonly line: number
  /** 1-based column (UTF-16 code units) of the text's first character. */
  readonly column: number
  /** A bulk VALUES statement the reader's worker already scanned (RunOptions.prescanned). */
  readonly prescanned?: { readonly head: PrescannedHead; readonly payload: unknown }
}

/** Counters a caller (or a test) can read to see that memory stays bounded. */
export interface ReaderStats {
  statements: number
  /** The most characters the reader buffered at once for one statement. */
  maxBufferedChars: number
}

const enum State {
  Normal,
  Single,
  Double,
  Backtick,
  AtAt,
  LineComment,
  BlockComment,
}

const NORMAL_SPECIAL = /[;'"`@/-]/g
const SINGLE_SPECIAL = /['\\]/g
const DOUBLE_SPECIAL = /["\\]/g
const BACKTICK_SPECIAL = /[`\\]/g

const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\ufeff'

/**
 * The incremental scanner: feed it text in chunks split anywhere; it calls
 * `emit` with each complete statement. `finish()` returns the trailing
 * statement that has no `;`, unless it is only blanks and comments.
 */
export class StatementScanner {
  readonly stats: ReaderStats = { statements: 0, maxBufferedChars: 0 }
  private state = State.Normal
  // The previous character when it may begin a two-character token:
  // '-' (--), '/' (/*), '*' (*/), '@' (@@), '\\' (an escape inside quotes).
  private pending = ''
  private line = 1
  private column = 1
  private started = false // the current statement has a first non-blank character
  private hasCode = false // ... and something besides comments
  private startLine = 1
  private startColumn = 1
  private parts: string[] = []
  private buffered = 0
  /** Offset in the current chunk up to which line and column are counted. */
  private counted = 0

  /** True when the text fed so far ends outside any string, identifier or block comment. */
  get atTopLevel(): boolean {
    return this.state === State.Normal || this.state === State.LineComment
  }

  /** True when a statement has begun and holds code (it is waiting for its `;`). */
  get inStatement(): boolean {
    return this.started && (this.hasCode || this.pending !== '' || !this.atTopLevel)
  }

  feed(chunk: string, emit: (s: ScriptStatement) => void): void {
    let segStart = this.started ? 0 : -1
    // Lines and columns are counted lazily, up to where a statement starts.
    this.counted = 0
    const n = chunk.length
    let i = 0
    while (i < n) {
      if (!this.started) {
        if (isBlank(chunk[i]!)) {
          i++
          continue
        }
        this.syncTo(chunk, i)
        this.started = true
        this.startLine = this.line
        this.startColumn = this.column
        segStart = i
      }
      // Jump over characters that cannot change the state (most of a script).
      if (this.pending === '') {
        const j = this.nextInteresting(chunk, i)
        if (j < 0) break
        i = j
      }
      const end = this.step(chunk[i]!)
      i++
      if (end) {
        this.append(chunk, segStart, i)
        const text = this.parts.join('')
        this.parts = []
        this.buffered = 0
        this.started = false
        this.hasCode = false
        segStart = -1
        this.stats.statements++
        emit({ text, line: this.startLine, column: this.startColumn })
      }
    }
    this.syncTo(chunk, n)
    if (segStart >= 0) this.append(chunk, segStart, n)
  }

  /** Counts lines and columns of chunk[counted, to). */
  private syncTo(chunk: string, to: number): void {
    let p = this.counted
    for (;;) {
      const nl = chunk.indexOf('\n', p)
      if (nl < 0 || nl >= to) break
      this.line++
      this.column = 1
      p = nl + 1
    }
    this.column += to - p
    this.counted = to
  }

  /**
   * The next offset from `i` whose character may change the state (-1: none in
   * the chunk); everything before it would leave the scanner as it is. Only
   * called with no pending character.
   */
  private nextInteresting(chunk: string, i: number): number {
    let re: RegExp
    switch (this.state) {
      case State.Normal:
        // Before the first code character every non-blank one matters (hasCode).
        if (!this.hasCode) return i
        re = NORMAL_SPECIAL
        break
      case State.Single:
        re = SINGLE_SPECIAL
        break
      case State.Double:
        re = DOUBLE_SPECIAL
        break
      case State.Backtick:
        re = BACKTICK_SPECIAL
        break
      case State.AtAt:
        return chunk.indexOf('@', i)
      case State.LineComment:
        return chunk.indexOf('\n', i)
      case State.BlockComment:
        return chunk.indexOf('*', i)
    }
    re.lastIndex = i
    return re.test(chunk) ? re.lastIndex - 1 : -1
  }

  finish(): ScriptStatement | undefined {
    if (this.pending !== '' && this.state === State.Normal) this.hasCode = true
    const s = this.started && this.hasCode ? { text: this.parts.join(''), line: this.startLine, column: this.startColumn } : undefined
    if (s) this.stats.statements++
    this.parts = []
    this.buffered = 0
    this.started = false
    this.hasCode = false
    this.state = State.Normal
    this.pending = ''
    return s
  }

  private append(chunk: string, start: number, end: number): void {
    if (end <= start) return
    this.parts.push(chunk.slice(start, end))
    this.buffered += end - start
    if (this.buffered > this.stats.maxBufferedChars) this.stats.maxBufferedChars = this.buffered
  }

  /** Moves the state machine over one character; true when it is a terminating `;`. */
  private step(c: string): boolean {
    const p = this.pending
    switch (this.state) {
      case State.Normal:
        this.pending = ''
        if (p === '-' && c === '-') return (this.state = State.LineComment), false
        if (p === '/' && c === '*') return (this.state = State.BlockComment), false
        if (p === '@' && c === '@') return (this.state = State.AtAt), (this.hasCode = true), false
        if (p !== '') this.hasCode = true // the held character was code after all
        if (c === '-' || c === '/' || c === '@') {
          this.pending = c
          return false
        }
        if (!isBlank(c)) this.hasCode = true
        if (c === "'") this.state = State.Single
        else if (c === '"') this.state = State.Double
        else if (c === '`') this.state = State.Backtick
        else if (c === ';') return true
        return false
      case State.Single:
      case State.Double:
      case State.Backtick:
        if (p === '\\') this.pending = ''
        else if (c === '\\') this.pending = '\\'
        else if (c === (this.state === State.Single ? "'" : this.state === State.Double ? '"' : '`')) this.state = State.Normal
        return false
      case State.AtAt:
        if (p === '@' && c === '@') {
          this.state = State.Normal
          this.pending = ''
        } else this.pending = c === '@' ? '@' : ''
        return false
      case State.LineComment:
        if (c === '\n') this.state = State.Normal
        return false
      case State.BlockComment:
        if (p === '*' && c === '/') {
          this.state = State.Normal
          this.pending = ''
        } else this.pending = c === '*' ? '*' : ''
        return false
    }
  }
}

