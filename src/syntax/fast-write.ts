// A fast path for the statement bulk loads are made of:
//   (UPSERT | INSERT | REPLACE) INTO name [(col, ...)] VALUES (v, ...), (v, ...) ...
// where every v is a literal, a signed number, a $parameter or a call such as
// Timestamp('...') of such values. It reads the text directly (no token objects,
// no CST) and builds exactly the AST the grammar and build.ts would. Anything
// outside that subset (a comment it cannot skip, an operator, a keyword as a name,
// a string it cannot unescape, a syntax error) returns undefined, and the caller
// parses the statement the ordinary way, which also gives the diagnostics.
import { REAL, INTEGER_VALUE, STRING_VALUE, KEYWORDS } from '../../grammar/yql.js'
import { literalNode } from '../ast/build-literal.js'
import type * as A from '../ast/nodes.js'
import type { Span } from '../source/span.js'
import { unquoteIdentifier } from './unescape.js'

const sticky = (re: RegExp): RegExp => new RegExp(re.source, 'y')
// The grammar's own token patterns, so a literal ends exactly where the lexer ends it.
const REAL_Y = sticky(REAL.PATTERN as RegExp)
const INTEGER_Y = sticky(INTEGER_VALUE.PATTERN as RegExp)
const STRING_Y = sticky(STRING_VALUE.PATTERN as RegExp)
const ID_QUOTED_Y = /`[^`\\]*(?:(?:\\[\s\S]|``)[^`\\]*)*`/y
const WORD_Y = /[A-Za-z_][A-Za-z0-9_]*/y

const MODES: Readonly<Record<string, A.WriteStmt['mode']>> = { UPSERT: 'UPSERT', INSERT: 'INSERT', REPLACE: 'REPLACE' }

/** Thrown inside the scanner to give up; caught in parseFastWrite. */
const GIVE_UP = new Error('not on the fast path')

const isWordStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isDigit = (c: number): boolean => c >= 48 && c <= 57

class Scanner {
  pos: number
  /** End offset of the last token read (exclusive). */
  last = 0

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start
  }

  /** Skips blanks and comments (the lexer's skipped tokens). */
  skip(): void {
    const t = this.text
    for (;;) {
      const c = t.charCodeAt(this.pos)
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11) this.pos++
      else if (c === 45 && t.charCodeAt(this.pos + 1) === 45) {
        let i = this.pos + 2
        while (i < this.end && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++
        this.pos = i
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf('*/', this.pos + 2)
        if (close < 0 || close + 2 > this.end) throw GIVE_UP
        this.pos = close + 2
      } else break
    }
    if (this.pos > this.end) throw GIVE_UP
  }

  /** The character code at the next token (after blanks and comments), or NaN at the end. */
  peek(): number {
    this.skip()
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : NaN
  }

  expectChar(c: number): number {
    if (this.peek() !== c) throw GIVE_UP
    const at = this.pos++
    this.last = this.pos
    return at
  }

  /** A sticky regex match at the current position (which must be a token start), within the statement. */
  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos
    const m = re.exec(this.text)
    if (!m || re.lastIndex > this.end) return undefined
    this.pos = re.lastIndex
    this.last = this.pos
    return m[0]
  }

  word(): string {
    this.skip()
    const w = this.match(WORD_Y)
    if (w === undefined) throw GIVE_UP
    return w
  }

  /** A name (SQLv1 an_id): here only a plain identifier that is no keyword, or a backtick-quoted one. */
  name(): A.Name {
    const c = this.peek()
    const start = this.pos
    if (c === 96) {
      const q = this.match(ID_QUOTED_Y)
      if (q === undefined) throw GIVE_UP
      const r = unquoteIdentifier(q)
      if (!r.ok) throw GIVE_UP
      return { kind: 'Name', text: r.text, quoted: 'backtick', span: { start, end: this.pos } }
    }
    if (!isWordStart(c)) throw GIVE_UP
    const w = this.word()
    if (KEYWORDS.has(w.toUpperCase())) throw GIVE_UP
    return { kind: 'Name', text: w, quoted: 'none', span: { start, end: this.pos } }
  }

  /** One VALUES expression of the fast subset. */
  value(): A.Expr {
    const c = this.peek()
    const start = this.pos
    if (c === 45 || c === 43) {
      // '-' or '+' before a number ('--' was taken as a comment by skip()).
      this.pos++
      const n = this.peek()
      if (!(isDigit(n) || n === 46)) throw GIVE_UP
      const operand = this.number()
      return { kind: 'UnaryExpr', op: c === 45 ? '-' : '+', operand, span: { start, end: operand.span.end } }
    }
    if (isDigit(c) || c === 46) return this.number()
    if (c === 39 || c === 34 || c === 64) {
      const s = this.match(STRING_Y)
      if (s === undefined) throw GIVE_UP
      const r = literalNode('String', s, { start, end: this.pos })
      if (r.bad !== undefined) throw GIVE_UP
      return r.node
    }
    if (c === 36) {
      this.pos++
      const w = this.match(WORD_Y)
      if (w === undefined) throw GIVE_UP
      return { kind: 'Parameter', name: '$' + w, span: { start, end: this.pos } }
    }
    if (!isWordStart(c)) throw GIVE_UP
    const w = this.word()
    const upper = w.toUpperCase()
    const span: Span = { start, end: this.pos }
    if (upper === 'TRUE') return literalNode('True', w, span).node
    if (upper === 'FALSE') return literalNode('False', w, span).node
    if (upper === 'NULL') return literalNode('Null', w, span).node
    if (KEYWORDS.has(upper)) throw GIVE_UP
    // A call: Timestamp('...'), Decimal('1.5', 22, 9), CurrentUtcTimestamp().
    this.expectChar(40)
    const args: A.Expr[] = []
    if (this.peek() === 41) this.pos++
    else {
      for (;;) {
        args.push(this.value())
        const d = this.peek()
        this.pos++
        if (d === 41) break
        if (d !== 44) throw GIVE_UP
      }
    }
    this.last = this.pos
    return { kind: 'CallExpr', name: w, args, distinct: false, span: { start, end: this.pos } }
  }

  number(): A.Literal {
    const start = this.pos
    let s = this.match(REAL_Y)
    if (s !== undefined) return literalNode('Float', s, { start, end: this.pos }).node
    s = this.match(INTEGER_Y)
    if (s === undefined) throw GIVE_UP
    return literalNode('Integer', s, { start, end: this.pos }).node
  }
}

/**
 * Parses `text[start, end)` (one statement without its ';') if it is a write with
 * a VALUES list of the fast subset; otherwise undefined (parse it the usual way).
 */
export function parseFastWrite(text: string, start: number, end: number): A.StatementEntry | undefined {
  try {
    return scanWrite(new Scanner(text, start, end))
  } catch (e) {
    if (e === GIVE_UP) return undefined
    throw e
  }
}

function scanWrite(s: Scanner): A.StatementEntry | undefined {
  s.skip()
  const first = s.pos
  const mode = MODES[s.word().toUpperCase()]
  if (!mode || s.word().toUpperCase() !== 'INTO') return undefined
  const name = s.name()
  let table: A.ObjectRef = { kind: 'ObjectRef', name, span: name.span }
  if (s.peek() === 46) {
    s.pos++
    const n = s.name()
    table = { kind: 'ObjectRef', cluster: name, name: n, span: { start: name.span.start, end: n.span.end } }
  }
  let columns: A.Name[] | undefined
  if (s.peek() === 40) {
    s.pos++
    columns = []
    for (;;) {
      columns.push(s.name())
      const d = s.peek()
      s.pos++
      if (d === 41) break
      if (d !== 44) return undefined
    }
  }
  s.skip()
  const valuesAt = s.pos
  if (s.word().toUpperCase() !== 'VALUES') return undefined
  const rows: A.Expr[][] = []
  for (;;) {
    s.expectChar(40)
    const row: A.Expr[] = []
    for (;;) {
      row.push(s.value())
      const d = s.peek()
      s.pos++
      if (d === 41) break
      if (d !== 44) return undefined
    }
    s.last = s.pos
    rows.push(row)
    const d = s.peek()
    if (Number.isNaN(d)) break
    if (d !== 44) return undefined
    s.pos++
  }
  const stmtEnd = s.last
  const statement: A.WriteStmt = {
    kind: 'Write',
    mode,
    table,
    ...(columns ? { columns } : {}),
    source: { kind: 'Values', rows, span: { start: valuesAt, end: stmtEnd } },
    span: { start: first, end: stmtEnd },
  }
  return { statement, explain: false, span: { start: first, end: stmtEnd } }
}
