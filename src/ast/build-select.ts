// CST → AST: SELECT.
import type { CstNode, IToken } from 'chevrotain'
import { NONE, req, nodeSpan, tokenSpan, type Builder, type Ctx } from './build-core.js'
import type * as A from './nodes.js'

// ── SELECT ─────────────────────────────────────────────────────────────────
function alias(b: Builder, t: IToken | undefined): { alias?: A.Name } {
  return t ? { alias: b.name(t) } : {}
}

export function tableSource(b: Builder, n: CstNode): A.TableSource {
  const c = n.children as Ctx
  const view = (c['view']?.[0] as IToken | undefined)
  return {
    kind: 'TableSource',
    table: b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))),
    ...(view ? { view: b.name(view) } : {}),
    ...alias(b, (c['alias']?.[0] as IToken | undefined)),
    span: nodeSpan(n),
  }
}

export function selectStmt(b: Builder, n: CstNode): A.SelectStmt {
  const c = n.children as Ctx
  const items = ((c['resultColumn'] ?? NONE) as CstNode[]).map((r): A.SelectItem => {
    const rc = r.children as Ctx
    const star = (rc['ASTERISK']?.[0] as IToken | undefined)
    const span = nodeSpan(r)
    if (star) return { kind: 'SelectItem', expr: { kind: 'StarExpr', span: tokenSpan(star) }, span }
    return { kind: 'SelectItem', expr: b.expr(req((rc['expr']?.[0] as CstNode | undefined))), ...alias(b, (rc['alias']?.[0] as IToken | undefined)), span }
  })
  const from = (c['tableSource']?.[0] as CstNode | undefined)
  const joins = ((c['joinClause'] ?? NONE) as CstNode[]).map((j): A.Join => {
    const jc = j.children as Ctx
    return {
      kind: 'Join',
      type: (jc['LEFT']?.[0] as IToken | undefined) ? 'LEFT' : 'INNER',
      source: tableSource(b, req((jc['tableSource']?.[0] as CstNode | undefined))),
      on: b.expr(req((jc['expr']?.[0] as CstNode | undefined))),
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
    ...(from ? { from: tableSource(b, from) } : {}),
    joins,
    ...(where ? { where: b.expr(where) } : {}),
    groupBy: ((c['groupBy'] ?? NONE) as CstNode[]).map((e) => b.expr(e)),
    ...(having ? { having: b.expr(having) } : {}),
    orderBy: ((c['orderItem'] ?? NONE) as CstNode[]).map((o): A.OrderItem => {
      const oc = o.children as Ctx
      return { kind: 'OrderItem', expr: b.expr(req((oc['expr']?.[0] as CstNode | undefined))), direction: (oc['DESC']?.[0] as IToken | undefined) ? 'DESC' : 'ASC', span: nodeSpan(o) }
    }),
    ...(limit ? { limit: b.expr(limit) } : {}),
    ...(offset ? { offset: b.expr(offset) } : {}),
    span: nodeSpan(n),
  }
}
