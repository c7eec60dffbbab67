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

// CST children are read with constant keys at each site (c['name']): a shared helper
// taking the key would make one megamorphic keyed lookup of every access.
const NONE: never[] = []
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
    const core = req((c['sqlStmtCore']?.[0] as CstNode | undefined))
    const child = firstChild(core) as CstNode
    const statement = STATEMENTS[child.name]!(this, child)
    return { statement, explain: (c['EXPLAIN']?.[0] as IToken | undefined) !== undefined, span: nodeSpan(n) }
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

  // ── Backup statements ──────────────────────────────────────────────────────
  collectionRef(n: CstNode): A.ObjectRef {
    return this.objectRef(req(((n.children as Ctx)['objectRef']?.[0] as CstNode | undefined)))
  }

  collectionSetting(n: CstNode): A.CollectionSetting {
    const c = n.children as Ctx
    const key = this.name(req((c['key']?.[0] as IToken | undefined)))
    this.quietStrings = true
    const expr = this.expr(req((c['value']?.[0] as CstNode | undefined)))
    this.quietStrings = false
    const value: A.Expr | A.Name = expr.kind === 'ColumnRef' && !expr.table ? expr.column : expr
    return { kind: 'CollectionSetting', key, value, span: nodeSpan(n) }
  }

  createBackupCollectionStmt(n: CstNode): A.CreateBackupCollectionStmt {
    const c = n.children as Ctx
    const entriesNode = (c['collectionEntries']?.[0] as CstNode | undefined)
    let entries: A.CollectionEntries | undefined
    if (entriesNode) {
      const e = entriesNode.children as Ctx
      entries = (e['DATABASE']?.[0] as IToken | undefined)
        ? { kind: 'DatabaseEntry', span: nodeSpan(entriesNode) }
        : { kind: 'TableEntries', tables: ((e['table'] ?? NONE) as IToken[]).map((t) => this.name(t)), span: nodeSpan(entriesNode) }
    }
    const name = this.collectionRef(req((c['backupCollection']?.[0] as CstNode | undefined)))
    const settings = ((c['collectionSetting'] ?? NONE) as CstNode[]).map((s) => this.collectionSetting(s))
    return entries
      ? { kind: 'CreateBackupCollection', name, entries, settings, span: nodeSpan(n) }
      : { kind: 'CreateBackupCollection', name, settings, span: nodeSpan(n) }
  }

  alterBackupCollectionStmt(n: CstNode): A.AlterBackupCollectionStmt {
    const c = n.children as Ctx
    const actions: A.AlterBackupCollectionAction[] = ((c['alterCollectionAction'] ?? NONE) as CstNode[]).map((a) => {
      const ac = a.children as Ctx
      const keys = (ac['keys']?.[0] as CstNode | undefined)
      return keys
        ? { kind: 'ResetSettings', keys: this.nameList(keys), span: nodeSpan(a) }
        : { kind: 'SetSettings', settings: ((ac['collectionSetting'] ?? NONE) as CstNode[]).map((s) => this.collectionSetting(s)), span: nodeSpan(a) }
    })
    const entries: A.AlterBackupCollectionEntry[] = ((c['alterCollectionEntry'] ?? NONE) as CstNode[]).map((e) => {
      const ec = e.children as Ctx
      const add = (ec['ADD']?.[0] as IToken | undefined) !== undefined
      const table = (ec['table']?.[0] as IToken | undefined)
      const span = nodeSpan(e)
      if (!table) return { kind: add ? 'AddDatabase' : 'DropDatabase', span }
      return { kind: add ? 'AddTable' : 'DropTable', table: this.name(table), span }
    })
    return { kind: 'AlterBackupCollection', name: this.collectionRef(req((c['backupCollection']?.[0] as CstNode | undefined))), actions, entries, span: nodeSpan(n) }
  }

  dropBackupCollectionStmt(n: CstNode): A.DropBackupCollectionStmt {
    return { kind: 'DropBackupCollection', name: this.collectionRef(req(((n.children as Ctx)['backupCollection']?.[0] as CstNode | undefined))), span: nodeSpan(n) }
  }

  backupStmt(n: CstNode): A.BackupStmt {
    const c = n.children as Ctx
    return { kind: 'Backup', collection: this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))), incremental: (c['INCREMENTAL']?.[0] as IToken | undefined) !== undefined, span: nodeSpan(n) }
  }

  restoreStmt(n: CstNode): A.RestoreStmt {
    const c = n.children as Ctx
    const collection = this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined)))
    const at = (c['at']?.[0] as IToken | undefined)
    if (!at) return { kind: 'Restore', collection, span: nodeSpan(n) }
    const r = unescapeString(at.image)
    if (!r.ok) this.report(DiagnosticCodes.BadLiteral, `cannot unescape string literal: ${r.message}`, tokenSpan(at))
    const value = r.ok ? bytesToText(r.bytes) : at.image
    return { kind: 'Restore', collection, at: { value, span: tokenSpan(at) }, span: nodeSpan(n) }
  }

  // ── Table statements ───────────────────────────────────────────────────────
  columnSchema(n: CstNode): A.ColumnDef {
    const c = n.children as Ctx
    const family = (c['family']?.[0] as IToken | undefined)
    const def = (c['default']?.[0] as CstNode | undefined)
    return {
      kind: 'ColumnDef',
      name: this.name(req((c['name']?.[0] as IToken | undefined))),
      type: this.typeRef(req((c['typeRef']?.[0] as CstNode | undefined))),
      notNull: (c['NOT']?.[0] as IToken | undefined) !== undefined,
      ...(def ? { default: this.expr(def) } : {}),
      ...(family ? { family: this.name(family) } : {}),
      span: nodeSpan(n),
    }
  }

  tableIndex(n: CstNode): A.IndexDef {
    const c = n.children as Ctx
    const cover = (c['cover']?.[0] as CstNode | undefined)
    return {
      kind: 'IndexDef',
      name: this.name(req((c['name']?.[0] as IToken | undefined))),
      unique: (c['UNIQUE']?.[0] as IToken | undefined) !== undefined,
      mode: (c['ASYNC']?.[0] as IToken | undefined) ? 'ASYNC' : 'SYNC',
      columns: this.nameList(req((c['columns']?.[0] as CstNode | undefined))),
      cover: cover ? this.nameList(cover) : [],
      span: nodeSpan(n),
    }
  }

  tableSetting(n: CstNode): A.TableSetting {
    const c = n.children as Ctx
    const key = this.name(req((c['key']?.[0] as IToken | undefined)))
    const expr = this.expr(req((c['value']?.[0] as CstNode | undefined)))
    const column = (c['column']?.[0] as IToken | undefined)
    if (!column) return { kind: 'TableSetting', key, value: expr, span: nodeSpan(n) }
    const unit = (c['unit']?.[0] as IToken | undefined)?.image.toUpperCase() as A.TtlSetting['unit'] | undefined
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
    return (((n.children as Ctx)['tableSetting'] ?? NONE) as CstNode[]).map((s) => this.tableSetting(s))
  }

  createTableStmt(n: CstNode): A.CreateTableStmt {
    const c = n.children as Ctx
    const columns: A.ColumnDef[] = []
    const primaryKey: A.Name[] = []
    const indexes: A.IndexDef[] = []
    for (const e of ((c['tableEntry'] ?? NONE) as CstNode[])) {
      const ec = e.children as Ctx
      const pk = (ec['primaryKey']?.[0] as CstNode | undefined)
      const idx = (ec['tableIndex']?.[0] as CstNode | undefined)
      const col = (ec['columnSchema']?.[0] as CstNode | undefined)
      if (pk) primaryKey.push(...this.nameList(pk))
      else if (idx) indexes.push(this.tableIndex(idx))
      else if (col) columns.push(this.columnSchema(col))
    }
    const settings = (c['tableSettings']?.[0] as CstNode | undefined)
    return {
      kind: 'CreateTable',
      table: this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))),
      ifNotExists: (c['IF']?.[0] as IToken | undefined) !== undefined,
      columns,
      primaryKey,
      indexes,
      settings: settings ? this.tableSettings(settings) : [],
      span: nodeSpan(n),
    }
  }

  dropTableStmt(n: CstNode): A.DropTableStmt {
    const c = n.children as Ctx
    return { kind: 'DropTable', table: this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))), ifExists: (c['IF']?.[0] as IToken | undefined) !== undefined, span: nodeSpan(n) }
  }

  alterTableStmt(n: CstNode): A.AlterTableStmt {
    const c = n.children as Ctx
    const actions = ((c['alterTableAction'] ?? NONE) as CstNode[]).map((a): A.AlterTableAction => {
      const ac = a.children as Ctx
      const span = nodeSpan(a)
      if ((ac['addIndex']?.[0] as IToken | undefined)) return { kind: 'AddIndex', index: this.tableIndex(req((ac['tableIndex']?.[0] as CstNode | undefined))), span }
      if ((ac['dropIndex']?.[0] as IToken | undefined)) return { kind: 'DropIndex', index: this.name(req((ac['index']?.[0] as IToken | undefined))), span }
      if ((ac['addColumn']?.[0] as IToken | undefined)) return { kind: 'AddColumn', column: this.columnSchema(req((ac['columnSchema']?.[0] as CstNode | undefined))), span }
      if ((ac['dropColumn']?.[0] as IToken | undefined)) return { kind: 'DropColumn', column: this.name(req((ac['column']?.[0] as IToken | undefined))), span }
      return { kind: 'SetSettings', settings: this.tableSettings(req((ac['tableSettings']?.[0] as CstNode | undefined))), span }
    })
    return { kind: 'AlterTable', table: this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))), actions, span: nodeSpan(n) }
  }

  valuesSource(n: CstNode): A.WriteStmt['source'] {
    const c = n.children as Ctx
    const select = (c['selectStmt']?.[0] as CstNode | undefined)
    if (select) return this.selectStmt(select)
    const rows = ((c['valuesRow'] ?? NONE) as CstNode[]).map((r) => (((r.children as Ctx)['expr'] ?? NONE) as CstNode[]).map((e) => this.expr(e)))
    return { kind: 'Values', rows, span: nodeSpan(n) }
  }

  intoTableStmt(n: CstNode): A.WriteStmt {
    const c = n.children as Ctx
    const cols = (c['columns']?.[0] as CstNode | undefined)
    return {
      kind: 'Write',
      mode: req((c['mode']?.[0] as IToken | undefined)).tokenType.name as A.WriteStmt['mode'],
      table: this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))),
      ...(cols ? { columns: this.nameList(cols) } : {}),
      source: this.valuesSource(req((c['valuesSource']?.[0] as CstNode | undefined))),
      span: nodeSpan(n),
    }
  }

  private onSource(n: CstNode): { on: A.WriteStmt['source']; onColumns?: A.Name[] } {
    const c = n.children as Ctx
    const cols = (c['columns']?.[0] as CstNode | undefined)
    return { on: this.valuesSource(req((c['valuesSource']?.[0] as CstNode | undefined))), ...(cols ? { onColumns: this.nameList(cols) } : {}) }
  }

  updateStmt(n: CstNode): A.UpdateStmt {
    const c = n.children as Ctx
    const table = this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined)))
    const on = (c['onSource']?.[0] as CstNode | undefined)
    if (on) return { kind: 'Update', table, set: [], ...this.onSource(on), span: nodeSpan(n) }
    const set = ((c['setClause'] ?? NONE) as CstNode[]).map((s) => {
      const sc = s.children as Ctx
      return { column: this.name(req((sc['column']?.[0] as IToken | undefined))), value: this.expr(req((sc['expr']?.[0] as CstNode | undefined))), span: nodeSpan(s) }
    })
    const where = (c['where']?.[0] as CstNode | undefined)
    return { kind: 'Update', table, set, ...(where ? { where: this.expr(where) } : {}), span: nodeSpan(n) }
  }

  deleteStmt(n: CstNode): A.DeleteStmt {
    const c = n.children as Ctx
    const table = this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined)))
    const on = (c['onSource']?.[0] as CstNode | undefined)
    const where = (c['where']?.[0] as CstNode | undefined)
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
    const view = (c['view']?.[0] as IToken | undefined)
    return {
      kind: 'TableSource',
      table: this.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))),
      ...(view ? { view: this.name(view) } : {}),
      ...this.alias((c['alias']?.[0] as IToken | undefined)),
      span: nodeSpan(n),
    }
  }

  selectStmt(n: CstNode): A.SelectStmt {
    const c = n.children as Ctx
    const items = ((c['resultColumn'] ?? NONE) as CstNode[]).map((r): A.SelectItem => {
      const rc = r.children as Ctx
      const star = (rc['ASTERISK']?.[0] as IToken | undefined)
      const span = nodeSpan(r)
      if (star) return { kind: 'SelectItem', expr: { kind: 'StarExpr', span: tokenSpan(star) }, span }
      return { kind: 'SelectItem', expr: this.expr(req((rc['expr']?.[0] as CstNode | undefined))), ...this.alias((rc['alias']?.[0] as IToken | undefined)), span }
    })
    const from = (c['tableSource']?.[0] as CstNode | undefined)
    const joins = ((c['joinClause'] ?? NONE) as CstNode[]).map((j): A.Join => {
      const jc = j.children as Ctx
      return {
        kind: 'Join',
        type: (jc['LEFT']?.[0] as IToken | undefined) ? 'LEFT' : 'INNER',
        source: this.tableSource(req((jc['tableSource']?.[0] as CstNode | undefined))),
        on: this.expr(req((jc['expr']?.[0] as CstNode | undefined))),
        span: nodeSpan(j),
      }
    })
    const where = (c['where']?.[0] as CstNode | undefined)
    const having = (c['having']?.[0] as CstNode | undefined)
    const limitNode = (c['limit']?.[0] as CstNode | undefined)
    const offsetNode = (c['offset']?.[0] as CstNode | undefined)
    // `LIMIT a, b` is `LIMIT b OFFSET a`.
    const [limit, offset] = (c['limitComma']?.[0] as IToken | undefined) ? [offsetNode, limitNode] : [limitNode, offsetNode]
    return {
      kind: 'Select',
      distinct: (c['DISTINCT']?.[0] as IToken | undefined) !== undefined,
      items,
      ...(from ? { from: this.tableSource(from) } : {}),
      joins,
      ...(where ? { where: this.expr(where) } : {}),
      groupBy: ((c['groupBy'] ?? NONE) as CstNode[]).map((e) => this.expr(e)),
      ...(having ? { having: this.expr(having) } : {}),
      orderBy: ((c['orderItem'] ?? NONE) as CstNode[]).map((o): A.OrderItem => {
        const oc = o.children as Ctx
        return { kind: 'OrderItem', expr: this.expr(req((oc['expr']?.[0] as CstNode | undefined))), direction: (oc['DESC']?.[0] as IToken | undefined) ? 'DESC' : 'ASC', span: nodeSpan(o) }
      }),
      ...(limit ? { limit: this.expr(limit) } : {}),
      ...(offset ? { offset: this.expr(offset) } : {}),
      span: nodeSpan(n),
    }
  }

  // ── Session statements ─────────────────────────────────────────────────────
  useStmt(n: CstNode): A.UseStmt {
    return { kind: 'Use', cluster: this.name(req(((n.children as Ctx)['cluster']?.[0] as IToken | undefined))), span: nodeSpan(n) }
  }

  pragmaStmt(n: CstNode): A.PragmaStmt {
    const c = n.children as Ctx
    const parts = ((c['name'] ?? NONE) as IToken[]).map((t) => this.name(t))
    const first = parts[0]!
    const name: A.Name = parts.length === 1 ? first : { kind: 'Name', text: parts.map((p) => p.text).join('.'), quoted: 'none', span: between(first.span, parts[parts.length - 1]!.span) }
    return { kind: 'Pragma', name, values: ((c['value'] ?? NONE) as CstNode[]).map((e) => this.expr(e)), span: nodeSpan(n) }
  }

  declareStmt(n: CstNode): A.DeclareStmt {
    const c = n.children as Ctx
    return { kind: 'Declare', name: req((c['PARAM']?.[0] as IToken | undefined)).image, type: this.typeRef(req((c['typeRef']?.[0] as CstNode | undefined))), span: nodeSpan(n) }
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
