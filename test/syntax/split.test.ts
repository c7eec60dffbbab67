// Statement boundaries: ';' inside strings, identifiers and comments does not count.
import { describe, expect, test } from 'vitest'
import { findStatementEnd, StatementStream } from '../../src/syntax/split.js'
import { parseScript } from '../../src/syntax/parse.js'
import { SourceText } from '../../src/source/source-text.js'

describe('findStatementEnd', () => {
  test.each([
    ["a ';' \";\" `;` @@;@@ -- ;\n /* ; */ ;", 34],
    ["'a\\';' ;", 7],
    ['@@a@@@@;@@;', 10],
    ['`a``;` ;', 7],
  ])('%s', (text, end) => {
    expect(findStatementEnd(text, 0)).toEqual({ end, open: false })
  })
  test('open at the end', () => {
    expect(findStatementEnd("a 'b;", 0)).toEqual({ end: -1, open: true })
    expect(findStatementEnd('a /* b;', 0)).toEqual({ end: -1, open: true })
    expect(findStatementEnd('a b', 0)).toEqual({ end: -1, open: false })
  })
})

describe('StatementStream', () => {
  test('chunks cut anywhere give the same statements, positioned as in the whole text', () => {
    const text = "BACKUP a;\nRESTORE b AT 'x;y';\n  SELECT 1 -- c;\n  ;\nBACKUP c"
    for (const size of [1, 2, 3, 7, 100]) {
      const s = new StatementStream('f.yql')
      const got = []
      for (let i = 0; i < text.length; i += size) got.push(...s.push(text.slice(i, i + size)))
      const last = s.end()
      if (last) got.push(last)
      expect(got.map((c) => c.source.text.trim())).toEqual(['BACKUP a;', "RESTORE b AT 'x;y';", 'SELECT 1 -- c;\n  ;', 'BACKUP c'])
      // Each piece keeps its place in the file: `SELECT` is on line 3, column 3.
      const select = got[2]!.source
      const at = select.text.indexOf('SELECT')
      expect(select.position(at)).toEqual({ line: 3, column: 3 })
    }
  })

  test('a diagnostic in a cut-out statement points into the whole file', () => {
    const { diagnostics } = parseScript(new SourceText('RESTORE b AT 1;', 'f.yql', 2, 5))
    expect(diagnostics[0]!.source!.position(diagnostics[0]!.span!.start)).toEqual({ line: 2, column: 18 })
  })
})
