// CST → AST: CREATE / ALTER / DROP TABLE.
import type { CstNode, IToken } from 'chevrotain'
import { NONE, req, nodeSpan, type Builder, type Ctx } from './build-core.js'
import type * as A from './nodes.js'

// ── Table statements ───────────────────────────────────────────────────────
export function columnSchema(b: Builder, n: CstNode): A.ColumnDef {
  const c = n.children as Ctx
  const family = (c['family']?.[0] as IToken | undefined)
  const def = (c['default']?.[0] as CstNode | undefined)
  return {
    kind: 'ColumnDef',
    name: b.name(req((c['name']?.[0] as IToken | undefined))),
    type: b.typeRef(req((c['typeRef']?.[0] as CstNode | undefined))),
    notNull: (c['NOT']?.[0] as IToken | undefined) !== undefined,
    ...(def ? { default: b.expr(def) } : {}),
    ...(family ? { family: b.name(family) } : {}),
    span: nodeSpan(n),
  }
}

export function tableIndex(b: Builder, n: CstNode): A.IndexDef {
  const c = n.children as Ctx
  const cover = (c['cover']?.[0] as CstNode | undefined)
  return {
    kind: 'IndexDef',
    name: b.name(req((c['name']?.[0] as IToken | undefined))),
    unique: (c['UNIQUE']?.[0] as IToken | undefined) !== undefined,
    mode: (c['ASYNC']?.[0] as IToken | undefined) ? 'ASYNC' : 'SYNC',
    columns: b.nameList(req((c['columns']?.[0] as CstNode | undefined))),
    cover: cover ? b.nameList(cover) : [],
    span: nodeSpan(n),
  }
}

export function tableSetting(b: Builder, n: CstNode): A.TableSetting {
  const c = n.children as Ctx
  const key = b.name(req((c['key']?.[0] as IToken | undefined)))
  const expr = b.expr(req((c['value']?.[0] as CstNode | undefined)))
  const column = (c['column']?.[0] as IToken | undefined)
  if (!column) return { kind: 'TableSetting', key, value: expr, span: nodeSpan(n) }
  const unit = (c['unit']?.[0] as IToken | undefined)?.image.toUpperCase() as A.TtlSetting['unit'] | undefined
  const ttl: A.TtlSetting = {
    kind: 'TtlSetting',
    expireAfter: expr,
    column: b.name(column),
    ...(unit ? { unit } : {}),
    span: { start: expr.span.start, end: nodeSpan(n).end },
  }
  return { kind: 'TableSetting', key, value: ttl, span: nodeSpan(n) }
}

export function tableSettings(b: Builder, n: CstNode): A.TableSetting[] {
  return (((n.children as Ctx)['tableSetting'] ?? NONE) as CstNode[]).map((s) => tableSetting(b, s))
}

export function createTableStmt(b: Builder, n: CstNode): A.CreateTableStmt {
  const c = n.children as Ctx
  const columns: A.ColumnDef[] = []
  const primaryKey: A.Name[] = []
  const indexes: A.IndexDef[] = []
  for (const e of ((c['tableEntry'] ?? NONE) as CstNode[])) {
    const ec = e.children as Ctx
    const pk = (ec['primaryKey']?.[0] as CstNode | undefined)
    const idx = (ec['tableIndex']?.[0] as CstNode | undefined)
    const col = (ec['columnSchema']?.[0] as CstNode | undefined)
    if (pk) primaryKey.push(...b.nameList(pk))
    else if (idx) indexes.push(tableIndex(b, idx))
    else if (col) columns.push(columnSchema(b, col))
  }
  const settings = (c['tableSettings']?.[0] as CstNode | undefined)
  return {
    kind: 'CreateTable',
    table: b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))),
    ifNotExists: (c['IF']?.[0] as IToken | undefined) !== undefined,
    columns,
    primaryKey,
    indexes,
    settings: settings ? tableSettings(b, settings) : [],
    span: nodeSpan(n),
  }
}

export function dropTableStmt(b: Builder, n: CstNode): A.DropTableStmt {
  const c = n.children as Ctx
  return { kind: 'DropTable', table: b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))), ifExists: (c['IF']?.[0] as IToken | undefined) !== undefined, span: nodeSpan(n) }
}

export function alterTableStmt(b: Builder, n: CstNode): A.AlterTableStmt {
  const c = n.children as Ctx
  const actions = ((c['alterTableAction'] ?? NONE) as CstNode[]).map((a): A.AlterTableAction => {
    const ac = a.children as Ctx
    const span = nodeSpan(a)
    if ((ac['addIndex']?.[0] as IToken | undefined)) return { kind: 'AddIndex', index: tableIndex(b, req((ac['tableIndex']?.[0] as CstNode | undefined))), span }
    if ((ac['dropIndex']?.[0] as IToken | undefined)) return { kind: 'DropIndex', index: b.name(req((ac['index']?.[0] as IToken | undefined))), span }
    if ((ac['addColumn']?.[0] as IToken | undefined)) return { kind: 'AddColumn', column: columnSchema(b, req((ac['columnSchema']?.[0] as CstNode | undefined))), span }
    if ((ac['dropColumn']?.[0] as IToken | undefined)) return { kind: 'DropColumn', column: b.name(req((ac['column']?.[0] as IToken | undefined))), span }
    return { kind: 'SetSettings', settings: tableSettings(b, req((ac['tableSettings']?.[0] as CstNode | undefined))), span }
  })
  return { kind: 'AlterTable', table: b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))), actions, span: nodeSpan(n) }
}
