// A fast path for whole statements: a recursive-descent copy of grammar/yql.ts
// over the scanner's integer tokens (fast-tokens.ts) that builds the AST directly,
// skipping Chevrotain's token objects, its CST and the CST-to-AST pass. It
// gives exactly the AST the grammar + src/ast/build.ts give (test/syntax/
// fast-parse.test.ts compares both ways over the fixtures and generated
// statements), and gives up (returns undefined) on anything else: a syntax
// error, a literal that cannot be unescaped, a choice the grammar makes by a
// lookahead this file does not copy. The caller then parses the statement the
// ordinary way, which also produces the diagnostics. This file: the entry,
// backup and session statements; fast-table.ts and fast-query.ts the others,
// fast-expr.ts names, types and expressions, fast-tokens.ts the scanner.
import type * as A from '../ast/nodes.js'
import { accept, cur, exact, expect, expr, imageAt, isAt, K, nameList, nameOf, objectRef, peek, S, spanFrom, tokenSpanAt, typeRef } from './fast-expr.js'
import { del, select, update, write } from './fast-query.js'
import { alterTable, createTable } from './fast-table.js'
import { AN_ID, GIVE_UP, giveUp, scan, scanStop, shrinkTokens } from './fast-tokens.js'
import { bytesToText, unescapeString } from './unescape.js'

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
    cur.text = '' // the text is the caller's to keep
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
      const name = imageAt(expect(K.PARAM))
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
