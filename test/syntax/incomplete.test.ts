// An input cut off inside a statement is "incomplete" (the REPL reads on); a wrong
// one is not. isIncompleteInput tells them apart.
import { describe, expect, test } from 'vitest'
import { isIncompleteInput } from '../../src/syntax/parse.js'
import { parse } from './support.js'

const codes = (text: string): string[] => parse(text).diagnostics.map((d) => d.code)

describe('incomplete vs wrong', () => {
  test.each([
    'CREATE BACKUP COLLECTION',
    'CREATE BACKUP COLLECTION c (TABLE t,',
    'CREATE BACKUP COLLECTION c WITH (STORAGE = ',
    "RESTORE c AT 'unterminated",
    'SELECT `unterminated',
    'SELECT 1 /* open comment',
    'BACKUP c; SELECT a FROM',
    'UPSERT INTO t (a) VALUES (1, ',
    'SELECT @@multi\nline',
    'ALTER BACKUP COLLECTION c',
  ])('incomplete: %s', (text) => {
    const { diagnostics } = parse(text)
    expect(diagnostics.map((d) => d.code)).toEqual(['syntax/incomplete-statement'])
    expect(isIncompleteInput(diagnostics)).toBe(true)
    expect(diagnostics[0]!.span!.end).toBeLessThanOrEqual(text.length)
  })

  test.each([
    'CREATE BACKUP COLLECTION c;',
    'BACKUP c d',
    'CREATE BACKUP COLLECTION c WITH ();',
    'SELECT a # b',
    'RESTORE c AT 1',
  ])('wrong: %s', (text) => {
    const { diagnostics } = parse(text)
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(isIncompleteInput(diagnostics)).toBe(false)
  })

  test('complete input has no diagnostics, with or without the last ;', () => {
    expect(codes('BACKUP c')).toEqual([])
    expect(codes('BACKUP c;')).toEqual([])
    expect(isIncompleteInput([])).toBe(false)
  })

  test('the message says what may come next', () => {
    const [d] = parse('CREATE BACKUP COLLECTION c').diagnostics
    expect(d!.message).toBe("unexpected end of input, expecting {'(', DATABASE, WITH}")
  })

  test('statements before an error are still returned, and after it', () => {
    const { script, diagnostics } = parse('BACKUP a; BACKUP b c; RESTORE d')
    expect(script.statements.map((s) => s.statement.kind)).toEqual(['Backup', 'Restore'])
    expect(diagnostics.map((d) => d.message)).toEqual(["extraneous input 'c' expecting {<EOF>, ';'}"])
  })
})

test('absurd nesting fails one statement with a diagnostic, not the script', () => {
  const { script, diagnostics } = parse(`BACKUP a; SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}; RESTORE b`)
  expect(script.statements.map((s) => s.statement.kind)).toEqual(['Backup', 'Restore'])
  expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['syntax/too-deep', 'statement is nested too deeply']])
})
