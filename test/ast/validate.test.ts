// Translator-level checks: collection settings with YDB's words, table checks.
import { describe, expect, test } from 'vitest'
import type { CollectionSetting, CreateBackupCollectionStmt } from '../../src/ast/nodes.js'
import { normalizeCollectionSettings, validateScript } from '../../src/ast/validate.js'
import { parse, parseOk } from '../syntax/support.js'

/** Messages with the text each diagnostic's span covers. */
function check(text: string): [string, string, string][] {
  const { script, diagnostics } = parse(text)
  expect(diagnostics).toEqual([])
  return validateScript(script).map((d) => {
    expect(d.source).toBe(script.source)
    return [d.code, d.message, text.slice(d.span!.start, d.span!.end)]
  })
}

const settingsOf = (text: string): readonly CollectionSetting[] => (parseOk(text)[0] as CreateBackupCollectionStmt).settings

describe('collection settings', () => {
  test('keys lower-cased, values unescaped', () => {
    const r = normalizeCollectionSettings(settingsOf("CREATE BACKUP COLLECTION c WITH (Storage = 'clu\\x73ter', `Incremental_Backup_Enabled` = @@true@@, 'tag' = \"a\\tb\",)"))
    expect(r.diagnostics).toEqual([])
    expect(r.settings.map((s) => [s.key, s.value])).toEqual([['storage', 'cluster'], ['incremental_backup_enabled', 'true'], ['tag', 'a\tb']])
  })
  test('duplicate keys, case-insensitively, at the second key', () => {
    expect(check("CREATE BACKUP COLLECTION c WITH (tag = 'a', TAG = 'b')")).toEqual([['validate/duplicate-setting', 'TAG duplicate keys', 'TAG']])
  })
  test('duplicates across the SET actions of one ALTER', () => {
    expect(check("ALTER BACKUP COLLECTION c SET (a = 'x'), RESET (a), SET (A = 'y')")).toEqual([['validate/duplicate-setting', 'A duplicate keys', 'A']])
  })
  test.each([
    ['1', 'INT_SETTING'], ['true', 'INT_SETTING'], ['cluster', 'INT_SETTING'], ['1.5', 'INT_SETTING'], ['`q`', 'INT_SETTING'], ["Utf8('x')", 'INT_SETTING'],
  ])('a value %s is not a string literal', (value, key) => {
    expect(check(`CREATE BACKUP COLLECTION c WITH (${key.toLowerCase()} = ${value})`)).toEqual([
      ['validate/setting-not-string', `${key} value should be a string literal`, key.toLowerCase()],
    ])
  })
  test('a string that cannot be unescaped', () => {
    expect(check("CREATE BACKUP COLLECTION c WITH (storage = 'a\\qb')")).toEqual([['validate/setting-cannot-be-unescaped', 'STORAGE value cannot be unescaped', 'storage']])
  })
  test('the first problem stops the statement, as in YDB', () => {
    expect(check("CREATE BACKUP COLLECTION c WITH (a = 1, a = 'x', b = 2)").map((d) => d[1])).toEqual(['A value should be a string literal'])
  })
  test('unknown keys pass (KQP rejects them later)', () => {
    expect(check("CREATE BACKUP COLLECTION c WITH (whatever = 'x')")).toEqual([])
  })
})

describe('table statements', () => {
  test('a valid table', () => {
    expect(check('CREATE TABLE t (a Uint32 NOT NULL, b Utf8?, c Decimal(35, 0), d decimal, PRIMARY KEY (a), INDEX i GLOBAL ON (b) COVER (c)) WITH (TTL = Interval("P1D") ON d)')).toEqual([])
  })
  test('duplicate columns, unknown types and columns, bad decimals, missing key', () => {
    expect(check('CREATE TABLE t (a Uint32, A Utf8, a Utf8, b Strng, c Decimal(0, 0), d Decimal(10, 11), e Uint32(3), PRIMARY KEY (a, z, a), INDEX i GLOBAL ON (y) COVER (x), INDEX i GLOBAL ON (a))')).toEqual([
      ['validate/duplicate-column', 'Duplicate column name: a', 'a'],
      ['validate/unknown-type', "Unknown type: 'Strng'", 'Strng'],
      ['validate/bad-type-params', 'Invalid decimal parameters: Decimal(0,0), expected 1 <= precision <= 35 and 0 <= scale <= precision', 'Decimal(0, 0)'],
      ['validate/bad-type-params', 'Invalid decimal parameters: Decimal(10,11), expected 1 <= precision <= 35 and 0 <= scale <= precision', 'Decimal(10, 11)'],
      ['validate/unknown-type', "Unknown type: 'Uint32(3)'", 'Uint32(3)'],
      ['validate/unknown-column', 'Undefined column: z', 'z'],
      ['validate/duplicate-column', 'Duplicate column in primary key: a', 'a'],
      ['validate/unknown-column', 'Undefined column: y', 'y'],
      ['validate/unknown-column', 'Undefined column: x', 'x'],
      ['validate/duplicate-index', 'Duplicate index name: i', 'i'],
    ])
    expect(check('CREATE TABLE t (a Uint32)')).toEqual([['validate/no-primary-key', 'Primary key is required for row tables', 't']])
  })
  test('TTL column must exist', () => {
    expect(check('CREATE TABLE t (a Uint32, PRIMARY KEY (a)) WITH (TTL = Interval("P1D") ON ts)')).toEqual([['validate/unknown-column', 'Undefined column: ts', 'ts']])
  })
  test('VALUES rows must match the column list', () => {
    expect(check('UPSERT INTO t (a, b) VALUES (1, 2), (3), (4, 5, 6)').map((d) => [d[0], d[2]])).toEqual([
      ['validate/values-arity', '3'], ['validate/values-arity', '4, 5, 6'],
    ])
  })
  test('types in DECLARE, CAST and ALTER TABLE ADD COLUMN', () => {
    expect(check('DECLARE $p AS Foo; SELECT CAST(a AS Bar); ALTER TABLE t ADD COLUMN c Baz').map((d) => d[2])).toEqual(['Foo', 'Bar', 'Baz'])
  })
})
