// CST → AST: INSERT / UPSERT / REPLACE, UPDATE, DELETE.
import type { CstNode, IToken } from 'chevrotain'
import { NONE, req, nodeSpan, type Builder, type Ctx } from './build-core.js'
import { selectStmt } from './build-select.js'
import type * as A from './nodes.js'

export function valuesSource(b: Builder, n: CstNode): A.WriteStmt['source'] {
  const c = n.children as Ctx
  const select = (c['selectStmt']?.[0] as CstNode | undefined)
  if (select) return selectStmt(b, select)
  const rows = ((c['valuesRow'] ?? NONE) as CstNode[]).map((r) => (((r.children as Ctx)['expr'] ?? NONE) as CstNode[]).map((e) => b.expr(e)))
  return { kind: 'Values', rows, span: nodeSpan(n) }
}

export function intoTableStmt(b: Builder, n: CstNode): A.WriteStmt {
  const c = n.children as Ctx
  const cols = (c['columns']?.[0] as CstNode | undefined)
  return {
    kind: 'Write',
    mode: req((c['mode']?.[0] as IToken | undefined)).tokenType.name as A.WriteStmt['mode'],
    table: b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))),
    ...(cols ? { columns: b.nameList(cols) } : {}),
    source: valuesSource(b, req((c['valuesSource']?.[0] as CstNode | undefined))),
    span: nodeSpan(n),
  }
}

function onSource(b: Builder, n: CstNode): { on: A.WriteStmt['source']; onColumns?: A.Name[] } {
  const c = n.children as Ctx
  const cols = (c['columns']?.[0] as CstNode | undefined)
  return { on: valuesSource(b, req((c['valuesSource']?.[0] as CstNode | undefined))), ...(cols ? { onColumns: b.nameList(cols) } : {}) }
}

export function updateStmt(b: Builder, n: CstNode): A.UpdateStmt {
  const c = n.children as Ctx
  const table = b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined)))
  const on = (c['onSource']?.[0] as CstNode | undefined)
  if (on) return { kind: 'Update', table, set: [], ...onSource(b, on), span: nodeSpan(n) }
  const set = ((c['setClause'] ?? NONE) as CstNode[]).map((s) => {
    const sc = s.children as Ctx
    return { column: b.name(req((sc['column']?.[0] as IToken | undefined))), value: b.expr(req((sc['expr']?.[0] as CstNode | undefined))), span: nodeSpan(s) }
  })
  const where = (c['where']?.[0] as CstNode | undefined)
  return { kind: 'Update', table, set, ...(where ? { where: b.expr(where) } : {}), span: nodeSpan(n) }
}

export function deleteStmt(b: Builder, n: CstNode): A.DeleteStmt {
  const c = n.children as Ctx
  const table = b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined)))
  const on = (c['onSource']?.[0] as CstNode | undefined)
  const where = (c['where']?.[0] as CstNode | undefined)
  return {
    kind: 'Delete',
    table,
    ...(where ? { where: b.expr(where) } : {}),
    ...(on ? onSource(b, on) : {}),
    span: nodeSpan(n),
  }
}
