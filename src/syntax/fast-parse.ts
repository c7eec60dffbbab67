// A fast path for whole statements: a recursive-descent copy of grammar/yql.ts
// over the scanner's integer tokens (fast-tokens.ts) that builds the AST directly,
// skipping Chevrotain's token objects, its CST and the CST-to-AST pass. It
// gives exactly the AST the grammar + src/ast/build.ts give (test/syntax/
// fast-parse.test.ts compares both ways over the fixtures and generated
// statements), and gives up (returns undefined) on anything else: a syntax
// error, a literal that cannot be unescaped, a choice the grammar makes by a
// lookahead this file does not copy. The caller then parses the statement the
// ordinary way, which also produces the diagnostics.
import type { TokenType } from 'chevrotain'
import * as G from '../../grammar/yql.js'
import type * as A from '../ast/nodes.js'
import type { Span } from '../source/span.js'
import { accept, cur, exact, expect, expr, spanOr, imageAt, isAt, K, nameAt, nameList, nameOf, objectRef, peek, spanFrom, tokenSpanAt, typeRef } from './fast-expr.js'
import { AN_ID, GIVE_UP, giveUp, scan, scanStop, shrinkTokens } from './fast-tokens.js'
import { bytesToText, unescapeString } from './unescape.js'

const idx = (t: TokenType): number => t.tokenTypeIdx!

const S = {
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

/** What parseFastStatement returns for a statement with no tokens (only blanks and comments). */
export const EMPTY_STATEMENT = null

/**
 * Parses `text[start, end)` (one statement without its ';'): its entry, null when
 * it holds no tokens, or undefined when the grammar must parse it.
 */
export function parseFastStatement(text: string, start: number, end: number): A.StatementEntry | null | undefined {
  return parse(text, start, end, false)
}

/**
 * Parses the statement at `start`, up to its ';' or the end of the text, like
 * parseFastStatement; on success `fastStatementEnd()` tells the ';' offset (-1:
 * the text ended), the one split.ts's findStatementEnd would give.
 */
export function parseFastStatementAt(text: string, start: number): A.StatementEntry | null | undefined {
  return parse(text, start, text.length, true)
}

/** The end of the statement the last successful parseFastStatementAt read. */
export const fastStatementEnd = (): number => scanStop

function parse(text: string, start: number, end: number, toSemicolon: boolean): A.StatementEntry | null | undefined {
  try {
    const n = scan(text, start, end, toSemicolon)
    if (n === 0) return EMPTY_STATEMENT
    cur.text = text
    cur.n = n
    cur.pos = 0
    const entry = sqlStmt()
    return cur.pos === n ? entry : undefined
  } catch (e) {
    if (e === GIVE_UP || e instanceof RangeError) return undefined // RangeError: nested too deeply; the grammar reports it
    throw e
  } finally {
    shrinkTokens()
  }
}

// sql_stmt: (EXPLAIN (QUERY PLAN)?)? sql_stmt_core
function sqlStmt(): A.StatementEntry {
  const explain = accept(S.EXPLAIN)
  if (explain && peek() === S.QUERY && peek(1) === S.PLAN) cur.pos += 2
  const statement = statementCore()
  return { statement, explain, span: explain ? spanFrom(0) : statement.span }
}

function statementCore(): A.Statement {
  const first = cur.pos
  const t = peek()
  const t2 = peek(1)
  cur.pos++
  switch (t) {
    case S.CREATE:
      if (t2 === S.BACKUP) return createBackupCollection(first)
      if (t2 === S.TABLE) return createTable(first)
      break
    case S.ALTER:
      if (t2 === S.BACKUP) return alterBackupCollection(first)
      if (t2 === S.TABLE) return alterTable(first)
      break
    case S.DROP:
      if (t2 === S.BACKUP) return { kind: 'DropBackupCollection', name: backupCollection(), span: spanFrom(first) }
      if (t2 === S.TABLE) {
        cur.pos++
        const ifExists = peek() === S.IF && peek(1) === S.EXISTS
        if (ifExists) cur.pos += 2
        return { kind: 'DropTable', table: objectRef(), ifExists, span: spanFrom(first) }
      }
      break
    case S.BACKUP: {
      const collection = objectRef()
      return { kind: 'Backup', collection, incremental: accept(S.INCREMENTAL), span: spanFrom(first) }
    }
    case S.RESTORE:
      return restore(first)
    case S.INSERT:
    case S.UPSERT:
    case S.REPLACE:
      return write(first, t)
    case S.UPDATE:
      return update(first)
    case S.DELETE:
      return del(first)
    case S.SELECT:
      cur.pos--
      return select()
    case S.USE:
      return { kind: 'Use', cluster: nameOf(AN_ID), span: spanFrom(first) }
    case S.PRAGMA:
      return pragma(first)
    case S.DECLARE: {
      const name = imageAt(expect(idx(G.PARAM)))
      expect(K.AS)
      return { kind: 'Declare', name, type: typeRef(), span: spanFrom(first) }
    }
  }
  return giveUp()
}

// ── Backup statements ────────────────────────────────────────────────────────
/** `BACKUP COLLECTION objectRef` (after CREATE, ALTER or DROP). */
function backupCollection(): A.ObjectRef {
  expect(S.BACKUP)
  expect(S.COLLECTION)
  return objectRef()
}

// key = expr; a bare name as the value is kept as a Name.
function collectionSetting(): A.CollectionSetting {
  const first = cur.pos
  const key = nameOf(AN_ID)
  expect(K.EQUALS)
  const e = expr()
  const value: A.Expr | A.Name = e.kind === 'ColumnRef' && !e.table ? e.column : e
  return { kind: 'CollectionSetting', key, value, span: spanFrom(first) }
}

function createBackupCollection(first: number): A.CreateBackupCollectionStmt {
  const name = backupCollection()
  let entries: A.CollectionEntries | undefined
  const at = cur.pos
  if (accept(S.DATABASE)) entries = { kind: 'DatabaseEntry', span: spanFrom(at) }
  else if (accept(K.LPAREN)) {
    const tables: A.Name[] = []
    do {
      expect(S.TABLE)
      tables.push(nameOf(AN_ID))
    } while (accept(K.COMMA))
    expect(K.RPAREN)
    entries = { kind: 'TableEntries', tables: exact(tables), span: spanFrom(at) }
  }
  expect(S.WITH)
  expect(K.LPAREN)
  const settings = [collectionSetting()]
  while (peek() === K.COMMA && isAt(cur.pos + 1, AN_ID)) {
    cur.pos++
    settings.push(collectionSetting())
  }
  accept(K.COMMA) // trailing
  expect(K.RPAREN)
  return entries
    ? { kind: 'CreateBackupCollection', name, entries, settings: exact(settings), span: spanFrom(first) }
    : { kind: 'CreateBackupCollection', name, settings: exact(settings), span: spanFrom(first) }
}

function alterBackupCollection(first: number): A.AlterBackupCollectionStmt {
  const name = backupCollection()
  const actions: A.AlterBackupCollectionAction[] = []
  const entries: A.AlterBackupCollectionEntry[] = []
  const t = peek()
  if (t === S.SET || t === S.RESET) {
    do {
      const at = cur.pos
      if (accept(S.RESET)) {
        const keys = nameList()
        actions.push({ kind: 'ResetSettings', keys, span: spanFrom(at) })
      } else {
        expect(S.SET)
        expect(K.LPAREN)
        const settings = [collectionSetting()]
        while (accept(K.COMMA)) settings.push(collectionSetting())
        expect(K.RPAREN)
        actions.push({ kind: 'SetSettings', settings: exact(settings), span: spanFrom(at) })
      }
    } while (accept(K.COMMA))
  } else if (t === S.ADD || t === S.DROP) {
    do {
      const at = cur.pos
      const add = accept(S.ADD)
      if (!add) expect(S.DROP)
      if (accept(S.DATABASE)) entries.push({ kind: add ? 'AddDatabase' : 'DropDatabase', span: spanFrom(at) })
      else {
        expect(S.TABLE)
        const table = nameOf(AN_ID)
        entries.push({ kind: add ? 'AddTable' : 'DropTable', table, span: spanFrom(at) })
      }
    } while (accept(K.COMMA))
  } else giveUp()
  return { kind: 'AlterBackupCollection', name, actions: exact(actions), entries: exact(entries), span: spanFrom(first) }
}

function restore(first: number): A.RestoreStmt {
  const collection = objectRef()
  if (!accept(S.AT)) return { kind: 'Restore', collection, span: spanFrom(first) }
  const at = expect(K.STRING)
  const r = unescapeString(imageAt(at))
  if (!r.ok) giveUp()
  const value = bytesToText((r as { bytes: Uint8Array }).bytes)
  return { kind: 'Restore', collection, at: { value, span: tokenSpanAt(at) }, span: spanFrom(first) }
}

// ── Table statements ─────────────────────────────────────────────────────────
function createTable(first: number): A.CreateTableStmt {
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

function alterTable(first: number): A.AlterTableStmt {
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

// ── Writes ───────────────────────────────────────────────────────────────────
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

function write(first: number, mode: number): A.WriteStmt {
  expect(S.INTO)
  const table = objectRef()
  const columns = peek() === K.LPAREN ? nameList() : undefined
  const source = valuesSource()
  return columns
    ? { kind: 'Write', mode: MODES.get(mode)!, table, columns, source, span: spanFrom(first) }
    : { kind: 'Write', mode: MODES.get(mode)!, table, source, span: spanFrom(first) }
}

function update(first: number): A.UpdateStmt {
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

function del(first: number): A.DeleteStmt {
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

// ── Session ──────────────────────────────────────────────────────────────────
function pragma(first: number): A.PragmaStmt {
  const parts = [nameOf(AN_ID)]
  if (accept(K.DOT)) parts.push(nameOf(AN_ID))
  const values: A.Expr[] = []
  if (accept(K.EQUALS)) values.push(expr())
  else if (accept(K.LPAREN)) {
    values.push(expr())
    while (accept(K.COMMA)) values.push(expr())
    expect(K.RPAREN)
  }
  const a = parts[0]!
  const b = parts[parts.length - 1]!
  const name: A.Name = parts.length === 1 ? a : { kind: 'Name', text: parts.map((p) => p.text).join('.'), quoted: 'none', span: { start: a.span.start, end: b.span.end } }
  return { kind: 'Pragma', name, values: exact(values), span: spanFrom(first) }
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

function select(): A.SelectStmt {
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

