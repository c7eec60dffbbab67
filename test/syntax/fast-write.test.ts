// The fast path for VALUES writes (src/syntax/fast-write.ts) must give exactly
// what the grammar + build.ts give, or step aside: every text is parsed both
// ways and the results (AST with spans, diagnostics) compared.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SourceText } from '../../src/source/source-text.js'
import { parseFastWrite } from '../../src/syntax/fast-write.js'
import { parseScript } from '../../src/syntax/parse.js'
import { astJson } from './support.js'

function both(text: string): { fast: string; slow: string } {
  const source = new SourceText(text, 't.yql')
  const f = parseScript(source, { fastWrites: true })
  const s = parseScript(source, { fastWrites: false })
  return { fast: astJson([f.script.statements, f.diagnostics]), slow: astJson([s.script.statements, s.diagnostics]) }
}

const taken = (text: string): boolean => parseFastWrite(text, 0, text.endsWith(';') ? text.length - 1 : text.length) !== undefined

const CASES = [
  'UPSERT INTO t (a, b) VALUES (1, 2)',
  "upsert into `my/t` (id, name, qty, price, ts, flag) VALUES (0ul, 'name-0'u, -500, 0.00, Timestamp('2023-11-14T22:13:20.000Z'), false), (1ul, 'x', +3, .5e3f, Date(\"2024-01-01\"), TRUE);",
  'INSERT INTO c.t VALUES (NULL, $p, Decimal(\'1.5\', 22, 9), CurrentUtcTimestamp());',
  'REPLACE INTO t(a)VALUES(1),(2),(3)',
  'UPSERT INTO t (a) VALUES -- comment\n (1) /* c */, (2) -- tail',
  "UPSERT INTO t (a) VALUES (@@multi\nline@@), ('esc\\n\\x41'), (\"dq\"y), (0x1Fu), (1e5), (1.), (7pn)",
  // Outside the fast subset, or wrong: the grammar decides.
  'UPSERT INTO t (a) VALUES (1 + 2)',
  'UPSERT INTO t (a) VALUES (a)',
  'UPSERT INTO t (a) VALUES (-x)',
  'UPSERT INTO t (a) VALUES (- -1)',
  'UPSERT INTO t (a) VALUES (CAST(1 AS Int32))',
  'UPSERT INTO t (a) VALUES ()',
  'UPSERT INTO t (a) VALUES (1),',
  'UPSERT INTO t (a) VALUES (1) (2)',
  'UPSERT INTO t (a) VALUES (5x)',
  "UPSERT INTO t (a) VALUES ('a'b)",
  "UPSERT INTO t (a) VALUES ('bad\\q')",
  'UPSERT INTO t (a) VALUES (1',
  "UPSERT INTO t (a) VALUES ('open",
  'UPSERT INTO t (a) VALUES (1) /* open',
  'UPSERT INTO table (a) VALUES (1)',
  "UPSERT INTO 'str' (a) VALUES (1)",
  'UPSERT INTO t (a) SELECT 1',
  'UPSERT INTO t (a, ) VALUES (1)',
  'UPSERT t (a) VALUES (1)',
  'UPSERT INTO t (a) VALUES (f(*))',
  'UPSERT INTO t (a) VALUES (TRUE(1))',
  'UPSERT INTO t (a) VALUES (1)\u00a0',
  'UPSERT INTO t (a) VALUES (Ns::f(1))',
  'EXPLAIN UPSERT INTO t (a) VALUES (1)',
  'SELECT 1; UPSERT INTO t (a) VALUES (1); REPLACE INTO t (a) VALUES (2); DROP TABLE t',
]

describe('fast path for VALUES writes', () => {
  it('takes plain literal rows', () => {
    expect(CASES.slice(0, 6).every(taken)).toBe(true)
    expect(CASES.slice(6).some(taken)).toBe(false)
  })

  it.each(CASES)('gives what the grammar gives: %s', (text) => {
    const { fast, slow } = both(text)
    expect(fast).toBe(slow)
  })

  it('the fixtures parse the same both ways', () => {
    for (const f of ['dml', 'literals', 'session', 'select']) {
      const { fast, slow } = both(readFileSync(new URL(`../../fixtures/parse/${f}.yql`, import.meta.url), 'utf8'))
      expect(fast).toBe(slow)
    }
  })

  it('generated writes, with their tokens cut and mangled, parse the same both ways', () => {
    const blank = fc.constantFrom('', ' ', '\n', '\t', ' -- c\n', '/* c */', '\r\n ')
    const value = fc.constantFrom(
      '1', '-1', '+2', '0ul', '18446744073709551615ul', '1.5', '-.5e-3', '2f', "'s'", "'\\u00e9'u", '"d"', '@@m@@', 'NULL', 'true', 'False',
      "Timestamp('2024-01-01T00:00:00Z')", "Decimal('1.2', 22, 9)", 'CurrentUtcDate()', '$p', 'x', '1+1', 'CAST(1 AS Int8)', "'unterminated", '(1)', '-',
    )
    const row = fc.array(fc.tuple(blank, value, blank), { minLength: 1, maxLength: 4 }).map((vs) => '(' + vs.map((v) => v.join('')).join(',') + ')')
    const stmt = fc
      .tuple(fc.constantFrom('UPSERT', 'insert', 'Replace'), blank, fc.constantFrom('t', '`a/b`', 'c.t', 'TABLE'), fc.constantFrom('', ' (a, b)', '(a)'), blank, fc.array(row, { minLength: 1, maxLength: 4 }), fc.constantFrom('', ';', ' ;', ',', ' x'))
      .map(([m, b, t, cols, b2, rows, end]) => `${m} INTO${b || ' '}${t}${cols}${b2 || ' '}VALUES ${rows.join(', ')}${end}`)
    const cut = fc.tuple(stmt, fc.nat(), fc.nat(3)).map(([s, at, how]) => {
      const i = at % (s.length + 1)
      return how === 0 ? s.slice(0, i) : how === 1 ? s.slice(0, i) + s.slice(i + 1) : s
    })
    fc.assert(
      fc.property(cut, (text) => {
        const { fast, slow } = both(text)
        expect(fast).toBe(slow)
      }),
      { numRuns: 600 },
    )
  })
})
