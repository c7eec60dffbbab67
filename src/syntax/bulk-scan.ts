// The bulk-load scanner proper (see bulk-values.ts): text in, token offsets out.
// It imports nothing of the grammar module (so a worker thread can load it
// without Chevrotain): the grammar's keyword table and literal patterns come in a
// BulkScanConfig, made once from grammar/yql.ts by bulkScanConfig() in bulk-values.ts.
import type * as A from '../ast/nodes.js'
import { resolveType } from '../ast/resolve-type.js'
import type { Span } from '../source/span.js'
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

/** What the scanner needs of the grammar; plain data, so it can cross to a worker. */
export interface BulkScanConfig {
  /** Upper-cased keyword → whether the grammar accepts it as a name (categories Id / ExprId). */
  readonly keywords: ReadonlyMap<string, boolean>
  /** The source of the REAL, INTEGER_VALUE and STRING_VALUE token patterns. */
  readonly real: string
  readonly integer: string
  readonly string: string
}

/** A scanned bulk statement: the AST of its head, and its VALUES cells. */
export interface BulkScan {
  readonly mode: A.WriteStmt['mode']
  readonly table: A.ObjectRef
  readonly columns?: A.Name[]
  readonly valuesSpan: Span
  readonly span: Span
  readonly cells: BulkCells
}

const ID_QUOTED_Y = /`[^`\\]*(?:(?:\\[\s\S]|``)[^`\\]*)*`/y
const WORD_Y = /[A-Za-z_][A-Za-z0-9_]*/y

const MODES: Readonly<Record<string, A.WriteStmt['mode']>> = { UPSERT: 'UPSERT', INSERT: 'INSERT', REPLACE: 'REPLACE' }

const isWordStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isWordChar = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57)
const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** Thrown inside the scanner to give up; caught in scanBulkCells. */
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
  /** The last CAST type name found valid (bulk loads repeat one per column). */
  private lastCast = '\u0000'

  // The grammar's own token patterns, so a literal ends exactly where the lexer ends it.
  private readonly REAL_Y: RegExp
  private readonly INTEGER_Y: RegExp
  private readonly STRING_Y: RegExp
  private readonly keywords: ReadonlyMap<string, boolean>

  constructor(
    private readonly t: string,
    cfg: Compiled,
  ) {
    this.end = t.length
    this.REAL_Y = cfg.real
    this.INTEGER_Y = cfg.integer
    this.STRING_Y = cfg.string
    this.keywords = cfg.keywords
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
    if (this.keywords.get(w.toUpperCase()) === false) throw GIVE_UP
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
    let e = this.test(this.REAL_Y)
    let kind = CellKind.Real
    if (e < 0) {
      e = this.test(this.INTEGER_Y)
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
    const e = this.test(this.STRING_Y)
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
      const t = this.t
      let e = start + 1
      while (isWordChar(t.charCodeAt(e))) e++
      // CAST, compared by character (no string per value: a load has one per row).
      if (e - start === 4 && (c | 32) === 99 && (t.charCodeAt(start + 1) | 32) === 97 && (t.charCodeAt(start + 2) | 32) === 115 && (t.charCodeAt(start + 3) | 32) === 116) {
        this.pos = e
        this.expect(40)
        this.signed(cells, k)
        this.skip()
        const as = this.pos
        if (!((t.charCodeAt(as) | 32) === 97 && (t.charCodeAt(as + 1) | 32) === 115 && !isWordChar(t.charCodeAt(as + 2)))) throw GIVE_UP
        this.pos = as + 2
        this.skip()
        const ns = this.pos
        if (!isWordStart(t.charCodeAt(ns))) throw GIVE_UP
        let ne = ns + 1
        while (isWordChar(t.charCodeAt(ne))) ne++
        if (!(ne - ns === this.lastCast.length && t.startsWith(this.lastCast, ns))) {
          const tn = t.slice(ns, ne)
          if (!castTypeOk(tn)) throw GIVE_UP
          this.lastCast = tn
        }
        this.pos = ne
        const p = this.peek()
        if (p !== 41) throw GIVE_UP // parameters, `?`, Optional<…>
        this.last = ++this.pos
        cells.wrap[k] |= CellWrap.Cast
        cells.nameStart[k] = ns
        cells.nameEnd[k] = ne
        cells.exprEnd[k] = this.pos
        return
      }
      const upper = t.slice(start, e).toUpperCase()
      if (upper !== 'TRUE' && upper !== 'FALSE' && upper !== 'NULL') {
        // callee('…')
        if (this.keywords.has(upper)) throw GIVE_UP
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

interface Compiled {
  readonly keywords: ReadonlyMap<string, boolean>
  readonly real: RegExp
  readonly integer: RegExp
  readonly string: RegExp
}

const compiled = new WeakMap<BulkScanConfig, Compiled>()

/**
 * Scans `text` if it is exactly one bulk write (plus an optional ';', blanks
 * and comments); otherwise undefined. Cheap to call on any text: it gives up at
 * the first token that does not fit.
 */
export function scanBulkCells(text: string, cfg: BulkScanConfig): BulkScan | undefined {
  let c = compiled.get(cfg)
  if (!c) {
    c = { keywords: cfg.keywords, real: new RegExp(cfg.real, 'y'), integer: new RegExp(cfg.integer, 'y'), string: new RegExp(cfg.string, 'y') }
    compiled.set(cfg, c)
  }
  const s = new Scanner(text, c)
  try {
    return scan(s, text)
  } catch (e) {
    if (e === GIVE_UP) return undefined
    throw e
  }
}

function scan(s: Scanner, text: string): BulkScan | undefined {
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
  const cellsOut: BulkCells = {
    text,
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
  return { mode, table, ...(columns ? { columns } : {}), valuesSpan: { start: valuesAt, end: stmtEnd }, span: { start: first, end: stmtEnd }, cells: cellsOut }
}
