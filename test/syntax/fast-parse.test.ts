// The fast statement path (src/syntax/fast-parse.ts) must give exactly what the
// grammar + build.ts give, or step aside: every text is parsed both ways and the
// results (AST with spans and key order, diagnostics) compared as golden JSON.
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { printStatement } from '../../src/ast/print.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseFastStatement } from '../../src/syntax/fast-parse.js'
import { parseScript } from '../../src/syntax/parse.js'
import { backupStatement, tableStatement } from './arbitraries.js'
import { astJson } from './support.js'

function both(text: string): { fast: string; slow: string } {
  const source = new SourceText(text, 't.yql')
  const f = parseScript(source, { fastStatements: true })
  const s = parseScript(source, { fastStatements: false })
  return { fast: astJson([f.script.statements, f.diagnostics]), slow: astJson([s.script.statements, s.diagnostics]) }
}

const same = (text: string): void => {
  const { fast, slow } = both(text)
  expect(fast, text).toBe(slow)
}

const taken = (text: string): boolean => {
  const end = text.endsWith(';') ? text.length - 1 : text.length
  return parseFastStatement(text, 0, end) != null
}

const root = join(import.meta.dirname, '../../fixtures')
const fixtures = ['parse', 'errors', 'plan'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yql'))
    .map((f) => join(dir, f)),
)

// Statements of every kind the fast path takes (the parse benchmark's among them).
const TAKEN = [
  "CREATE BACKUP COLLECTION `shop_backups` ( TABLE `/Root/shop/orders`, TABLE `/Root/shop/products` ) WITH ( STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true' );",
  'CREATE BACKUP COLLECTION c DATABASE WITH (STORAGE = "cluster", x = y,)',
  'BACKUP `shop_backups` INCREMENTAL;',
  "RESTORE shop_backups AT '2024-06-16_20-14-02';",
  'DROP BACKUP COLLECTION db.c',
  "CREATE TABLE orders (order_id Uint32 NOT NULL, customer_name Utf8, order_date Timestamp, amount Decimal(22, 9), PRIMARY KEY (order_id), INDEX by_name GLOBAL ON (customer_name)) WITH (AUTO_PARTITIONING_BY_SIZE = ENABLED);",
  "CREATE TABLE IF NOT EXISTS t (a Optional<Int32>, b Utf8? FAMILY f NULL DEFAULT 'x', c Int64 DEFAULT -1, INDEX i GLOBAL UNIQUE ASYNC ON (a) COVER (b), PRIMARY KEY (a),) WITH (TTL = Interval('P1D') ON c AS SECONDS)",
  'DROP TABLE IF EXISTS t',
  'ALTER TABLE t ADD COLUMN d Bool, DROP COLUMN c, ADD INDEX j GLOBAL ON (d), DROP INDEX j, SET (X = 1)',
  "UPSERT INTO orders (order_id, customer_name, order_date, amount) VALUES (1001, 'Иван Петров', Timestamp('2024-01-01T10:00:00Z'), Decimal('2500.5', 22, 9));",
  'INSERT INTO t SELECT a, b FROM s WHERE a > 1',
  "UPDATE products SET price = 63000, last_updated = '2024-01-01T11:30:00Z' WHERE product_id = 501;",
  'UPDATE t ON (a) VALUES (1)',
  'DELETE FROM orders WHERE order_id = 1002 AND amount > 10;',
  'DELETE FROM t ON SELECT 1 AS a',
  "SELECT o.order_id, COUNT(*) AS n, SUM(o.amount) FROM orders AS o LEFT JOIN products AS p ON o.product_id = p.product_id WHERE o.amount BETWEEN 1 AND 100 AND o.customer_name LIKE 'И%' GROUP BY o.order_id ORDER BY n DESC LIMIT 10;",
  "SELECT DISTINCT t.*, -a * (b + c) >> 2 x, NOT a = 1 OR b IS NOT NULL, c NOT IN (1, 2), d LIKE 'a' ESCAPE '!', CAST(e AS Uint8), String::Contains(f, 'g'), COUNT(DISTINCT g), $p FROM c.t VIEW idx `al` INNER JOIN u ON TRUE HAVING 1 ORDER BY a, b ASC LIMIT 1, 2",
  "-- a comment\nALTER BACKUP COLLECTION c SET (STORAGE = 'cluster'), RESET (TAG);",
  'ALTER BACKUP COLLECTION c ADD DATABASE, DROP TABLE `t`',
  'EXPLAIN QUERY PLAN SELECT 1',
  'USE plato',
  "PRAGMA TablePathPrefix = '/Root/db'",
  'PRAGMA yt.Pool("x", 1)',
  'DECLARE $p AS Optional<Decimal(22, 9)>',
]

// Left to the grammar: errors, and choices the fast path does not copy.
const LEFT = [
  'CREATE BACKUP COLLECTION TestCollection;',
  "CREATE BACKUP COLLECTION c WITH (STORAGE = 'bad\\q')",
  "RESTORE c AT 'bad\\q'",
  'RESTORE c AT 1',
  'SELECT 1 +',
  'SELECT a NOT NULL',
  'SELECT `unterminated',
  "SELECT 'unterminated",
  'SELECT 1 /* open',
  'SELECT a : b',
  'SELECT 1 FROM t WHERE x = NOT y',
  'CREATE TABLE t (index Int32, PRIMARY KEY (index))',
  'CREATE TABLE t (primary key Int32)',
  'ALTER TABLE t ADD index Int32',
  "ALTER BACKUP COLLECTION c SET (STORAGE = 'x'), ADD DATABASE",
  'SELECT 1 2',
]

describe('fast statement path', () => {
  it('takes statements of every kind', () => {
    for (const t of TAKEN) expect(taken(t), t).toBe(true)
  })

  it('leaves errors and uncopied choices to the grammar', () => {
    for (const t of LEFT) expect(taken(t), t).toBe(false)
  })

  it.each([...TAKEN, ...LEFT])('gives what the grammar gives: %s', same)

  it.each(fixtures)('fixture %s parses the same both ways', (file) => {
    same(readFileSync(join(root, file), 'utf8'))
  })

  it('a statement longer than the scanner keeps arrays for parses the same both ways, and so does the next', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `(${i}, CAST(${i} AS Uint8), 'r${i}'u, -${i}.5)`).join(', ')
    const text = `UPSERT INTO t (a, b, c, d) VALUES ${rows};\nSELECT a FROM t WHERE b > 1`
    expect(taken(text.slice(0, text.indexOf(';')))).toBe(true)
    same(text)
  })

  it('the default options (both fast paths) give what the grammar alone gives', () => {
    for (const file of fixtures) {
      const source = new SourceText(readFileSync(join(root, file), 'utf8'), file)
      const f = parseScript(source)
      const s = parseScript(source, { fastStatements: false })
      expect(astJson([f.script.statements, f.diagnostics]), file).toBe(astJson([s.script.statements, s.diagnostics]))
    }
  })

  it('generated statements parse the same both ways, and the fast path takes them', () => {
    let runs = 0
    let fast = 0
    fc.assert(
      fc.property(fc.oneof(backupStatement, tableStatement), (s) => {
        const text = printStatement(s)
        same(text)
        same(`${text};\n${text}`)
        runs++
        if (taken(text)) fast++
      }),
      { numRuns: 500 },
    )
    // Only columns named like table-entry keywords (`index`, `primary`) are left to the grammar.
    expect(fast / runs).toBeGreaterThan(0.8)
  })

  it('mutated generated statements parse the same both ways', () => {
    const piece = fc.constantFrom('', ' ', ',', '(', ')', 'NOT', 'AND', '>', '>>', '.', '*', 'AS', 'x', "'s'", '`q`', 'index', 'primary key', 'NULL', ';', '--c\n', '1')
    const mutated = fc.tuple(fc.oneof(backupStatement, tableStatement), fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.oneof(piece, fc.string({ maxLength: 3 }))), { minLength: 1, maxLength: 3 })).map(([s, edits]) => {
      let text = printStatement(s) + ';'
      for (const [at, del, ins] of edits) {
        const i = at % (text.length + 1)
        text = text.slice(0, i) + ins + text.slice(i + del)
      }
      return text
    })
    fc.assert(fc.property(mutated, same), { numRuns: 1500 })
  })

  it('token soup parses the same both ways', () => {
    const piece = fc.constantFrom(
      'CREATE', 'ALTER', 'DROP', 'BACKUP', 'COLLECTION', 'TABLE', 'WITH', 'SET', 'RESET', 'ADD', 'DATABASE', 'INDEX', 'GLOBAL', 'ON', 'PRIMARY', 'KEY',
      'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'BETWEEN', 'LIKE', 'AS', 'JOIN', 'LEFT', 'LIMIT', 'OFFSET', 'ORDER', 'BY', 'GROUP',
      'UPSERT', 'INTO', 'VALUES', 'UPDATE', 'DELETE', '(', ')', ',', '=', '>', '<', '-', '+', '*', '.', '::', "'x'", '`y`', 'a', 'Int32', '1', '2.5', '$p', 'RESTORE', 'AT',
    )
    fc.assert(fc.property(fc.array(piece, { maxLength: 14 }).map((a) => a.join(' ')), same), { numRuns: 1500 })
  })
})
