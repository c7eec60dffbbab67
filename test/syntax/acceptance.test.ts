// P-01..P-15 (acceptance-public.md §2.1): YDB's translator tests, each run after
// `USE plato;` and, for the rejected ones, laid out so that line:col match YDB's.
import { describe, expect, test } from 'vitest'
import type { AlterBackupCollectionStmt, CreateBackupCollectionStmt, Statement } from '../../src/ast/nodes.js'
import { normalizeCollectionSettings, validateScript } from '../../src/ast/validate.js'
import { at, parse } from './support.js'

/** Parses `USE plato; <stmt>` and returns the statement after USE; no diagnostics allowed. */
function accept(stmt: string): Statement {
  const { script, diagnostics } = parse(`USE plato;\n${stmt}`)
  expect(diagnostics).toEqual([])
  expect(validateScript(script)).toEqual([])
  expect(script.statements.map((s) => s.statement.kind)[0]).toBe('Use')
  expect(script.statements).toHaveLength(2)
  return script.statements[1]!.statement
}

/** YDB's test layout: `USE plato;` on line 2, the statement on line 3 after 15 spaces. */
const ydbLayout = (stmt: string): string => `\nUSE plato;\n${' '.repeat(15)}${stmt}`

function rejectAt(text: string): { message: string; at: string; code: string }[] {
  const { script, diagnostics } = parse(text)
  return [...diagnostics, ...validateScript(script)].map((d) => ({ message: d.message, at: at(d), code: d.code }))
}

describe('BackupCollection', () => {
  test('P-01 CREATE with settings and a comment: keys lower-cased, values unchecked', () => {
    const s = accept('CREATE BACKUP COLLECTION TestCollection WITH ( STORAGE="local", TAG="test" -- comment\n );') as CreateBackupCollectionStmt
    expect(s.kind).toBe('CreateBackupCollection')
    expect(s.name.name.text).toBe('TestCollection')
    expect(s.entries).toBeUndefined()
    const n = normalizeCollectionSettings(s.settings)
    expect(n.settings.map((x) => [x.key, x.value])).toEqual([['storage', 'local'], ['tag', 'test']])
  })

  test('P-02 CREATE ... DATABASE', () => {
    const s = accept('CREATE BACKUP COLLECTION TestCollection DATABASE WITH ( STORAGE="local", TAG="test" );') as CreateBackupCollectionStmt
    expect(s.entries?.kind).toBe('DatabaseEntry')
  })

  test('P-03 CREATE with tables, paths kept as written', () => {
    const s = accept('CREATE BACKUP COLLECTION TestCollection ( TABLE someTable, TABLE `prefix/anotherTable` ) WITH ( STORAGE="local", TAG="test" );') as CreateBackupCollectionStmt
    expect(s.entries?.kind).toBe('TableEntries')
    if (s.entries?.kind !== 'TableEntries') return
    expect(s.entries.tables.map((t) => t.text)).toEqual(['someTable', 'prefix/anotherTable'])
  })

  test('P-04 CREATE without WITH', () => {
    expect(rejectAt(ydbLayout('CREATE BACKUP COLLECTION TestCollection;'))).toEqual([
      { message: "mismatched input ';' expecting {'(', DATABASE, WITH}", at: '3:55', code: 'syntax/unexpected-token' },
    ])
  })

  test('P-05 TABLE is consumed as the collection name', () => {
    expect(rejectAt(ydbLayout('CREATE BACKUP COLLECTION TABLE TestCollection;'))).toEqual([
      { message: "mismatched input 'TestCollection' expecting {'(', DATABASE, WITH}", at: '3:47', code: 'syntax/unexpected-token' },
    ])
  })

  test('P-06 DATABASE is consumed as the collection name', () => {
    expect(rejectAt(ydbLayout('CREATE BACKUP COLLECTION DATABASE `test` TestCollection;'))).toEqual([
      { message: "mismatched input '`test`' expecting {'(', DATABASE, WITH}", at: '3:50', code: 'syntax/unexpected-token' },
    ])
  })

  test('P-07 duplicate setting, at the second key', () => {
    const text = '\nUSE plato;\nCREATE BACKUP COLLECTION TestCollection WITH (\n' +
      `${' '.repeat(20)}DUPLICATE_SETTING="first_value",\n${' '.repeat(20)}DUPLICATE_SETTING="second_value"\n);`
    expect(rejectAt(text)).toEqual([{ message: 'DUPLICATE_SETTING duplicate keys', at: '5:21', code: 'validate/duplicate-setting' }])
  })

  test('P-08 integer setting value', () => {
    const text = `\nUSE plato;\nCREATE BACKUP COLLECTION TestCollection WITH (\n${' '.repeat(20)}INT_SETTING=1\n);`
    expect(rejectAt(text)).toEqual([{ message: 'INT_SETTING value should be a string literal', at: '4:21', code: 'validate/setting-not-string' }])
  })

  test('P-09 ALTER with several SET/RESET actions and a comment', () => {
    const s = accept('ALTER BACKUP COLLECTION TestCollection\n  SET (STORAGE="remote"), -- also just for test\n  SET (TAG1 = "123"), RESET (TAG2, TAG3);') as AlterBackupCollectionStmt
    expect(s.entries).toEqual([])
    const sets = s.actions.flatMap((a) => (a.kind === 'SetSettings' ? a.settings : []))
    expect(normalizeCollectionSettings(sets).settings.map((x) => [x.key, x.value])).toEqual([['storage', 'remote'], ['tag1', '123']])
    const resets = s.actions.flatMap((a) => (a.kind === 'ResetSettings' ? a.keys.map((k) => k.text.toLowerCase()) : []))
    expect(resets).toEqual(['tag2', 'tag3'])
  })

  test('P-10 ALTER with entries', () => {
    const s = accept('ALTER BACKUP COLLECTION TestCollection DROP TABLE `test`, ADD DATABASE;') as AlterBackupCollectionStmt
    expect(s.actions).toEqual([])
    expect(s.entries.map((e) => [e.kind, 'table' in e ? e.table.text : undefined])).toEqual([['DropTable', 'test'], ['AddDatabase', undefined]])
  })

  test('P-11 DROP', () => {
    const s = accept('DROP BACKUP COLLECTION TestCollection;')
    expect(s.kind).toBe('DropBackupCollection')
    if (s.kind === 'DropBackupCollection') expect(s.name.name.text).toBe('TestCollection')
  })
})

describe('Backup', () => {
  test('P-12 BACKUP', () => {
    expect(accept('BACKUP TestCollection;')).toMatchObject({ kind: 'Backup', incremental: false })
  })
  test('P-13 BACKUP INCREMENTAL', () => {
    expect(accept('BACKUP TestCollection INCREMENTAL;')).toMatchObject({ kind: 'Backup', incremental: true })
  })
})

describe('Restore', () => {
  test('P-14 RESTORE', () => {
    const s = accept('RESTORE TestCollection;')
    expect(s).toMatchObject({ kind: 'Restore' })
    if (s.kind === 'Restore') expect(s.at).toBeUndefined()
  })
  test('P-15 RESTORE AT, unescaped', () => {
    const s = accept("RESTORE TestCollection AT '2024-06-16_20-14-02';")
    if (s.kind !== 'Restore') throw new Error(s.kind)
    expect(s.at?.value).toBe('2024-06-16_20-14-02')
    expect(accept("RESTORE c AT '\\x41\\n';")).toMatchObject({ at: { value: 'A\n' } })
  })
})
