// CST → AST, the common part: names, types and expressions, used by the
// statement families (build-backup.ts, build-table.ts, build-write.ts,
// build-select.ts) and by build.ts, which dispatches on the statement.
// Spans are half-open offsets into the statement's SourceText.
import type { CstElement, CstNode, IToken } from 'chevrotain'
import * as G from '../../grammar/yql.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { DiagnosticCodes } from '../syntax/codes.js'
import { bytesToText, parseIntegerLiteral, unescapeString, unquoteIdentifier } from '../syntax/unescape.js'
import { literalNode, type LiteralKind } from './build-literal.js'
import type * as A from './nodes.js'


/** A CST node's children by label. */
export type Ctx = Record<string, CstElement[] | undefined>

// CST children are read with constant keys at each site (c['name']): a shared helper
// taking the key would make one megamorphic keyed lookup of every access.
export const NONE: never[] = []
export const req = <T>(x: T | undefined): T => x as T // the grammar guarantees presence

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.endOffset! + 1 })
export const nodeSpan = (n: CstNode): Span => ({ start: n.location!.startOffset, end: n.location!.endOffset! + 1 })
export const between = (a: Span, b: Span): Span => ({ start: a.start, end: b.end })
/** The only child of a node with one child (Object.values is slow on CST dictionaries). */
export function firstChild(n: CstNode): CstElement {
  const ch = n.children
  for (const k in ch) return ch[k]![0]!
  throw new Error(`empty ${n.name}`)
}
const offsetOf = (e: IToken | CstNode): number => ('image' in e ? e.startOffset : e.location!.startOffset)

// Binding strength (higher binds tighter); comparisons and predicate suffixes are PREC_CMP.
const PREC_CMP = 5
const BINARY_PREC: Readonly<Record<A.BinaryOp, number>> = {
  OR: 1, XOR: 2, AND: 3,
  '=': PREC_CMP, '==': PREC_CMP, '!=': PREC_CMP, '<>': PREC_CMP, '<': PREC_CMP, '<=': PREC_CMP, '>': PREC_CMP, '>=': PREC_CMP,
  '&': 6, '|': 6, '^': 6, '<<': 6, '>>': 6, '||': 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9,
}

const BINARY_OPS: Readonly<Record<string, A.BinaryOp>> = {
  OR: 'OR', XOR: 'XOR', AND: 'AND',
  EQUALS: '=', EQUALS2: '==', NOT_EQUALS: '!=', NOT_EQUALS2: '<>',
  LESS: '<', LESS_OR_EQ: '<=', GREATER: '>', GREATER_OR_EQ: '>=',
  PLUS: '+', MINUS: '-', ASTERISK: '*', SLASH: '/', PERCENT: '%', DOUBLE_PIPE: '||',
  AMPERSAND: '&', PIPE: '|', CARET: '^', SHIFT_LEFT: '<<',
}

/** The state of one statement's build: its source, where diagnostics go, and the expression builders every family uses. */
export class Builder {
  /** Collection setting values are checked (with YDB's words) by validate.ts instead. */
  quietStrings = false

  constructor(
    private readonly source: SourceText,
    private readonly diagnostics: Diagnostic[],
  ) {}

  report(code: string, message: string, span: Span): void {
    this.diagnostics.push({ severity: 'error', code, message, span, source: this.source })
  }

  // ── Names ──────────────────────────────────────────────────────────────────
  name(t: IToken): A.Name {
    const span = tokenSpan(t)
    const tt = t.tokenType
    if (tt === G.ID_QUOTED) {
      const r = unquoteIdentifier(t.image)
      if (!r.ok) this.report(DiagnosticCodes.BadLiteral, `cannot unescape quoted identifier: ${r.message}`, span)
      return { kind: 'Name', text: r.ok ? r.text : t.image.slice(1, -1), quoted: 'backtick', span }
    }
    if (tt === G.STRING_VALUE) {
      const r = unescapeString(t.image)
      if (!r.ok) this.report(DiagnosticCodes.BadLiteral, `cannot unescape string literal: ${r.message}`, span)
      return { kind: 'Name', text: r.ok ? bytesToText(r.bytes) : t.image, quoted: 'string', span }
    }
    return { kind: 'Name', text: t.image, quoted: 'none', span }
  }

  objectRef(n: CstNode): A.ObjectRef {
    const c = n.children as Ctx
    const cluster = (c['cluster']?.[0] as IToken | undefined)
    const name = this.name(req((c['name']?.[0] as IToken | undefined)))
    return cluster ? { kind: 'ObjectRef', cluster: this.name(cluster), name, span: nodeSpan(n) } : { kind: 'ObjectRef', name, span: nodeSpan(n) }
  }

  nameList(n: CstNode): A.Name[] {
    return (((n.children as Ctx)['name'] ?? NONE) as IToken[]).map((t) => this.name(t))
  }

  typeRef(n: CstNode): A.TypeRef {
    const c = n.children as Ctx
    const name = req((c['name']?.[0] as IToken | undefined)).image
    const inner = (c['inner']?.[0] as CstNode | undefined)
    const question = (c['QUESTION']?.[0] as IToken | undefined) !== undefined
    if (inner && name.toLowerCase() === 'optional') {
      const t = this.typeRef(inner)
      return { kind: 'TypeRef', name: t.name, params: t.params, optional: true, span: nodeSpan(n) }
    }
    const params = ((c['param'] ?? NONE) as IToken[]).map((p) => Number(parseIntegerLiteral(p.image).value))
    return { kind: 'TypeRef', name, params, optional: question, span: nodeSpan(n) }
  }

  // ── Expressions ────────────────────────────────────────────────────────────
  /** `expr`, `bitExpr` or `atom` (the grammar's flat expression rules). */
  expr(n: CstNode): A.Expr {
    return n.name === 'atom' ? this.atom(n) : this.flat(n)
  }

  /**
   * A flat `expr` or `bitExpr`: prefixes, operands, binary operators and predicate
   * suffixes in source order, combined by precedence climbing. NOT takes what binds
   * tighter than itself (`NOT a = 1` is `NOT (a = 1)`); - + ~ take one operand; a
   * suffix (`= x`, `IS NULL`, `IN (...)`, ...) takes what is on its left, down to
   * the nearest NOT, AND, XOR or OR.
   */
  private flat(n: CstNode): A.Expr {
    const c = n.children as Ctx
    const operands = ((c['operand'] ?? NONE) as CstNode[])
    // The common case, a lone operand: no sorting, no allocation.
    if (c['op'] === undefined && c['prefix'] === undefined && c['suffix'] === undefined) return this.atom(operands[0]!)
    const ops = ((c['op'] ?? NONE) as IToken[])
    const prefixes = ((c['prefix'] ?? NONE) as CstNode[]).map((p) => firstChild(p) as IToken)
    const suffixes = ((c['suffix'] ?? NONE) as CstNode[])
    const seq: (IToken | CstNode)[] = [...prefixes, ...ops, ...operands, ...suffixes].sort((a, b) => offsetOf(a) - offsetOf(b))
    return new Climber(this, seq, new Set(prefixes)).climb(0)
  }

  suffix(left: A.Expr, s: CstNode): A.Expr {
    const sc = s.children as Ctx
    const span = between(left.span, nodeSpan(s))
    const negated = (sc['NOT']?.[0] as IToken | undefined) !== undefined
    const op = (sc['op']?.[0] as IToken | undefined)
    if (op) return { kind: 'BinaryExpr', op: BINARY_OPS[op.tokenType.name]!, left, right: this.expr(req((sc['right']?.[0] as CstNode | undefined))), span }
    if ((sc['IS']?.[0] as IToken | undefined)) return { kind: 'IsNullExpr', operand: left, negated, span }
    if ((sc['IN']?.[0] as IToken | undefined)) return { kind: 'InExpr', operand: left, list: ((sc['list'] ?? NONE) as CstNode[]).map((e) => this.expr(e)), negated, span }
    if ((sc['BETWEEN']?.[0] as IToken | undefined)) {
      return { kind: 'BetweenExpr', operand: left, low: this.expr(req((sc['low']?.[0] as CstNode | undefined))), high: this.expr(req((sc['high']?.[0] as CstNode | undefined))), negated, span }
    }
    const escape = (sc['escape']?.[0] as CstNode | undefined)
    return {
      kind: 'LikeExpr',
      operand: left,
      pattern: this.expr(req((sc['pattern']?.[0] as CstNode | undefined))),
      ...(escape ? { escape: this.expr(escape) } : {}),
      negated,
      span,
    }
  }

  literal(t: IToken): A.Literal {
    const tt = t.tokenType
    const kind: LiteralKind = tt === G.INTEGER_VALUE ? 'Integer' : tt === G.REAL ? 'Float' : tt === G.STRING_VALUE ? 'String' : tt === G.TRUE ? 'True' : tt === G.FALSE ? 'False' : 'Null'
    const span = tokenSpan(t)
    const r = literalNode(kind, t.image, span)
    if (r.bad !== undefined && !this.quietStrings) this.report(DiagnosticCodes.BadLiteral, `cannot unescape string literal: ${r.bad}`, span)
    return r.node
  }

  atom(n: CstNode): A.Expr {
    const c = n.children as Ctx
    const lit = (c['literal']?.[0] as IToken | undefined)
    if (lit) return this.literal(lit) // most atoms
    const span = nodeSpan(n)
    const param = (c['PARAM']?.[0] as IToken | undefined)
    if (param) return { kind: 'Parameter', name: param.image, span }
    if ((c['CAST']?.[0] as IToken | undefined)) return { kind: 'CastExpr', operand: this.expr(req((c['expr']?.[0] as CstNode | undefined))), type: this.typeRef(req((c['typeRef']?.[0] as CstNode | undefined))), span }
    if ((c['paren']?.[0] as IToken | undefined)) return { ...this.expr(req((c['expr']?.[0] as CstNode | undefined))), span }
    const id = req((c['id']?.[0] as IToken | undefined))
    const args = (c['callArgs']?.[0] as CstNode | undefined)
    if (args) {
      const ac = args.children as Ctx
      const member = (c['member']?.[0] as IToken | undefined)
      const star = (ac['ASTERISK']?.[0] as IToken | undefined)
      return {
        kind: 'CallExpr',
        name: member ? `${id.image}::${member.image}` : id.image,
        args: star ? [{ kind: 'StarExpr', span: tokenSpan(star) }] : ((ac['arg'] ?? NONE) as CstNode[]).map((e) => this.expr(e)),
        distinct: (ac['DISTINCT']?.[0] as IToken | undefined) !== undefined,
        span,
      }
    }
    const column = (c['column']?.[0] as IToken | undefined)
    if (column) return { kind: 'ColumnRef', table: this.name(id), column: this.name(column), span }
    if ((c['star']?.[0] as IToken | undefined)) return { kind: 'StarExpr', table: this.name(id), span }
    return { kind: 'ColumnRef', column: this.name(id), span }
  }
}


/** Precedence climbing over one flat expression's items (see Builder.flat). */
class Climber {
  private pos = 0

  constructor(
    private readonly b: Builder,
    private readonly seq: readonly (IToken | CstNode)[],
    private readonly prefixes: ReadonlySet<unknown>,
  ) {}

  private primary(): A.Expr {
    const x = this.seq[this.pos++]!
    if (!this.prefixes.has(x)) return this.b.atom(x as CstNode)
    const t = x as IToken
    const operand = t.tokenType === G.NOT ? this.climb(PREC_CMP) : this.primary()
    const op = t.tokenType === G.NOT ? 'NOT' : (t.image as '-' | '+' | '~')
    return { kind: 'UnaryExpr', op, operand, span: between(tokenSpan(t), operand.span) }
  }

  climb(min: number): A.Expr {
    let left = this.primary()
    const seq = this.seq
    while (this.pos < seq.length) {
      const x = seq[this.pos]!
      if (!('image' in x)) {
        if (PREC_CMP < min) break
        this.pos++
        left = this.b.suffix(left, x)
        continue
      }
      const name = x.tokenType.name
      const op: A.BinaryOp = name === 'GREATER' ? '>>' : BINARY_OPS[name]!
      const p = BINARY_PREC[op]
      if (p < min) break
      this.pos++
      const right = this.climb(p + 1)
      left = { kind: 'BinaryExpr', op, left, right, span: between(left.span, right.span) }
    }
    return left
  }
}
