// The fast statement path (fast-parse.ts): INSERT / UPSERT / REPLACE, UPDATE,
// DELETE and SELECT, as grammar/yql.ts parses them and src/ast/build-write.ts
// and build-select.ts build them.
import type * as A from '../ast/nodes.js'
import type { Span } from '../source/span.js'
import { accept, cur, exact, expect, expr, K, nameAt, nameList, nameOf, objectRef, peek, S, spanFrom, spanOr, tokenSpanAt } from './fast-expr.js'
import { AN_ID } from './fast-tokens.js'

const MODES = new Map<number, A.WriteStmt['mode']>([[S.INSERT, 'INSERT'], [S.UPSERT, 'UPSERT'], [S.REPLACE, 'REPLACE']])

/** values_source: VALUES (row), ... | select. */
function valuesSource(): A.WriteStmt['source'] {
  if (peek() === S.SELECT) return select()
  const first = expect(S.VALUES)
  const rows: A.Expr[][] = []
  do {
    expect(K.LPAREN)
    const row = [expr()]
    while (accept(K.COMMA)) row.push(expr())
    expect(K.RPAREN)
    rows.push(exact(row))
  } while (accept(K.COMMA))
  return { kind: 'Values', rows: exact(rows), span: spanFrom(first) }
}

export function write(first: number, mode: number): A.WriteStmt {
  expect(S.INTO)
  const table = objectRef()
  const columns = peek() === K.LPAREN ? nameList() : undefined
  const source = valuesSource()
  return columns
    ? { kind: 'Write', mode: MODES.get(mode)!, table, columns, source, span: spanFrom(first) }
    : { kind: 'Write', mode: MODES.get(mode)!, table, source, span: spanFrom(first) }
}

export function update(first: number): A.UpdateStmt {
  const table = objectRef()
  if (accept(S.ON)) {
    const onColumns = peek() === K.LPAREN ? nameList() : undefined
    const on = valuesSource()
    return onColumns
      ? { kind: 'Update', table, set: [], on, onColumns, span: spanFrom(first) }
      : { kind: 'Update', table, set: [], on, span: spanFrom(first) }
  }
  expect(S.SET)
  const setList: { column: A.Name; value: A.Expr; span: Span }[] = []
  do {
    const at = cur.pos
    const column = nameOf(AN_ID)
    expect(K.EQUALS)
    const value = expr()
    setList.push({ column, value, span: spanFrom(at) })
  } while (accept(K.COMMA))
  const set = exact(setList)
  if (!accept(S.WHERE)) return { kind: 'Update', table, set, span: spanFrom(first) }
  const where = expr()
  return { kind: 'Update', table, set, where, span: spanFrom(first) }
}

export function del(first: number): A.DeleteStmt {
  expect(S.FROM)
  const table = objectRef()
  if (accept(S.WHERE)) {
    const where = expr()
    return { kind: 'Delete', table, where, span: spanFrom(first) }
  }
  if (accept(S.ON)) {
    const onColumns = peek() === K.LPAREN ? nameList() : undefined
    const on = valuesSource()
    return onColumns ? { kind: 'Delete', table, on, onColumns, span: spanFrom(first) } : { kind: 'Delete', table, on, span: spanFrom(first) }
  }
  return { kind: 'Delete', table, span: spanFrom(first) }
}

// ── SELECT ───────────────────────────────────────────────────────────────────
type Mutable<T> = { -readonly [k in keyof T]: T[k] }

/** `AS name`, or a bare plain or quoted identifier: a result column's or a source's alias. */
function alias(): A.Name | undefined {
  const t = peek()
  if (t === K.AS) {
    cur.pos++
    return nameOf(AN_ID)
  }
  if (t === S.ID_PLAIN || t === K.ID_QUOTED) return nameAt(cur.pos++)
  return undefined
}

function tableSource(): A.TableSource {
  const first = cur.pos
  const table = objectRef()
  const view = accept(S.VIEW) ? nameOf(AN_ID) : undefined
  const a = alias()
  const s = { kind: 'TableSource', table } as Mutable<A.TableSource>
  if (view) s.view = view
  if (a) s.alias = a
  s.span = spanOr(first, table.span)
  return s
}

export function select(): A.SelectStmt {
  const first = expect(S.SELECT)
  const distinct = accept(K.DISTINCT)
  const items: A.SelectItem[] = []
  do {
    const at = cur.pos
    if (peek() === K.ASTERISK) {
      cur.pos++
      const span = tokenSpanAt(at)
      items.push({ kind: 'SelectItem', expr: { kind: 'StarExpr', span }, span })
    } else {
      const e = expr()
      const a = alias()
      items.push(a ? { kind: 'SelectItem', expr: e, alias: a, span: spanFrom(at) } : { kind: 'SelectItem', expr: e, span: spanOr(at, e.span) })
    }
  } while (accept(K.COMMA))
  const s = { kind: 'Select', distinct, items: exact(items) } as unknown as Mutable<A.SelectStmt>
  const joins: A.Join[] = []
  if (accept(S.FROM)) {
    s.from = tableSource()
    for (;;) {
      const at = cur.pos
      const t = peek()
      let type: A.Join['type'] = 'INNER'
      if (t === S.LEFT) {
        cur.pos++
        accept(S.OUTER)
        type = 'LEFT'
      } else if (t === S.INNER) cur.pos++
      else if (t !== S.JOIN) break
      expect(S.JOIN)
      const source = tableSource()
      expect(S.ON)
      const on = expr()
      joins.push({ kind: 'Join', type, source, on, span: spanFrom(at) })
    }
  }
  s.joins = exact(joins)
  if (accept(S.WHERE)) s.where = expr()
  const groupBy: A.Expr[] = []
  if (accept(S.GROUP)) {
    expect(S.BY)
    do groupBy.push(expr())
    while (accept(K.COMMA))
  }
  s.groupBy = exact(groupBy)
  if (accept(S.HAVING)) s.having = expr()
  const orderBy: A.OrderItem[] = []
  if (accept(S.ORDER)) {
    expect(S.BY)
    do {
      const at = cur.pos
      const e = expr()
      const direction = accept(S.DESC) ? 'DESC' : (accept(S.ASC), 'ASC')
      orderBy.push({ kind: 'OrderItem', expr: e, direction, span: spanOr(at, e.span) })
    } while (accept(K.COMMA))
  }
  s.orderBy = exact(orderBy)
  if (accept(S.LIMIT)) {
    const a = expr()
    if (accept(S.OFFSET)) {
      s.limit = a
      s.offset = expr()
    } else if (accept(K.COMMA)) {
      // `LIMIT a, b` is `LIMIT b OFFSET a`.
      s.limit = expr()
      s.offset = a
    } else s.limit = a
  }
  s.span = spanFrom(first)
  return s
}
