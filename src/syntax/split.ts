// Statement boundaries without a full lex: a character scan that knows YQL's
// strings ('..', "..", @@..@@), quoted identifiers (`..`) and comments (--, /* */),
// so a ';' inside them does not end a statement. parseScript lexes and parses one
// statement at a time with it, and StatementStream cuts a script that arrives in
// chunks (a multi-gigabyte .yql file) into statements with bounded memory.
import { SourceText } from '../source/source-text.js'

const SEMI = 59
const QUOTE1 = 39
const QUOTE2 = 34
const BACKTICK = 96
const BACKSLASH = 92
const AT = 64
const DASH = 45
const STAR = 42
const NL = 10

/**
 * The offset of the ';' that ends the statement starting at `from`, or -1 when
 * the text ends first. `open` tells whether the text ends inside a string,
 * quoted identifier or comment.
 */
export function findStatementEnd(text: string, from: number): { end: number; open: boolean } {
  const n = text.length
  let i = from
  while (i < n) {
    // Jump to the next character that matters (a regex scan beats a charCodeAt loop).
    SPECIAL.lastIndex = i
    if (!SPECIAL.test(text)) return { end: -1, open: false }
    i = SPECIAL.lastIndex - 1
    const c = text.charCodeAt(i)
    if (c === SEMI) return { end: i, open: false }
    if (c === QUOTE1 || c === QUOTE2 || c === BACKTICK) {
      // Backslash escapes everywhere; a doubled backtick in `..` closes and reopens,
      // which gives the same boundaries.
      const close = c === QUOTE1 ? CLOSE1 : c === QUOTE2 ? CLOSE2 : CLOSE_BACKTICK
      close.lastIndex = i + 1
      for (;;) {
        if (!close.test(text)) return { end: -1, open: true }
        if (text.charCodeAt(close.lastIndex - 1) !== BACKSLASH) break
        close.lastIndex++ // skip the escaped character
      }
      i = close.lastIndex
    } else if (c === AT) {
      if (text.charCodeAt(i + 1) !== AT) {
        i++
        continue
      }
      const close = text.indexOf('@@', i + 2)
      if (close < 0) return { end: -1, open: true }
      i = close + 2 // `@@@@` inside closes and reopens: same boundaries
    } else if (c === DASH) {
      if (text.charCodeAt(i + 1) !== DASH) {
        i++
        continue
      }
      EOL.lastIndex = i + 2
      i = EOL.test(text) ? EOL.lastIndex : n
    } else {
      if (text.charCodeAt(i + 1) !== STAR) {
        i++
        continue
      }
      const close = text.indexOf('*/', i + 2)
      if (close < 0) return { end: -1, open: true }
      i = close + 2
    }
  }
  return { end: -1, open: false }
}

const SPECIAL = /[;'"`@/-]/g
const CLOSE1 = /['\\]/g
const CLOSE2 = /["\\]/g
const CLOSE_BACKTICK = /[`\\]/g
const EOL = /[\n\r]/g

/** One statement's text, cut out of a longer script, positioned as in the script. */
export interface StatementChunk {
  /** The statement with its ';' (absent for the last one when the script has none). */
  readonly source: SourceText
}

/**
 * Cuts a script arriving in chunks into statements. `push` returns the statements
 * completed by the chunk, `end` the rest. Each statement's SourceText keeps the
 * line and column it has in the whole script, so diagnostics point into the file.
 */
export class StatementStream {
  private buffer = ''
  private line = 1
  private column = 1
  private scanned = 0

  constructor(private readonly name = '<input>') {}

  push(chunk: string): StatementChunk[] {
    this.buffer += chunk
    const out: StatementChunk[] = []
    let start = 0
    let from = this.scanned
    for (;;) {
      const { end } = findStatementEnd(this.buffer, from)
      if (end < 0) break
      out.push(this.take(start, end + 1))
      start = end + 1
      from = start
    }
    this.buffer = this.buffer.slice(start)
    // Restart the next scan at the statement start: a chunk may end inside a string.
    this.scanned = 0
    return out
  }

  /** The text after the last ';', if it holds more than whitespace. */
  end(): StatementChunk | undefined {
    const rest = this.buffer
    this.buffer = ''
    return rest.trim() ? this.take(0, rest.length, rest) : undefined
  }

  private take(start: number, end: number, text = this.buffer.slice(start, end)): StatementChunk {
    const source = new SourceText(text, this.name, this.line, this.column)
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === NL) {
        this.line++
        this.column = 1
      } else {
        this.column++
      }
    }
    return { source }
  }
}
