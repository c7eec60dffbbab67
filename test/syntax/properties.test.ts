// Properties: generated statements print and re-parse to the same AST; any text,
// arbitrary or a mutated valid statement, parses without throwing and with every
// diagnostic spanned inside the input.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { Statement } from '../../src/ast/nodes.js'
import { printStatement } from '../../src/ast/print.js'
import { validateScript } from '../../src/ast/validate.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'
import { backupStatement, tableStatement } from './arbitraries.js'
import { stripSpans } from './support.js'

function roundTrip(s: Statement): void {
  const text = printStatement(s)
  const { script, diagnostics } = parseScript(new SourceText(text))
  expect(diagnostics.map((d) => d.message), text).toEqual([])
  expect(script.statements).toHaveLength(1)
  expect(stripSpans(script.statements[0]!.statement), text).toEqual(stripSpans(s))
}

function checkDiagnostics(text: string): void {
  const source = new SourceText(text)
  const { script, diagnostics } = parseScript(source)
  const all = [...diagnostics, ...validateScript(script)]
  for (const d of all) {
    expect(d.code).not.toBe('syntax/internal-error')
    expect(d.source).toBe(source)
    expect(d.span).toBeDefined()
    expect(0 <= d.span!.start && d.span!.start <= d.span!.end && d.span!.end <= text.length, `${d.message} ${JSON.stringify(d.span)} in ${JSON.stringify(text)}`).toBe(true)
  }
}

describe('print → parse', () => {
  test('backup statements', () => {
    fc.assert(fc.property(backupStatement, roundTrip), { numRuns: 400 })
  })
  test('table, write and query statements', () => {
    fc.assert(fc.property(tableStatement, roundTrip), { numRuns: 400 })
  })
})

describe('never throws, spans inside the input', () => {
  test('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), checkDiagnostics), { numRuns: 400 })
  })
  test('arbitrary YQL-ish tokens', () => {
    const piece = fc.constantFrom('CREATE', 'BACKUP', 'COLLECTION', 'TABLE', 'WITH', '(', ')', ',', ';', '=', "'x'", '`y`', 'a', '1', 'SELECT', 'FROM', 'WHERE', 'AND', 'NOT', 'IN', '--c\n', '/*', '*/', '@@', "'", '.', 'DATABASE', 'AT', 'RESTORE')
    fc.assert(fc.property(fc.array(piece, { maxLength: 25 }).map((a) => a.join(' ')), checkDiagnostics), { numRuns: 400 })
  })
  test('mutated valid statements', () => {
    const mutated = fc.tuple(fc.oneof(backupStatement, tableStatement), fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 })).map(([s, edits]) => {
      let text = printStatement(s) + ';'
      for (const [at, del, ins] of edits) {
        const i = at % (text.length + 1)
        text = text.slice(0, i) + ins + text.slice(i + del)
      }
      return text
    })
    fc.assert(fc.property(mutated, checkDiagnostics), { numRuns: 400 })
  })
})
