// The fast statement path's cursor over the scanned tokens (fast-tokens.ts), and
// its names, types and expressions: the same rules as grammar/yql.ts with the
// same lookahead decisions, building exactly the nodes src/ast/build-core.ts
// builds from the CST (same keys in the same order, same spans). Anything the
// grammar would reject, or decide by a rule this file does not copy, gives up.
import type { TokenType } from 'chevrotain'
import * as G from '../../grammar/yql.js'
import { literalNode, type LiteralKind } from '../ast/build-literal.js'
import type * as A from '../ast/nodes.js'
import type { Span } from '../source/span.js'
import { AN_ID, ARITH, CAT, COMPARE, en, EXPR_ID, giveUp, ID, im, st, ty } from './fast-tokens.js'
import { bytesToText, parseIntegerLiteral, unescapeString, unquoteIdentifier } from './unescape.js'

const idx = (t: TokenType): number => t.tokenTypeIdx!

/** Token type indices the fast path looks for. */
export const K = {
  LPAREN: idx(G.LPAREN), RPAREN: idx(G.RPAREN), COMMA: idx(G.COMMA), DOT: idx(G.DOT), EQUALS: idx(G.EQUALS),
  LESS: idx(G.LESS), GREATER: idx(G.GREATER), QUESTION: idx(G.QUESTION), ASTERISK: idx(G.ASTERISK), NAMESPACE: idx(G.NAMESPACE),
  MINUS: idx(G.MINUS), PLUS: idx(G.PLUS), TILDA: idx(G.TILDA),
  INTEGER: idx(G.INTEGER_VALUE), REAL: idx(G.REAL), STRING: idx(G.STRING_VALUE), ID_QUOTED: idx(G.ID_QUOTED), PARAM: idx(G.PARAM),
  TRUE: idx(G.TRUE), FALSE: idx(G.FALSE), NULL: idx(G.NULL), NOT: idx(G.NOT), AND: idx(G.AND), OR: idx(G.OR), XOR: idx(G.XOR),
  IS: idx(G.IS), IN: idx(G.IN), BETWEEN: idx(G.BETWEEN), LIKE: idx(G.LIKE), ESCAPE: idx(G.ESCAPE), CAST: idx(G.CAST), AS: idx(G.AS),
  DISTINCT: idx(G.DISTINCT),
}

/** Statement keywords (and a few tokens) the fast path looks for. */
export const S = {
  EXPLAIN: idx(G.EXPLAIN), QUERY: idx(G.QUERY), PLAN: idx(G.PLAN), CREATE: idx(G.CREATE), ALTER: idx(G.ALTER), DROP: idx(G.DROP),
  BACKUP: idx(G.BACKUP), COLLECTION: idx(G.COLLECTION), RESTORE: idx(G.RESTORE), TABLE: idx(G.TABLE), DATABASE: idx(G.DATABASE),
  WITH: idx(G.WITH), SET: idx(G.SET), RESET: idx(G.RESET), ADD: idx(G.ADD), INCREMENTAL: idx(G.INCREMENTAL), AT: idx(G.AT),
  IF: idx(G.IF), EXISTS: idx(G.EXISTS), PRIMARY: idx(G.PRIMARY), KEY: idx(G.KEY), INDEX: idx(G.INDEX), GLOBAL: idx(G.GLOBAL),
  UNIQUE: idx(G.UNIQUE), SYNC: idx(G.SYNC), ASYNC: idx(G.ASYNC), ON: idx(G.ON), COVER: idx(G.COVER), FAMILY: idx(G.FAMILY),
  DEFAULT: idx(G.DEFAULT), COLUMN: idx(G.COLUMN),
  INSERT: idx(G.INSERT), UPSERT: idx(G.UPSERT), REPLACE: idx(G.REPLACE), INTO: idx(G.INTO), VALUES: idx(G.VALUES),
  UPDATE: idx(G.UPDATE), DELETE: idx(G.DELETE), FROM: idx(G.FROM), WHERE: idx(G.WHERE), SELECT: idx(G.SELECT),
  GROUP: idx(G.GROUP), BY: idx(G.BY), HAVING: idx(G.HAVING), ORDER: idx(G.ORDER), LIMIT: idx(G.LIMIT), OFFSET: idx(G.OFFSET),
  VIEW: idx(G.VIEW), ID_PLAIN: idx(G.ID_PLAIN), LEFT: idx(G.LEFT), OUTER: idx(G.OUTER), INNER: idx(G.INNER), JOIN: idx(G.JOIN),
  ASC: idx(G.ASC), DESC: idx(G.DESC), USE: idx(G.USE), PRAGMA: idx(G.PRAGMA), DECLARE: idx(G.DECLARE),
  SECONDS: idx(G.SECONDS), MILLISECONDS: idx(G.MILLISECONDS), MICROSECONDS: idx(G.MICROSECONDS), NANOSECONDS: idx(G.NANOSECONDS),
}

/** The statement being parsed: its text, token count and the next token's index. */
export const cur = { text: '', n: 0, pos: 0 }

/** The type of the token `k` ahead, or -1 past the end. */
export const peek = (k = 0): number => (cur.pos + k < cur.n ? ty[cur.pos + k]! : -1)
export const isAt = (i: number, cat: number): boolean => i < cur.n && (CAT[ty[i]!]! & cat) !== 0

export function expect(type: number): number {
  if (cur.pos >= cur.n || ty[cur.pos] !== type) giveUp()
  return cur.pos++
}

export function accept(type: number): boolean {
  if (cur.pos < cur.n && ty[cur.pos] === type) {
    cur.pos++
    return true
  }
  return false
}

/** From the start of token `first` to the end of the last token read (a CST node's span). */
export const spanFrom = (first: number): Span => ({ start: st[first]!, end: en[cur.pos - 1]! })
/** spanFrom(first), or `same` when it is equal (spans are readonly: an inner node's can be shared). */
export const spanOr = (first: number, same: Span): Span =>
  same.start === st[first] && same.end === en[cur.pos - 1] ? same : { start: st[first]!, end: en[cur.pos - 1]! }
export const tokenSpanAt = (i: number): Span => ({ start: st[i]!, end: en[i]! })
export const imageAt = (i: number): string => im[i] ?? cur.text.slice(st[i]!, en[i]!)

// ── Names and types ──────────────────────────────────────────────────────────
/** Builder.name of token `i`. */
export function nameAt(i: number): A.Name {
  const t = ty[i]!
  const span = tokenSpanAt(i)
  const image = imageAt(i)
  if (t === K.ID_QUOTED) {
    const r = unquoteIdentifier(image)
    if (!r.ok) giveUp()
    return { kind: 'Name', text: (r as { text: string }).text, quoted: 'backtick', span }
  }
  if (t === K.STRING) {
    const r = unescapeString(image)
    if (!r.ok) giveUp()
    return { kind: 'Name', text: bytesToText((r as { bytes: Uint8Array }).bytes), quoted: 'string', span }
  }
  return { kind: 'Name', text: image, quoted: 'none', span }
}

/** A token of category `cat` (AN_ID, ID, EXPR_ID) as a name. */
export function nameOf(cat: number): A.Name {
  if (!isAt(cur.pos, cat)) giveUp()
  return nameAt(cur.pos++)
}

// object_ref: (cluster DOT)? name
export function objectRef(): A.ObjectRef {
  const first = cur.pos
  if (isAt(first, AN_ID) && peek(1) === K.DOT) {
    const cluster = nameAt(first)
    cur.pos += 2
    const name = nameOf(AN_ID)
    return { kind: 'ObjectRef', cluster, name, span: spanFrom(first) }
  }
  const name = nameOf(AN_ID)
  return { kind: 'ObjectRef', name, span: name.span }
}

/**
 * A list built by push, at its exact size: pushing past a literal's length gives
 * an array 17 slots or more, and parsed ASTs are kept (a whole script's).
 */
export const exact = <T>(list: T[]): T[] => list.slice()

/** `(a, b, ...)`. */
export function nameList(): A.Name[] {
  expect(K.LPAREN)
  const names = [nameOf(AN_ID)]
  while (accept(K.COMMA)) names.push(nameOf(AN_ID))
  expect(K.RPAREN)
  return exact(names)
}

export function typeRef(): A.TypeRef {
  const first = cur.pos
  if (!isAt(first, ID)) giveUp()
  cur.pos++
  const name = imageAt(first)
  const params: number[] = []
  let inner: A.TypeRef | undefined
  if (accept(K.LPAREN)) {
    do params.push(Number(parseIntegerLiteral(imageAt(expect(K.INTEGER))).value))
    while (accept(K.COMMA))
    expect(K.RPAREN)
  } else if (accept(K.LESS)) {
    inner = typeRef()
    expect(K.GREATER)
  }
  const question = accept(K.QUESTION)
  if (inner && name.toLowerCase() === 'optional') return { kind: 'TypeRef', name: inner.name, params: inner.params, optional: true, span: spanFrom(first) }
  return { kind: 'TypeRef', name, params: exact(params), optional: question, span: spanFrom(first) }
}

// ── Expressions ──────────────────────────────────────────────────────────────
const PREC_CMP = 5
const BINARY_PREC: Readonly<Record<A.BinaryOp, number>> = {
  OR: 1, XOR: 2, AND: 3,
  '=': PREC_CMP, '==': PREC_CMP, '!=': PREC_CMP, '<>': PREC_CMP, '<': PREC_CMP, '<=': PREC_CMP, '>': PREC_CMP, '>=': PREC_CMP,
  '&': 6, '|': 6, '^': 6, '<<': 6, '>>': 6, '||': 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9,
}
/** Operator token → BinaryOp (a lone GREATER is '>'; GREATER GREATER is handled apart). */
const OPS: (A.BinaryOp | undefined)[] = []
for (const [name, op] of Object.entries({
  OR: 'OR', XOR: 'XOR', AND: 'AND', EQUALS: '=', EQUALS2: '==', NOT_EQUALS: '!=', NOT_EQUALS2: '<>',
  LESS: '<', LESS_OR_EQ: '<=', GREATER: '>', GREATER_OR_EQ: '>=', PLUS: '+', MINUS: '-', ASTERISK: '*', SLASH: '/', PERCENT: '%',
  DOUBLE_PIPE: '||', AMPERSAND: '&', PIPE: '|', CARET: '^', SHIFT_LEFT: '<<',
} as const)) OPS[idx((G as unknown as Record<string, TokenType>)[name]!)] = op

// One flat expression's items, as the grammar lists them (see Builder.flat):
// prefix operator tokens, binary operators, operands and predicate suffixes.
const PREFIX = 0
const OP = 1
const OPERAND = 2
const SUFFIX = 3

/** A parsed predicate suffix, applied to its left operand while climbing. */
interface Suffix {
  readonly s: 'op' | 'is' | 'in' | 'between' | 'like'
  readonly op?: A.BinaryOp
  /** The comparison's right side, BETWEEN's low bound, LIKE's pattern. */
  readonly first?: A.Expr
  /** BETWEEN's high bound, LIKE's escape. */
  readonly second?: A.Expr
  readonly list?: A.Expr[]
  readonly negated: boolean
  readonly end: number
}

/** `expr`: the full expression (NOT, AND, OR, XOR, predicates). */
export const expr = (): A.Expr => flat(true)

/** `bitExpr`: the operands of comparisons and predicates. */
const bitExpr = (): A.Expr => flat(false)

function isPrefix(t: number, full: boolean): boolean {
  return t === K.MINUS || t === K.PLUS || t === K.TILDA || (full && t === K.NOT)
}

function flat(full: boolean): A.Expr {
  // The common case, a lone operand, allocates no item lists.
  let kinds: number[] | undefined
  let items: unknown[] | undefined
  if (isPrefix(peek(), full)) {
    kinds = []
    items = []
    while (isPrefix(peek(), full)) {
      kinds.push(PREFIX)
      items.push(cur.pos++)
    }
  }
  const first = atom()
  if (kinds) {
    kinds.push(OPERAND)
    items!.push(first)
  }
  for (;;) {
    const t = peek()
    if (t < 0) break
    let op: A.BinaryOp | undefined
    if ((full && (t === K.OR || t === K.XOR || t === K.AND)) || CAT[t]! & ARITH) op = OPS[t]
    else if (t === K.GREATER && peek(1) === K.GREATER) op = '>>'
    else if (!full || !startsSuffix(t)) break
    if (!kinds) {
      kinds = [OPERAND]
      items = [first]
    }
    if (op === undefined) {
      kinds.push(SUFFIX)
      items!.push(suffix())
      continue
    }
    cur.pos += op === '>>' ? 2 : 1
    kinds.push(OP)
    items!.push(op)
    while (isPrefix(peek(), full)) {
      kinds.push(PREFIX)
      items!.push(cur.pos++)
    }
    kinds.push(OPERAND)
    items!.push(atom())
  }
  return kinds ? new Climber(kinds, items!).climb(0) : first
}

const startsSuffix = (t: number): boolean =>
  (CAT[t]! & COMPARE) !== 0 || t === K.IS || t === K.NOT || t === K.IN || t === K.BETWEEN || t === K.LIKE

// predicate_suffix: CompareOp bitExpr | IS NOT? NULL | NOT? (IN (expr, ...) | BETWEEN bitExpr AND bitExpr | LIKE bitExpr (ESCAPE bitExpr)?)
function suffix(): Suffix {
  const t = peek()
  if (CAT[t]! & COMPARE) {
    cur.pos++
    const right = bitExpr()
    return { s: 'op', op: OPS[t]!, first: right, negated: false, end: en[cur.pos - 1]! }
  }
  if (t === K.IS) {
    cur.pos++
    const negated = accept(K.NOT)
    expect(K.NULL)
    return { s: 'is', negated, end: en[cur.pos - 1]! }
  }
  const negated = accept(K.NOT)
  if (accept(K.IN)) {
    expect(K.LPAREN)
    const list = [expr()]
    while (accept(K.COMMA)) list.push(expr())
    expect(K.RPAREN)
    return { s: 'in', list: exact(list), negated, end: en[cur.pos - 1]! }
  }
  if (accept(K.BETWEEN)) {
    const low = bitExpr()
    expect(K.AND)
    const high = bitExpr()
    return { s: 'between', first: low, second: high, negated, end: en[cur.pos - 1]! }
  }
  if (!accept(K.LIKE)) giveUp()
  const pattern = bitExpr()
  const escape = accept(K.ESCAPE) ? bitExpr() : undefined
  return { s: 'like', first: pattern, second: escape, negated, end: en[cur.pos - 1]! }
}

/** Builder.suffix: the suffix applied to what is on its left. */
function applySuffix(left: A.Expr, x: Suffix): A.Expr {
  const span: Span = { start: left.span.start, end: x.end }
  const negated = x.negated
  switch (x.s) {
    case 'op':
      return { kind: 'BinaryExpr', op: x.op!, left, right: x.first!, span }
    case 'is':
      return { kind: 'IsNullExpr', operand: left, negated, span }
    case 'in':
      return { kind: 'InExpr', operand: left, list: x.list!, negated, span }
    case 'between':
      return { kind: 'BetweenExpr', operand: left, low: x.first!, high: x.second!, negated, span }
    case 'like':
      return x.second
        ? { kind: 'LikeExpr', operand: left, pattern: x.first!, escape: x.second, negated, span }
        : { kind: 'LikeExpr', operand: left, pattern: x.first!, negated, span }
  }
}

/** Precedence climbing over one flat expression's items, as build-core.ts's Climber does. */
class Climber {
  private p = 0

  constructor(
    private readonly kinds: number[],
    private readonly items: unknown[],
  ) {}

  private primary(): A.Expr {
    const i = this.p++
    if (this.kinds[i] !== PREFIX) return this.items[i] as A.Expr
    const t = this.items[i] as number
    const not = ty[t] === K.NOT
    const operand = not ? this.climb(PREC_CMP) : this.primary()
    return { kind: 'UnaryExpr', op: not ? 'NOT' : (imageAt(t) as '-' | '+' | '~'), operand, span: { start: st[t]!, end: operand.span.end } }
  }

  climb(min: number): A.Expr {
    let left = this.primary()
    const kinds = this.kinds
    while (this.p < kinds.length) {
      if (kinds[this.p] === SUFFIX) {
        if (PREC_CMP < min) break
        left = applySuffix(left, this.items[this.p++] as Suffix)
        continue
      }
      const op = this.items[this.p] as A.BinaryOp
      const prec = BINARY_PREC[op]
      if (prec < min) break
      this.p++
      const right = this.climb(prec + 1)
      left = { kind: 'BinaryExpr', op, left, right, span: { start: left.span.start, end: right.span.end } }
    }
    return left
  }
}

const LITERALS: (LiteralKind | undefined)[] = []
LITERALS[K.INTEGER] = 'Integer'
LITERALS[K.REAL] = 'Float'
LITERALS[K.STRING] = 'String'
LITERALS[K.TRUE] = 'True'
LITERALS[K.FALSE] = 'False'
LITERALS[K.NULL] = 'Null'

// atom: literal | PARAM | CAST(expr AS type) | (expr) | id [(::member)? call_args | .column | .*]
export function atom(): A.Expr {
  const first = cur.pos
  const t = peek()
  const lit = t < 0 ? undefined : LITERALS[t]
  if (lit) {
    cur.pos++
    const r = literalNode(lit, imageAt(first), tokenSpanAt(first))
    if (r.bad !== undefined) giveUp()
    return r.node
  }
  if (t === K.PARAM) {
    cur.pos++
    return { kind: 'Parameter', name: imageAt(first), span: tokenSpanAt(first) }
  }
  if (t === K.CAST) {
    cur.pos++
    expect(K.LPAREN)
    const operand = expr()
    expect(K.AS)
    const type = typeRef()
    expect(K.RPAREN)
    return { kind: 'CastExpr', operand, type, span: spanFrom(first) }
  }
  if (t === K.LPAREN) {
    cur.pos++
    const inner = expr()
    expect(K.RPAREN)
    return { ...inner, span: spanFrom(first) }
  }
  if (!isAt(first, EXPR_ID)) giveUp()
  cur.pos++
  const next = peek()
  if (next === K.LPAREN || next === K.NAMESPACE) {
    let name = imageAt(first)
    if (accept(K.NAMESPACE)) {
      if (!isAt(cur.pos, EXPR_ID)) giveUp()
      name = `${name}::${imageAt(cur.pos++)}`
    }
    expect(K.LPAREN)
    let args: A.Expr[] = []
    let distinct = false
    if (peek() === K.ASTERISK) {
      args = [{ kind: 'StarExpr', span: tokenSpanAt(cur.pos++) }]
    } else if (peek() !== K.RPAREN) {
      distinct = accept(K.DISTINCT)
      args.push(expr())
      while (accept(K.COMMA)) args.push(expr())
    }
    expect(K.RPAREN)
    return { kind: 'CallExpr', name, args: exact(args), distinct, span: spanFrom(first) }
  }
  if (next === K.DOT) {
    cur.pos++
    if (isAt(cur.pos, EXPR_ID)) {
      const table = nameAt(first)
      const column = nameAt(cur.pos++)
      return { kind: 'ColumnRef', table, column, span: spanFrom(first) }
    }
    expect(K.ASTERISK)
    return { kind: 'StarExpr', table: nameAt(first), span: spanFrom(first) }
  }
  const column = nameAt(first)
  return { kind: 'ColumnRef', column, span: column.span }
}
