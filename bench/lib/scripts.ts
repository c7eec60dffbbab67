// Generated scripts for the load benchmark: the same rows as a YQL UPSERT
// script (for `yql-backup sql -f`) and as the equivalent SQLite script (for
// the sqlite3 shell), written streaming so a large script costs no memory.
import { closeSync, openSync, writeSync } from 'node:fs'
import { benchRowSql } from './table.js'

const PER_STATEMENT = 1000

function writeScript(path: string, head: string, stmt: (values: string) => string, rows: number, dialect: 'yql' | 'sqlite', tail = ''): number {
  const fd = openSync(path, 'w')
  let bytes = 0
  const put = (s: string): void => {
    bytes += writeSync(fd, s)
  }
  put(head)
  for (let i = 0; i < rows; i += PER_STATEMENT) {
    const vals: string[] = []
    for (let k = i; k < Math.min(rows, i + PER_STATEMENT); k++) vals.push(benchRowSql(k, dialect))
    put(stmt(vals.join(',\n')) + '\n')
  }
  put(tail)
  closeSync(fd)
  return bytes
}

/** `CREATE TABLE t` and `rows` rows in multi-row UPSERT statements of 1000 rows; returns the byte size. */
export function writeYqlScript(path: string, rows: number): number {
  return writeScript(
    path,
    'CREATE TABLE t (id Uint64 NOT NULL, name Utf8, qty Int32, price Double, at Timestamp, note String, PRIMARY KEY (id));\n',
    (v) => `UPSERT INTO t (id, name, qty, price, at, note) VALUES\n${v};`,
    rows,
    'yql',
  )
}

/**
 * The same for sqlite3: one INSERT OR REPLACE per 1000 rows, each its own
 * transaction as in the YQL script (autocommit), WAL journal with
 * synchronous=NORMAL (sqlite's usual fast-and-safe setting; our engine commits
 * before fsync too).
 */
export function writeSqliteScript(path: string, rows: number): number {
  return writeScript(
    path,
    'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nCREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, name TEXT, qty INTEGER, price REAL, at INTEGER, note BLOB);\n',
    (v) => `INSERT OR REPLACE INTO t (id, name, qty, price, at, note) VALUES\n${v};`,
    rows,
    'sqlite',
  )
}
