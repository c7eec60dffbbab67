// Parsing keeps nothing of a text once its AST is dropped: the word caches of the
// scanner (fast-tokens.ts) and of the lexer (lex.ts) hold copies, not slices
// (a slice of a long word keeps its whole source text alive).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect, test } from 'vitest'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

test.each([
  ['the fast path', (k: number) => `SELECT some_long_identifier_${k} FROM t WHERE x = '${'y'.repeat(1_000_000)}'`],
  ['the grammar (a syntax error)', (k: number) => `SELECT some_long_identifier_${k} FROM t WHERE x = '${'y'.repeat(1_000_000)}' +`],
])('parsing 40 texts of 1 MB through %s retains none of them', (_, text) => {
  parseScript(new SourceText(text(-1)))
  gc()
  const before = process.memoryUsage().heapUsed
  for (let k = 0; k < 40; k++) parseScript(new SourceText(text(k)))
  gc()
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(10e6)
})
