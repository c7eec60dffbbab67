// The bulk-load fast path's scanner: one statement of the form
//   (UPSERT | INSERT | REPLACE) INTO name [(col, ...)] VALUES (v, ...), (v, ...) ... [;]
// where every v is a literal, optionally signed (numbers), inside CAST(… AS Type)
// or as the single string argument of a call (`Timestamp('…')`). Unlike
// fast-write.ts it builds no AST node per value: each value is a few numbers in
// typed arrays (its kind and token offsets), and the executor converts the token
// text straight into the target column's type (bulk-write.ts in the embedded SQL
// layer). The statement's AST is still there for anyone who asks: the VALUES rows
// are built on first access by the ordinary parser, so another backend, or the
// executor's fallback on any error, sees exactly the statement parseScript gives.
//
// Anything outside the subset (a parameter, an operator, a keyword as a name, a
// string it cannot read, a second statement) returns undefined: parse the usual way.
import { INTEGER_VALUE, KEYWORDS, REAL, STRING_VALUE } from '../../grammar/yql.js'
import type * as A from '../ast/nodes.js'
import { resolveType } from '../ast/resolve-type.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { parseScript } from './parse.js'
import { unescapeString, unquoteIdentifier } from './unescape.js'

/** A value's base token. */
export const enum CellKind {
  /** Decimal digits only (an INTEGER_VALUE token without prefix or suffix). */
  PlainInteger = 1,
  /** Any other INTEGER_VALUE token (hex, suffix). */
  Integer = 2,
  Real = 3,
  /** A '…' token without backslash, with suffix '' or u/U (the text between the quotes is the value). */
  SimpleString = 4,
  /** Any other STRING_VALUE token. */
  String = 5,
  True = 6,
  False = 7,
  Null = 8,
}

/** What is around the base token. */
export const enum CellWrap {
  None = 0,
  Minus = 1,
  Plus = 2,
  /** CAST(base AS types[typeIndex]); a sign may be inside. */
  Cast = 4,
  /** callee(base): the call's name is text[typeStart, typeEnd). */
  Call = 8,
}

/** The VALUES cells of one bulk statement, row-major, `width` per row. */
export interface BulkCells {
  /** The statement's text (offsets below point into it). */
  readonly text: string
  readonly width: number
  readonly rowCount: number
  readonly kind: Uint8Array
  readonly wrap: Uint8Array
  /** The base token. */
  readonly start: Uint32Array
  readonly end: Uint32Array
  /** The whole value expression (the span an error would point at). */
  readonly exprStart: Uint32Array
  readonly exprEnd: Uint32Array
  /** For Cast: the type name's offsets; for Call: the function name's. */
  readonly nameStart: Uint32Array
  readonly nameEnd: Uint32Array
}

/** A statement on the bulk path: its AST entry (rows built lazily) and its cells. */
export interface BulkWrite {
  readonly entry: A.StatementEntry
  readonly statement: A.WriteStmt
  readonly cells: BulkCells
}

/** Where a WriteStmt made by scanBulkWrite keeps its cells (the executor reads it). */
export const BULK_CELLS: unique symbol = Symbol('yql-backup.bulk-cells')

/** The cells of a WriteStmt made by scanBulkWrite, if it is one. */
export function bulkCellsOf(stmt: A.WriteStmt): BulkCells | undefined {
  return (stmt as { [BULK_CELLS]?: BulkCells })[BULK_CELLS]
}

const sticky = (re: RegExp): RegExp => new RegExp(re.source, 'y')
// The grammar's own token patterns, so a literal ends exactly where the lexer ends it.
const REAL_Y = sticky(REAL.PATTERN as RegExp)
const INTEGER_Y = sticky(INTEGER_VALUE.PATTERN as RegExp)
const STRING_Y = sticky(STRING_VALUE.PATTERN as RegExp)
const ID_QUOTED_Y = /`[^`\\]*(?:(?:\\[\s\S]|``)[^`\\]*)*`/y
const WORD_Y = /[A-Za-z_][A-Za-z0-9_]*/y

const MODES: Readonly<Record<string, A.WriteStmt['mode']>> = { UPSERT: 'UPSERT', INSERT: 'INSERT', REPLACE: 'REPLACE' }

const isWordStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isWordChar = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57)
const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** Thrown inside the scanner to give up; caught in scanBulkWrite. */
const GIVE_UP = new Error('not on the bulk path')

/** Type names CAST may name here (resolved once: validation accepts exactly these). */
const castTypes = new Map<string, boolean>()
function castTypeOk(name: string): boolean {
  let ok = castTypes.get(name)
  if (ok === undefined) {
    ok = name.toLowerCase() !== 'decimal' && resolveType({ kind: 'TypeRef', name, params: [], optional: false, span: { start: 0, end: 0 } }) !== undefined
    if (castTypes.size < 1000) castTypes.set(name, ok)
  }
  return ok
}

class Cells {
  width = 0
  n = 0
  cap = 1024
  kind = new Uint8Array(this.cap)
  wrap = new Uint8Array(this.cap)
  start = new Uint32Array(this.cap)
  end = new Uint32Array(this.cap)
  exprStart = new Uint32Array(this.cap)
  exprEnd = new Uint32Array(this.cap)
  nameStart = new Uint32Array(this.cap)
  nameEnd = new Uint32Array(this.cap)

  grow(): void {
    const cap = this.cap * 2
    const g = <T extends Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap)
      b.set(a)
      return b
    }
    this.kind = g(this.kind, (n) => new Uint8Array(n))
    this.wrap = g(this.wrap, (n) => new Uint8Array(n))
    this.start = g(this.start, (n) => new Uint32Array(n))
    this.end = g(this.end, (n) => new Uint32Array(n))
    this.exprStart = g(this.exprStart, (n) => new Uint32Array(n))
    this.exprEnd = g(this.exprEnd, (n) => new Uint32Array(n))
    this.nameStart = g(this.nameStart, (n) => new Uint32Array(n))
    this.nameEnd = g(this.nameEnd, (n) => new Uint32Array(n))
    this.cap = cap
  }
}

class Scanner {
  pos = 0
  /** End offset of the last token read. */
  last = 0
  readonly end: number

  constructor(private readonly t: string) {
    this.end = t.length
  }

  /** Skips blanks and comments (the lexer's skipped tokens). */
  skip(): void {
    const t = this.t
    for (;;) {
      const c = t.charCodeAt(this.pos)
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11) this.pos++
      else if (c === 45 && t.charCodeAt(this.pos + 1) === 45) {
        let i = this.pos + 2
        while (i < this.end && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++
        this.pos = i
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf('*/', this.pos + 2)
        if (close < 0) throw GIVE_UP
        this.pos = close + 2
      } else return
    }
  }

  /** The character code of the next token (NaN at the end). */
  peek(): number {
    this.skip()
    return this.t.charCodeAt(this.pos)
  }

  expect(c: number): void {
    if (this.peek() !== c) throw GIVE_UP
    this.last = ++this.pos
  }

  /** A sticky regex at the current position; the end offset, or -1. */
  test(re: RegExp): number {
    re.lastIndex = this.pos
    return re.test(this.t) ? re.lastIndex : -1
  }

  word(): string {
    this.skip()
    const e = this.test(WORD_Y)
    if (e < 0) throw GIVE_UP
    const w = this.t.slice(this.pos, e)
    this.last = this.pos = e
    return w
  }

  /** A name (an_id): a plain identifier that is no keyword, or a backtick-quoted one. */
  name(): A.Name {
    const c = this.peek()
    const start = this.pos
    if (c === 96) {
      const e = this.test(ID_QUOTED_Y)
      if (e < 0) throw GIVE_UP
      const r = unquoteIdentifier(this.t.slice(start, e))
      if (!r.ok) throw GIVE_UP
      this.last = this.pos = e
      return { kind: 'Name', text: r.text, quoted: 'backtick', span: { start, end: e } }
    }
    if (!isWordStart(c)) throw GIVE_UP
    const w = this.word()
    // A keyword is a name where the grammar lets it be one (categories Id / ExprId); reserved ones never.
    const kw = KEYWORDS.get(w.toUpperCase())
    if (kw && !(kw.CATEGORIES && kw.CATEGORIES.length > 0)) throw GIVE_UP
    return { kind: 'Name', text: w, quoted: 'none', span: { start, end: this.pos } }
  }

  /** A number token at pos: its kind, with pos after it. */
  number(): CellKind {
    const t = this.t
    let i = this.pos
    while (isDigit(t.charCodeAt(i))) i++
    const next = t.charCodeAt(i)
    if (i > this.pos && !isWordChar(next) && next !== 46) {
      this.last = this.pos = i
      return CellKind.PlainInteger
    }
    let e = this.test(REAL_Y)
    let kind = CellKind.Real
    if (e < 0) {
      e = this.test(INTEGER_Y)
      kind = CellKind.Integer
      if (e < 0) throw GIVE_UP
    }
    this.last = this.pos = e
    return kind
  }

  /** A base literal token at the next position: its kind; start is this.pos before the call. */
  literal(c: number, cells: Cells, k: number): void {
    const t = this.t
    const start = this.pos
    cells.start[k] = start
    if (isDigit(c) || c === 46) {
      cells.kind[k] = this.number()
    } else if (c === 39) {
      // '…': the common case has no backslash and ends at the next quote.
      const close = t.indexOf("'", start + 1)
      if (close < 0) throw GIVE_UP
      let i = start + 1
      while (i < close && t.charCodeAt(i) !== 92) i++
      if (i === close) {
        let e = close + 1
        const s = t.charCodeAt(e)
        if (s === 117 || s === 85) e++
        else if (isWordChar(s) || s === 39 || s === 34 || s === 64) e = -1
        if (e > 0) {
          cells.kind[k] = CellKind.SimpleString
          this.last = this.pos = e
          cells.end[k] = e
          return
        }
      }
      this.string(cells, k)
    } else if (c === 34 || c === 64) {
      this.string(cells, k)
    } else if (isWordStart(c)) {
      const w = this.word().toUpperCase()
      if (w === 'TRUE') cells.kind[k] = CellKind.True
      else if (w === 'FALSE') cells.kind[k] = CellKind.False
      else if (w === 'NULL') cells.kind[k] = CellKind.Null
      else throw GIVE_UP
    } else throw GIVE_UP
    cells.end[k] = this.pos
  }

  private string(cells: Cells, k: number): void {
    const e = this.test(STRING_Y)
    if (e < 0) throw GIVE_UP
    // A word character right after it would lex differently (or not at all).
    if (isWordChar(this.t.charCodeAt(e))) throw GIVE_UP
    // A string that cannot be unescaped is the parser's diagnostic.
    if (!unescapeString(this.t.slice(this.pos, e)).ok) throw GIVE_UP
    cells.kind[k] = CellKind.String
    this.last = this.pos = e
  }

  /** An optionally signed number, or a literal. */
  signed(cells: Cells, k: number): void {
    const c = this.peek()
    if (c === 45 || c === 43) {
      this.pos++
      const n = this.peek()
      if (!(isDigit(n) || n === 46)) throw GIVE_UP
      cells.wrap[k] |= c === 45 ? CellWrap.Minus : CellWrap.Plus
      this.literal(n, cells, k)
      return
    }
    this.literal(c, cells, k)
  }

  /** One VALUES expression. */
  value(cells: Cells, k: number): void {
    const c = this.peek()
    const start = this.pos
    cells.exprStart[k] = start
    cells.wrap[k] = CellWrap.None
    if (isWordStart(c)) {
      WORD_Y.lastIndex = start
      WORD_Y.test(this.t)
      const e = WORD_Y.lastIndex
      const w = this.t.slice(start, e)
      const upper = w.toUpperCase()
      if (upper === 'CAST') {
        this.pos = e
        this.expect(40)
        this.signed(cells, k)
        if (this.word().toUpperCase() !== 'AS') throw GIVE_UP
        this.skip()
        const ns = this.pos
        const tn = this.word()
        if (!castTypeOk(tn)) throw GIVE_UP
        const p = this.peek()
        if (p !== 41) throw GIVE_UP // parameters, `?`, Optional<…>
        this.last = ++this.pos
        cells.wrap[k] |= CellWrap.Cast
        cells.nameStart[k] = ns
        cells.nameEnd[k] = ns + tn.length
        cells.exprEnd[k] = this.pos
        return
      }
      if (upper !== 'TRUE' && upper !== 'FALSE' && upper !== 'NULL') {
        // callee('…')
        if (KEYWORDS.has(upper)) throw GIVE_UP
        this.pos = e
        this.expect(40)
        const a = this.peek()
        if (a !== 39 && a !== 34 && a !== 64) throw GIVE_UP
        this.literal(a, cells, k)
        this.expect(41)
        cells.wrap[k] = CellWrap.Call
        cells.nameStart[k] = start
        cells.nameEnd[k] = e
        cells.exprEnd[k] = this.pos
        return
      }
    }
    this.signed(cells, k)
    cells.exprEnd[k] = this.last
  }
}

/**
 * Scans `source` if it is exactly one bulk write (plus an optional ';', blanks
 * and comments); otherwise undefined. Cheap to call on any text: it gives up at
 * the first token that does not fit.
 */
export function scanBulkWrite(source: SourceText): BulkWrite | undefined {
  const s = new Scanner(source.text)
  try {
    return scan(s, source)
  } catch (e) {
    if (e === GIVE_UP) return undefined
    throw e
  }
}

function scan(s: Scanner, source: SourceText): BulkWrite | undefined {
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
    const seen = new Set<string>()
    for (;;) {
      const n = s.name()
      if (seen.has(n.text)) return undefined // validation reports it
      seen.add(n.text)
      columns.push(n)
      const d = s.peek()
      s.pos++
      if (d === 41) break
      if (d !== 44) return undefined
    }
  }
  s.skip()
  const valuesAt = s.pos
  if (s.word().toUpperCase() !== 'VALUES') return undefined
  const cells = new Cells()
  let width = -1
  let rowCount = 0
  for (;;) {
    s.expect(40)
    let n = 0
    for (;;) {
      if (cells.n === cells.cap) cells.grow()
      s.value(cells, cells.n++)
      n++
      const d = s.peek()
      s.pos++
      if (d === 41) break
      if (d !== 44) return undefined
    }
    s.last = s.pos
    // Every row as wide as the column list (or the first row): validation's arity rule.
    if (width < 0) width = columns ? columns.length : n
    if (n !== width) return undefined
    rowCount++
    const d = s.peek()
    if (d === 44) {
      s.pos++
      continue
    }
    if (d === 59) {
      s.pos++
      s.skip()
      if (s.pos < s.end) return undefined // a second statement
    } else if (s.pos < s.end) return undefined
    break
  }
  const stmtEnd = s.last
  const span: Span = { start: first, end: stmtEnd }
  const statement = lazyWrite(source, mode, table, columns, { start: valuesAt, end: stmtEnd }, span)
  const out: BulkCells = {
    text: source.text,
    width,
    rowCount,
    kind: cells.kind.subarray(0, cells.n),
    wrap: cells.wrap.subarray(0, cells.n),
    start: cells.start.subarray(0, cells.n),
    end: cells.end.subarray(0, cells.n),
    exprStart: cells.exprStart.subarray(0, cells.n),
    exprEnd: cells.exprEnd.subarray(0, cells.n),
    nameStart: cells.nameStart.subarray(0, cells.n),
    nameEnd: cells.nameEnd.subarray(0, cells.n),
  }
  Object.defineProperty(statement, BULK_CELLS, { value: out, enumerable: false })
  return { entry: { statement, explain: false, span }, statement, cells: out }
}

/** A WriteStmt whose VALUES rows the ordinary parser builds on first access. */
function lazyWrite(source: SourceText, mode: A.WriteStmt['mode'], table: A.ObjectRef, columns: A.Name[] | undefined, valuesSpan: Span, span: Span): A.WriteStmt {
  let rows: readonly (readonly A.Expr[])[] | undefined
  const values = {
    kind: 'Values' as const,
    span: valuesSpan,
    get rows(): readonly (readonly A.Expr[])[] {
      if (rows === undefined) {
        const { script } = parseScript(source)
        const st = script.statements[0]?.statement
        if (st?.kind !== 'Write' || st.source.kind !== 'Values') throw new Error('bulk VALUES statement did not parse as one')
        rows = st.source.rows
      }
      return rows
    },
  }
  return { kind: 'Write', mode, table, ...(columns ? { columns } : {}), source: values, span }
}
