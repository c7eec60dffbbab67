// The printer: canonical text that re-parses to the same AST.
import { describe, expect, test } from 'vitest'
import { printExpr, printScript, printStatement, quoteIdentifier } from '../../src/ast/print.js'
import type { SelectStmt } from '../../src/ast/nodes.js'
import { parse, parseOk, stripSpans } from '../syntax/support.js'

const canonical = (text: string): string => printStatement(parseOk(text)[0]!)
const expr = (text: string): string => printExpr((parseOk(`SELECT ${text}`)[0] as SelectStmt).items[0]!.expr)

describe('printStatement', () => {
  test.each([
    ["create backup collection `c` (table t, table `/Root/x`) with (storage = 'cluster',)", "CREATE BACKUP COLLECTION `c` (TABLE t, TABLE `/Root/x`) WITH (storage = 'cluster')"],
    ['alter backup collection plato.c set (a="1"), reset (b)', 'ALTER BACKUP COLLECTION plato.c SET (a = "1"), RESET (b)'],
    ['backup c incremental', 'BACKUP c INCREMENTAL'],
    ["restore c at 'x\\ny'", "RESTORE c AT 'x\\ny'"],
    ['create table t (a Optional<Utf8>, b Uint32 not null, primary key (b), index i global async on (a))', 'CREATE TABLE t (a Utf8?, b Uint32 NOT NULL, INDEX i GLOBAL ASYNC ON (a), PRIMARY KEY (b))'],
    ['select * from t limit 5, 10', 'SELECT * FROM t LIMIT 10 OFFSET 5'],
    ['delete from t on (k) values (1), (2)', 'DELETE FROM t ON (k) VALUES (1), (2)'],
    ["pragma TablePathPrefix('/a')", "PRAGMA TablePathPrefix = '/a'"],
  ])('%s', (input, output) => {
    expect(canonical(input)).toBe(output)
    expect(stripSpans(parseOk(output)[0])).toEqual(stripSpans(parseOk(input)[0]))
  })
})

describe('printExpr', () => {
  test.each([
    ['1 + 2 * 3', '1 + 2 * 3'],
    ['(1 + 2) * 3', '(1 + 2) * 3'],
    ['a - (b - c)', 'a - (b - c)'],
    ['NOT a = 1 AND b', 'NOT a = 1 AND b'],
    ['(NOT a) = 1', '(NOT a) = 1'],
    ['- -1', '- -1'],
    ['-(a + 1)', '-(a + 1)'],
    ['a OR b AND c', 'a OR b AND c'],
    ['(a OR b) AND c', '(a OR b) AND c'],
    ['a BETWEEN 1 AND 2 AND b', 'a BETWEEN 1 AND 2 AND b'],
    ['a IS NOT NULL = TRUE', 'a IS NOT NULL = TRUE'],
    ['a >> 1 > 2', 'a >> 1 > 2'],
    ['COUNT(*)', 'COUNT(*)'],
    ["x NOT LIKE 'a%' ESCAPE '!'", "x NOT LIKE 'a%' ESCAPE '!'"],
  ])('%s', (input, output) => {
    expect(expr(input)).toBe(output)
  })
})

test('quoteIdentifier escapes backticks and backslashes', () => {
  expect(quoteIdentifier('a`b\\c')).toBe('`a\\`b\\\\c`')
  expect(stripSpans(parseOk(`BACKUP ${quoteIdentifier('a`b\\c')}`)[0])).toMatchObject({ collection: { name: { text: 'a`b\\c', quoted: 'backtick' } } })
})

test('printScript keeps EXPLAIN and ends statements with ;', () => {
  expect(printScript(parse('explain backup a; restore b').script)).toBe('EXPLAIN BACKUP a;\nRESTORE b;\n')
})
