// The fast statement path (fast-parse.ts): CREATE / ALTER / DROP TABLE, as
// grammar/yql.ts parses them and src/ast/build-table.ts builds them.
import type * as A from '../ast/nodes.js'
import { accept, cur, exact, expect, expr, isAt, K, nameList, nameOf, objectRef, peek, S, spanFrom, typeRef } from './fast-expr.js'
import { AN_ID, giveUp } from './fast-tokens.js'

export function createTable(first: number): A.CreateTableStmt {
  cur.pos++ // TABLE
  const ifNotExists = peek() === S.IF && peek(1) === K.NOT
  if (ifNotExists) {
    cur.pos += 2
    expect(S.EXISTS)
  }
  const table = objectRef()
  expect(K.LPAREN)
  const columns: A.ColumnDef[] = []
  const primaryKey: A.Name[] = []
  const indexes: A.IndexDef[] = []
  for (;;) {
    // table_entry: the grammar looks up to 3 tokens ahead; PRIMARY KEY ( and
    // INDEX x GLOBAL win over columns so named. Other starts with these words: give up.
    const t = peek()
    if (t === S.PRIMARY && peek(1) === S.KEY) {
      if (peek(2) !== K.LPAREN) giveUp()
      cur.pos += 2
      primaryKey.push(...nameList())
    } else if (t === S.INDEX) {
      if (peek(2) !== S.GLOBAL) giveUp()
      indexes.push(tableIndex())
    } else columns.push(columnSchema())
    if (peek() !== K.COMMA) break
    cur.pos++
    if (peek() === K.RPAREN) break // trailing comma
  }
  expect(K.RPAREN)
  let settings: A.TableSetting[] = []
  if (accept(S.WITH)) settings = tableSettings()
  return { kind: 'CreateTable', table, ifNotExists, columns: exact(columns), primaryKey: exact(primaryKey), indexes: exact(indexes), settings, span: spanFrom(first) }
}

function columnSchema(): A.ColumnDef {
  const first = cur.pos
  const name = nameOf(AN_ID)
  const type = typeRef()
  let family: A.Name | undefined
  if (accept(S.FAMILY)) family = nameOf(AN_ID)
  let notNull = false
  if (peek() === K.NOT) {
    cur.pos++
    expect(K.NULL)
    notNull = true
  } else accept(K.NULL)
  const def = accept(S.DEFAULT) ? expr() : undefined
  const span = spanFrom(first)
  // The keys in build-table.ts's order (golden files compare the JSON).
  if (def && family) return { kind: 'ColumnDef', name, type, notNull, default: def, family, span }
  if (def) return { kind: 'ColumnDef', name, type, notNull, default: def, span }
  if (family) return { kind: 'ColumnDef', name, type, notNull, family, span }
  return { kind: 'ColumnDef', name, type, notNull, span }
}

function tableIndex(): A.IndexDef {
  const first = cur.pos
  expect(S.INDEX)
  const name = nameOf(AN_ID)
  expect(S.GLOBAL)
  const unique = accept(S.UNIQUE)
  const mode = accept(S.ASYNC) ? 'ASYNC' : (accept(S.SYNC), 'SYNC')
  expect(S.ON)
  const columns = nameList()
  const cover = accept(S.COVER) ? nameList() : []
  return { kind: 'IndexDef', name, unique, mode, columns, cover, span: spanFrom(first) }
}

function tableSettings(): A.TableSetting[] {
  expect(K.LPAREN)
  const settings = [tableSetting()]
  while (accept(K.COMMA)) settings.push(tableSetting())
  expect(K.RPAREN)
  return exact(settings)
}

const UNITS = new Map<number, A.TtlSetting['unit']>([
  [S.SECONDS, 'SECONDS'], [S.MILLISECONDS, 'MILLISECONDS'], [S.MICROSECONDS, 'MICROSECONDS'], [S.NANOSECONDS, 'NANOSECONDS'],
])

function tableSetting(): A.TableSetting {
  const first = cur.pos
  const key = nameOf(AN_ID)
  expect(K.EQUALS)
  const value = expr()
  if (!accept(S.ON)) return { kind: 'TableSetting', key, value, span: spanFrom(first) }
  const column = nameOf(AN_ID)
  let unit: A.TtlSetting['unit'] | undefined
  if (accept(K.AS)) {
    unit = UNITS.get(peek())
    if (!unit) giveUp()
    cur.pos++
  }
  const span = spanFrom(first)
  const ttl: A.TtlSetting = unit
    ? { kind: 'TtlSetting', expireAfter: value, column, unit, span: { start: value.span.start, end: span.end } }
    : { kind: 'TtlSetting', expireAfter: value, column, span: { start: value.span.start, end: span.end } }
  return { kind: 'TableSetting', key, value: ttl, span }
}

export function alterTable(first: number): A.AlterTableStmt {
  cur.pos++ // TABLE
  const table = objectRef()
  const actions: A.AlterTableAction[] = []
  do {
    const at = cur.pos
    const t = peek()
    if (t === S.SET) {
      cur.pos++
      const settings = tableSettings()
      actions.push({ kind: 'SetSettings', settings, span: spanFrom(at) })
    } else if (t === S.ADD || t === S.DROP) {
      // ADD INDEX x / DROP INDEX x win over columns named `index` (3 tokens of lookahead).
      if (peek(1) === S.INDEX) {
        if (!isAt(cur.pos + 2, AN_ID)) giveUp()
        if (t === S.ADD) {
          cur.pos++
          const index = tableIndex()
          actions.push({ kind: 'AddIndex', index, span: spanFrom(at) })
        } else {
          cur.pos += 2
          const index = nameOf(AN_ID)
          actions.push({ kind: 'DropIndex', index, span: spanFrom(at) })
        }
      } else {
        cur.pos++
        accept(S.COLUMN)
        if (t === S.ADD) {
          const column = columnSchema()
          actions.push({ kind: 'AddColumn', column, span: spanFrom(at) })
        } else {
          const column = nameOf(AN_ID)
          actions.push({ kind: 'DropColumn', column, span: spanFrom(at) })
        }
      }
    } else giveUp()
  } while (accept(K.COMMA))
  return { kind: 'AlterTable', table, actions: exact(actions), span: spanFrom(first) }
}
