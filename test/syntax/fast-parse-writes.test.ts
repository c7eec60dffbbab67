// VALUES writes, the bulk of large scripts, through the fast statement path
// (src/syntax/fast-parse.ts): it must give exactly what the grammar + build.ts
// give, or step aside; every text is parsed both ways and the results (AST with
// spans, diagnostics) compared.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SourceText } from '../../src/source/source-text.js'
import { parseFastStatement } from '../../src/syntax/fast-parse.js'
import { parseScript } from '../../src/syntax/parse.js'
import { astJson } from './support.js'

function both(text: string): { fast: string; slow: string } {
  const source = new SourceText(text, 't.yql')
  const f = parseScript(source, { fastStatements: true })
  const s = parseScript(source, { fastStatements: false })
  return { fast: astJson([f.script.statements, f.diagnostics]), slow: astJson([s.script.statements, s.diagnostics]) }
}

const taken = (text: string): boolean => parseFastStatement(text, 0, text.endsWith(';') ? text.length - 1 : text.length) !== undefined

/** Plain literal rows, the shape of bulk loads. */
const LITERAL_ROWS = [
  'UPSERT INTO t (a, b) VALUES (1, 2)',
  "upsert into `my/t` (id, name, qty, price, ts, flag) VALUES (0ul, 'name-0'u, -500, 0.00, Timestamp('2023-11-14T22:13:20.000Z'), false), (1ul, 'x', +3, .5e3f, Date(\"2024-01-01\"), TRUE);",
  'INSERT INTO c.t VALUES (NULL, $p, Decimal(\'1.5\', 22, 9), CurrentUtcTimestamp());',
  'REPLACE INTO t(a)VALUES(1),(2),(3)',
  'UPSERT INTO t (a) VALUES -- comment\n (1) /* c */, (2) -- tail',
  "UPSERT INTO t (a) VALUES (@@multi\nline@@), ('esc\\n\\x41'), (\"dq\"y), (0x1Fu), (1e5), (1.), (7pn)",
]
/** Valid writes beyond literals: the fast path takes them too. */
const BEYOND_LITERALS = [
  'UPSERT INTO t (a) VALUES (1 + 2)',
  'UPSERT INTO t (a) VALUES (a)',
  'UPSERT INTO t (a) VALUES (-x)',
  'UPSERT INTO t (a) VALUES (- -1)',
  'UPSERT INTO t (a) VALUES (CAST(1 AS Int32))',
  'UPSERT INTO table (a) VALUES (1)',
  "UPSERT INTO 'str' (a) VALUES (1)",
  'UPSERT INTO t (a) SELECT 1',
  'UPSERT INTO t (a) VALUES (f(*))',
  'UPSERT INTO t (a) VALUES (Ns::f(1))',
  'EXPLAIN UPSERT INTO t (a) VALUES (1)',
]
/** Wrong (or several statements): the fast path steps aside and the grammar gives the diagnostics. */
const STEPS_ASIDE = [
  'UPSERT INTO t (a) VALUES ()',
  'UPSERT INTO t (a) VALUES (1),',
  'UPSERT INTO t (a) VALUES (1) (2)',
  'UPSERT INTO t (a) VALUES (5x)',
  "UPSERT INTO t (a) VALUES ('a'b)",
  "UPSERT INTO t (a) VALUES ('bad\\q')",
  'UPSERT INTO t (a) VALUES (1',
  "UPSERT INTO t (a) VALUES ('open",
  'UPSERT INTO t (a) VALUES (1) /* open',
  'UPSERT INTO t (a, ) VALUES (1)',
  'UPSERT t (a) VALUES (1)',
  'UPSERT INTO t (a) VALUES (TRUE(1))',
  'UPSERT INTO t (a) VALUES (1)\u00a0',
  'SELECT 1; UPSERT INTO t (a) VALUES (1); REPLACE INTO t (a) VALUES (2); DROP TABLE t',
]
const CASES = [...LITERAL_ROWS, ...BEYOND_LITERALS, ...STEPS_ASIDE]

describe('fast path for VALUES writes', () => {
  it('takes valid writes and steps aside from wrong ones', () => {
    expect([...LITERAL_ROWS, ...BEYOND_LITERALS].filter((t) => !taken(t))).toEqual([])
    expect(STEPS_ASIDE.filter(taken)).toEqual([])
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
