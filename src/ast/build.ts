// CST → AST: turns the Chevrotain CST of one statement (grammar/yql.ts) into the
// typed nodes of ./nodes.ts. No checks beyond decoding literals; those live in
// validate.ts. Spans are half-open offsets into the statement's SourceText.
import type { CstElement, CstNode, IToken } from 'chevrotain'
import * as G from '../../grammar/yql.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { DiagnosticCodes } from '../syntax/codes.js'
import { bytesToText, parseIntegerLiteral, unescapeString, unquoteIdentifier } from '../syntax/unescape.js'
import { literalNode, type LiteralKind } from './build-literal.js'
import type * as A from './nodes.js'

type Ctx = Record<string, CstElement[] | undefined>

const tokens = (c: Ctx, k: string): IToken[] => (c[k] as IToken[] | undefined) ?? []
const tok = (c: Ctx, k: string): IToken | undefined => (c[k] as IToken[] | undefined)?.[0]
const nodes = (c: Ctx, k: string): CstNode[] => (c[k] as CstNode[] | undefined) ?? []
const node = (c: Ctx, k: string): CstNode | undefined => (c[k] as CstNode[] | undefined)?.[0]
const req = <T>(x: T | undefined): T => x as T // the grammar guarantees presence

export const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.endOffset! + 1 })
const nodeSpan = (n: CstNode): Span => ({ start: n.location!.startOffset, end: n.location!.endOffset! + 1 })
const between = (a: Span, b: Span): Span => ({ start: a.start, end: b.end })
/** The only child of a node with one child (Object.values is slow on CST dictionaries). */
function firstChild(n: CstNode): CstElement {
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

/** Builds the AST of one `sqlStmt` CST; decoding problems go to `diagnostics`. */
export function buildStatement(cst: CstNode, source: SourceText, diagnostics: Diagnostic[]): A.StatementEntry {
  return new Builder(source, diagnostics).sqlStmt(cst)
}

class Builder {
  /** Collection setting values are checked (with YDB's words) by validate.ts instead. */
  private quietStrings = false

  constructor(
    private readonly source: SourceText,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private report(code: string, message: string, span: Span): void {
    this.diagnostics.push({ severity: 'error', code, message, span, source: this.source })
  }

  sqlStmt(n: CstNode): A.StatementEntry {
    const c = n.children as Ctx
    const core = req(node(c, 'sqlStmtCore'))
    const child = firstChild(core) as CstNode
    const statement = STATEMENTS[child.name]!(this, child)
    return { statement, explain: tok(c, 'EXPLAIN') !== undefined, span: nodeSpan(n) }
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
    const cluster = tok(c, 'cluster')
    const name = this.name(req(tok(c, 'name')))
    return cluster ? { kind: 'ObjectRef', cluster: this.name(cluster), name, span: nodeSpan(n) } : { kind: 'ObjectRef', name, span: nodeSpan(n) }
  }

  nameList(n: CstNode): A.Name[] {
    return tokens(n.children as Ctx, 'name').map((t) => this.name(t))
  }

  typeRef(n: CstNode): A.TypeRef {
    const c = n.children as Ctx
    const name = req(tok(c, 'name')).image
    const inner = node(c, 'inner')
    const question = tok(c, 'QUESTION') !== undefined
    if (inner && name.toLowerCase() === 'optional') {
      const t = this.typeRef(inner)
      return { kind: 'TypeRef', name: t.name, params: t.params, optional: true, span: nodeSpan(n) }
    }
    const params = tokens(c, 'param').map((p) => Number(parseIntegerLiteral(p.image).value))
    return { kind: 'TypeRef', name, params, optional: question, span: nodeSpan(n) }
  }

  // ── Backup statements ──────────────────────────────────────────────────────
  collectionRef(n: CstNode): A.ObjectRef {
    return this.objectRef(req(node(n.children as Ctx, 'objectRef')))
  }

  collectionSetting(n: CstNode): A.CollectionSetting {
    const c = n.children as Ctx
    const key = this.name(req(tok(c, 'key')))
    this.quietStrings = true
    const expr = this.expr(req(node(c, 'value')))
    this.quietStrings = false
    const value: A.Expr | A.Name = expr.kind === 'ColumnRef' && !expr.table ? expr.column : expr
    return { kind: 'CollectionSetting', key, value, span: nodeSpan(n) }
  }

  createBackupCollectionStmt(n: CstNode): A.CreateBackupCollectionStmt {
    const c = n.children as Ctx
    const entriesNode = node(c, 'collectionEntries')
    let entries: A.CollectionEntries | undefined
    if (entriesNode) {
      const e = entriesNode.children as Ctx
      entries = tok(e, 'DATABASE')
        ? { kind: 'DatabaseEntry', span: nodeSpan(entriesNode) }
        : { kind: 'TableEntries', tables: tokens(e, 'table').map((t) => this.name(t)), span: nodeSpan(entriesNode) }
    }
    const name = this.collectionRef(req(node(c, 'backupCollection')))
    const settings = nodes(c, 'collectionSetting').map((s) => this.collectionSetting(s))
    return entries
      ? { kind: 'CreateBackupCollection', name, entries, settings, span: nodeSpan(n) }
      : { kind: 'CreateBackupCollection', name, settings, span: nodeSpan(n) }
  }

  alterBackupCollectionStmt(n: CstNode): A.AlterBackupCollectionStmt {
    const c = n.children as Ctx
    const actions: A.AlterBackupCollectionAction[] = nodes(c, 'alterCollectionAction').map((a) => {
      const ac = a.children as Ctx
      const keys = node(ac, 'keys')
      return keys
        ? { kind: 'ResetSettings', keys: this.nameList(keys), span: nodeSpan(a) }
        : { kind: 'SetSettings', settings: nodes(ac, 'collectionSetting').map((s) => this.collectionSetting(s)), span: nodeSpan(a) }
    })
    const entries: A.AlterBackupCollectionEntry[] = nodes(c, 'alterCollectionEntry').map((e) => {
      const ec = e.children as Ctx
      const add = tok(ec, 'ADD') !== undefined
      const table = tok(ec, 'table')
      const span = nodeSpan(e)
      if (!table) return { kind: add ? 'AddDatabase' : 'DropDatabase', span }
      return { kind: add ? 'AddTable' : 'DropTable', table: this.name(table), span }
    })
    return { kind: 'AlterBackupCollection', name: this.collectionRef(req(node(c, 'backupCollection'))), actions, entries, span: nodeSpan(n) }
  }

  dropBackupCollectionStmt(n: CstNode): A.DropBackupCollectionStmt {
    return { kind: 'DropBackupCollection', name: this.collectionRef(req(node(n.children as Ctx, 'backupCollection'))), span: nodeSpan(n) }
  }

  backupStmt(n: CstNode): A.BackupStmt {
    const c = n.children as Ctx
    return { kind: 'Backup', collection: this.objectRef(req(node(c, 'objectRef'))), incremental: tok(c, 'INCREMENTAL') !== undefined, span: nodeSpan(n) }
  }

  restoreStmt(n: CstNode): A.RestoreStmt {
    const c = n.children as Ctx
    const collection = this.objectRef(req(node(c, 'objectRef')))
    const at = tok(c, 'at')
    if (!at) return { kind: 'Restore', collection, span: nodeSpan(n) }
    const r = unescapeString(at.image)
    if (!r.ok) this.report(DiagnosticCodes.BadLiteral, `cannot unescape string literal: ${r.message}`, tokenSpan(at))
    const value = r.ok ? bytesToText(r.bytes) : at.image
    return { kind: 'Restore', collection, at: { value, span: tokenSpan(at) }, span: nodeSpan(n) }
  }

  // ── Table statements ───────────────────────────────────────────────────────
  columnSchema(n: CstNode): A.ColumnDef {
    const c = n.children as Ctx
    const family = tok(c, 'family')
    const def = node(c, 'default')
    return {
      kind: 'ColumnDef',
      name: this.name(req(tok(c, 'name'))),
      type: this.typeRef(req(node(c, 'typeRef'))),
      notNull: tok(c, 'NOT') !== undefined,
      ...(def ? { default: this.expr(def) } : {}),
      ...(family ? { family: this.name(family) } : {}),
      span: nodeSpan(n),
    }
  }

  tableIndex(n: CstNode): A.IndexDef {
    const c = n.children as Ctx
    const cover = node(c, 'cover')
    return {
      kind: 'IndexDef',
      name: this.name(req(tok(c, 'name'))),
      unique: tok(c, 'UNIQUE') !== undefined,
      mode: tok(c, 'ASYNC') ? 'ASYNC' : 'SYNC',
      columns: this.nameList(req(node(c, 'columns'))),
      cover: cover ? this.nameList(cover) : [],
      span: nodeSpan(n),
    }
  }

  tableSetting(n: CstNode): A.TableSetting {
    const c = n.children as Ctx
    const key = this.name(req(tok(c, 'key')))
    const expr = this.expr(req(node(c, 'value')))
    const column = tok(c, 'column')
    if (!column) return { kind: 'TableSetting', key, value: expr, span: nodeSpan(n) }
    const unit = tok(c, 'unit')?.image.toUpperCase() as A.TtlSetting['unit'] | undefined
    const ttl: A.TtlSetting = {
      kind: 'TtlSetting',
      expireAfter: expr,
      column: this.name(column),
      ...(unit ? { unit } : {}),
      span: { start: expr.span.start, end: nodeSpan(n).end },
    }
    return { kind: 'TableSetting', key, value: ttl, span: nodeSpan(n) }
  }

  tableSettings(n: CstNode): A.TableSetting[] {
    return nodes(n.children as Ctx, 'tableSetting').map((s) => this.tableSetting(s))
  }

  createTableStmt(n: CstNode): A.CreateTableStmt {
    const c = n.children as Ctx
    const columns: A.ColumnDef[] = []
    const primaryKey: A.Name[] = []
    const indexes: A.IndexDef[] = []
    for (const e of nodes(c, 'tableEntry')) {
      const ec = e.children as Ctx
      const pk = node(ec, 'primaryKey')
      const idx = node(ec, 'tableIndex')
      const col = node(ec, 'columnSchema')
      if (pk) primaryKey.push(...this.nameList(pk))
      else if (idx) indexes.push(this.tableIndex(idx))
      else if (col) columns.push(this.columnSchema(col))
    }
    const settings = node(c, 'tableSettings')
    return {
      kind: 'CreateTable',
      table: this.objectRef(req(node(c, 'objectRef'))),
      ifNotExists: tok(c, 'IF') !== undefined,
      columns,
      primaryKey,
      indexes,
      settings: settings ? this.tableSettings(settings) : [],
      span: nodeSpan(n),
    }
  }

  dropTableStmt(n: CstNode): A.DropTableStmt {
    const c = n.children as Ctx
    return { kind: 'DropTable', table: this.objectRef(req(node(c, 'objectRef'))), ifExists: tok(c, 'IF') !== undefined, span: nodeSpan(n) }
  }

  alterTableStmt(n: CstNode): A.AlterTableStmt {
    const c = n.children as Ctx
    const actions = nodes(c, 'alterTableAction').map((a): A.AlterTableAction => {
      const ac = a.children as Ctx
      const span = nodeSpan(a)
      if (tok(ac, 'addIndex')) return { kind: 'AddIndex', index: this.tableIndex(req(node(ac, 'tableIndex'))), span }
      if (tok(ac, 'dropIndex')) return { kind: 'DropIndex', index: this.name(req(tok(ac, 'index'))), span }
      if (tok(ac, 'addColumn')) return { kind: 'AddColumn', column: this.columnSchema(req(node(ac, 'columnSchema'))), span }
      if (tok(ac, 'dropColumn')) return { kind: 'DropColumn', column: this.name(req(tok(ac, 'column'))), span }
      return { kind: 'SetSettings', settings: this.tableSettings(req(node(ac, 'tableSettings'))), span }
    })
    return { kind: 'AlterTable', table: this.objectRef(req(node(c, 'objectRef'))), actions, span: nodeSpan(n) }
  }

  valuesSource(n: CstNode): A.WriteStmt['source'] {
    const c = n.children as Ctx
    const select = node(c, 'selectStmt')
    if (select) return this.selectStmt(select)
    const rows = nodes(c, 'valuesRow').map((r) => nodes(r.children as Ctx, 'expr').map((e) => this.expr(e)))
    return { kind: 'Values', rows, span: nodeSpan(n) }
  }

  intoTableStmt(n: CstNode): A.WriteStmt {
    const c = n.children as Ctx
    const cols = node(c, 'columns')
    return {
      kind: 'Write',
      mode: req(tok(c, 'mode')).tokenType.name as A.WriteStmt['mode'],
      table: this.objectRef(req(node(c, 'objectRef'))),
      ...(cols ? { columns: this.nameList(cols) } : {}),
      source: this.valuesSource(req(node(c, 'valuesSource'))),
      span: nodeSpan(n),
    }
  }

  private onSource(n: CstNode): { on: A.WriteStmt['source']; onColumns?: A.Name[] } {
    const c = n.children as Ctx
    const cols = node(c, 'columns')
    return { on: this.valuesSource(req(node(c, 'valuesSource'))), ...(cols ? { onColumns: this.nameList(cols) } : {}) }
  }

  updateStmt(n: CstNode): A.UpdateStmt {
    const c = n.children as Ctx
    const table = this.objectRef(req(node(c, 'objectRef')))
    const on = node(c, 'onSource')
    if (on) return { kind: 'Update', table, set: [], ...this.onSource(on), span: nodeSpan(n) }
    const set = nodes(c, 'setClause').map((s) => {
      const sc = s.children as Ctx
      return { column: this.name(req(tok(sc, 'column'))), value: this.expr(req(node(sc, 'expr'))), span: nodeSpan(s) }
    })
    const where = node(c, 'where')
    return { kind: 'Update', table, set, ...(where ? { where: this.expr(where) } : {}), span: nodeSpan(n) }
  }

  deleteStmt(n: CstNode): A.DeleteStmt {
    const c = n.children as Ctx
    const table = this.objectRef(req(node(c, 'objectRef')))
    const on = node(c, 'onSource')
    const where = node(c, 'where')
    return {
      kind: 'Delete',
      table,
      ...(where ? { where: this.expr(where) } : {}),
      ...(on ? this.onSource(on) : {}),
      span: nodeSpan(n),
    }
  }

  // ── SELECT ─────────────────────────────────────────────────────────────────
  private alias(t: IToken | undefined): { alias?: A.Name } {
    return t ? { alias: this.name(t) } : {}
  }

  tableSource(n: CstNode): A.TableSource {
    const c = n.children as Ctx
    const view = tok(c, 'view')
    return {
      kind: 'TableSource',
      table: this.objectRef(req(node(c, 'objectRef'))),
      ...(view ? { view: this.name(view) } : {}),
      ...this.alias(tok(c, 'alias')),
      span: nodeSpan(n),
    }
  }

  selectStmt(n: CstNode): A.SelectStmt {
    const c = n.children as Ctx
    const items = nodes(c, 'resultColumn').map((r): A.SelectItem => {
      const rc = r.children as Ctx
      const star = tok(rc, 'ASTERISK')
      const span = nodeSpan(r)
      if (star) return { kind: 'SelectItem', expr: { kind: 'StarExpr', span: tokenSpan(star) }, span }
      return { kind: 'SelectItem', expr: this.expr(req(node(rc, 'expr'))), ...this.alias(tok(rc, 'alias')), span }
    })
    const from = node(c, 'tableSource')
    const joins = nodes(c, 'joinClause').map((j): A.Join => {
      const jc = j.children as Ctx
      return {
        kind: 'Join',
        type: tok(jc, 'LEFT') ? 'LEFT' : 'INNER',
        source: this.tableSource(req(node(jc, 'tableSource'))),
        on: this.expr(req(node(jc, 'expr'))),
        span: nodeSpan(j),
      }
    })
    const where = node(c, 'where')
    const having = node(c, 'having')
    const limitNode = node(c, 'limit')
    const offsetNode = node(c, 'offset')
    // `LIMIT a, b` is `LIMIT b OFFSET a`.
    const [limit, offset] = tok(c, 'limitComma') ? [offsetNode, limitNode] : [limitNode, offsetNode]
    return {
      kind: 'Select',
      distinct: tok(c, 'DISTINCT') !== undefined,
      items,
      ...(from ? { from: this.tableSource(from) } : {}),
      joins,
      ...(where ? { where: this.expr(where) } : {}),
      groupBy: nodes(c, 'groupBy').map((e) => this.expr(e)),
      ...(having ? { having: this.expr(having) } : {}),
      orderBy: nodes(c, 'orderItem').map((o): A.OrderItem => {
        const oc = o.children as Ctx
        return { kind: 'OrderItem', expr: this.expr(req(node(oc, 'expr'))), direction: tok(oc, 'DESC') ? 'DESC' : 'ASC', span: nodeSpan(o) }
      }),
      ...(limit ? { limit: this.expr(limit) } : {}),
      ...(offset ? { offset: this.expr(offset) } : {}),
      span: nodeSpan(n),
    }
  }

  // ── Session statements ─────────────────────────────────────────────────────
  useStmt(n: CstNode): A.UseStmt {
    return { kind: 'Use', cluster: this.name(req(tok(n.children as Ctx, 'cluster'))), span: nodeSpan(n) }
  }

  pragmaStmt(n: CstNode): A.PragmaStmt {
    const c = n.children as Ctx
    const parts = tokens(c, 'name').map((t) => this.name(t))
    const first = parts[0]!
    const name: A.Name = parts.length === 1 ? first : { kind: 'Name', text: parts.map((p) => p.text).join('.'), quoted: 'none', span: between(first.span, parts[parts.length - 1]!.span) }
    return { kind: 'Pragma', name, values: nodes(c, 'value').map((e) => this.expr(e)), span: nodeSpan(n) }
  }

  declareStmt(n: CstNode): A.DeclareStmt {
    const c = n.children as Ctx
    return { kind: 'Declare', name: req(tok(c, 'PARAM')).image, type: this.typeRef(req(node(c, 'typeRef'))), span: nodeSpan(n) }
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
    const operands = nodes(c, 'operand')
    // The common case, a lone operand: no sorting, no allocation.
    if (c['op'] === undefined && c['prefix'] === undefined && c['suffix'] === undefined) return this.atom(operands[0]!)
    const ops = tokens(c, 'op')
    const prefixes = nodes(c, 'prefix').map((p) => firstChild(p) as IToken)
    const suffixes = nodes(c, 'suffix')
    const seq: (IToken | CstNode)[] = [...prefixes, ...ops, ...operands, ...suffixes].sort((a, b) => offsetOf(a) - offsetOf(b))
    return new Climber(this, seq, new Set(prefixes)).climb(0)
  }

  suffix(left: A.Expr, s: CstNode): A.Expr {
    const sc = s.children as Ctx
    const span = between(left.span, nodeSpan(s))
    const negated = tok(sc, 'NOT') !== undefined
    const op = tok(sc, 'op')
    if (op) return { kind: 'BinaryExpr', op: BINARY_OPS[op.tokenType.name]!, left, right: this.expr(req(node(sc, 'right'))), span }
    if (tok(sc, 'IS')) return { kind: 'IsNullExpr', operand: left, negated, span }
    if (tok(sc, 'IN')) return { kind: 'InExpr', operand: left, list: nodes(sc, 'list').map((e) => this.expr(e)), negated, span }
    if (tok(sc, 'BETWEEN')) {
      return { kind: 'BetweenExpr', operand: left, low: this.expr(req(node(sc, 'low'))), high: this.expr(req(node(sc, 'high'))), negated, span }
    }
    const escape = node(sc, 'escape')
    return {
      kind: 'LikeExpr',
      operand: left,
      pattern: this.expr(req(node(sc, 'pattern'))),
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
    const lit = tok(c, 'literal')
    if (lit) return this.literal(lit) // most atoms
    const span = nodeSpan(n)
    const param = tok(c, 'PARAM')
    if (param) return { kind: 'Parameter', name: param.image, span }
    if (tok(c, 'CAST')) return { kind: 'CastExpr', operand: this.expr(req(node(c, 'expr'))), type: this.typeRef(req(node(c, 'typeRef'))), span }
    if (tok(c, 'paren')) return { ...this.expr(req(node(c, 'expr'))), span }
    const id = req(tok(c, 'id'))
    const args = node(c, 'callArgs')
    if (args) {
      const ac = args.children as Ctx
      const member = tok(c, 'member')
      const star = tok(ac, 'ASTERISK')
      return {
        kind: 'CallExpr',
        name: member ? `${id.image}::${member.image}` : id.image,
        args: star ? [{ kind: 'StarExpr', span: tokenSpan(star) }] : nodes(ac, 'arg').map((e) => this.expr(e)),
        distinct: tok(ac, 'DISTINCT') !== undefined,
        span,
      }
    }
    const column = tok(c, 'column')
    if (column) return { kind: 'ColumnRef', table: this.name(id), column: this.name(column), span }
    if (tok(c, 'star')) return { kind: 'StarExpr', table: this.name(id), span }
    return { kind: 'ColumnRef', column: this.name(id), span }
  }
}

// The statement dispatch, by CST rule name.
type StatementBuilder = (b: Builder, n: CstNode) => A.Statement
const STATEMENTS: Readonly<Record<string, StatementBuilder>> = {
  createBackupCollectionStmt: (b, n) => b.createBackupCollectionStmt(n),
  alterBackupCollectionStmt: (b, n) => b.alterBackupCollectionStmt(n),
  dropBackupCollectionStmt: (b, n) => b.dropBackupCollectionStmt(n),
  backupStmt: (b, n) => b.backupStmt(n),
  restoreStmt: (b, n) => b.restoreStmt(n),
  createTableStmt: (b, n) => b.createTableStmt(n),
  alterTableStmt: (b, n) => b.alterTableStmt(n),
  dropTableStmt: (b, n) => b.dropTableStmt(n),
  intoTableStmt: (b, n) => b.intoTableStmt(n),
  updateStmt: (b, n) => b.updateStmt(n),
  deleteStmt: (b, n) => b.deleteStmt(n),
  selectStmt: (b, n) => b.selectStmt(n),
  useStmt: (b, n) => b.useStmt(n),
  pragmaStmt: (b, n) => b.pragmaStmt(n),
  declareStmt: (b, n) => b.declareStmt(n),
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
