// The bulk VALUES path (src/syntax/bulk-values.ts + sql/bulk-write.ts) against the
// ordinary one: generated statements over tables of every column type give the
// same results, the same errors (code, message, span) and the same table contents
// with the bulk path on as with it off; and the scanner's statement is the
// parser's statement.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { encodeCells, encodedBuffers } from '../../../src/backends/cluster/embedded/sql/bulk-columns.js'
import { Session, type RunOptions, type StatementResult } from '../../../src/exec/session.js'
import { SourceText } from '../../../src/source/source-text.js'
import { scanBulkCells } from '../../../src/syntax/bulk-scan.js'
import { bulkCellsOf, bulkScanConfig, scanBulkWrite } from '../../../src/syntax/bulk-values.js'
import { parseScript } from '../../../src/syntax/parse.js'

const TYPES = [
  'Bool', 'Int8', 'Int16', 'Int32', 'Int64', 'Uint8', 'Uint16', 'Uint32', 'Uint64', 'Float', 'Double', 'Decimal(22,9)', 'Decimal(5,2)',
  'DyNumber', 'String', 'Utf8', 'Json', 'JsonDocument', 'Yson', 'Uuid', 'Date', 'Datetime', 'Timestamp', 'Interval',
  'Date32', 'Datetime64', 'Timestamp64', 'Interval64',
] as const
const CAST_TYPES = TYPES.filter((t) => !t.startsWith('Decimal')).concat(['uint64', 'TIMESTAMP', 'Decimal'] as never[])

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

const integerText = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 66n }).map(String),
  fc.constantFrom('2147483647', '2147483648', '4294967295', '9223372036854775807', '9223372036854775808', '18446744073709551615', '18446744073709551616', '0x7F', '0xff', '0b101', '0o17', '007'),
)
const integer = fc.tuple(integerText, fc.constantFrom('', '', '', 'u', 'ul', 'l', 's', 't', 'ut', 'us', 'U', 'L')).map(([n, s]) => n + s)
const real = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).map((d) => (Number.isInteger(d) ? d.toFixed(1) : String(d))),
  fc.constantFrom('0.5', '1.25', '.5', '1.', '1e3', '2.5E-3', '1.5f', '3.25F', '0.01', '999.99', '123456789.123456789'),
)
const number = fc.tuple(fc.constantFrom('', '', '', '-', '+', '- '), fc.oneof(integer, real)).map(([s, n]) => s + n)
const textBody = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('2024-01-01', '2024-02-30', '2024-01-01T10:20:30Z', '2024-01-01T10:20:30.123456Z', '1970-01-01T00:00:00Z', '{"a":1}', '[1, 2]', '{bad', 'PT1S', 'P1D', '-PT5M',
    '550e8400-e29b-41d4-a716-446655440000', '550E8400-E29B-41D4-A716-446655440000', 'true', 'false', '12', '-7', '1.5', '1e5', '.5e1', 'customer_1', 'lorem ipsum', 'é', ''),
)
const stringLit = fc.oneof(
  fc.tuple(textBody, fc.constantFrom('', '', 'u', 'U', 'y', 'j', 's', 'J')).map(([b, s]) => quote(b) + s),
  fc.tuple(textBody, fc.constantFrom('', 'u')).map(([b, s]) => `"${b.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"${s}`),
  fc.constantFrom("'a\\x41'", "'\\u00e9'u", "'bad \\q escape'", '@@multi\nline@@', "'tab\\t'u", "'\\xff'u", "'\\xff'"),
)
const literal = fc.oneof(
  { weight: 4, arbitrary: number },
  { weight: 4, arbitrary: stringLit },
  { weight: 1, arbitrary: fc.constantFrom('NULL', 'null', 'TRUE', 'false') },
)
const value = fc.oneof(
  { weight: 6, arbitrary: literal },
  { weight: 2, arbitrary: fc.tuple(literal, fc.constantFrom(...CAST_TYPES)).map(([l, t]) => `CAST(${l} AS ${t})`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...CAST_TYPES, 'Foo'), stringLit).map(([t, l]) => `${t}(${l})`) },
  { weight: 1, arbitrary: fc.constantFrom('$p', '1 + 2', 'CurrentUtcTimestamp()', "Decimal('1.5', 22, 9)", 'CAST(1 AS Optional<Int32>)', '(1)', 'CAST(1 AS Int32?)') },
)

/** Values a column of the type accepts (most of the time), so the writes mostly succeed. */
function goodValue(type: string): fc.Arbitrary<string> {
  const small = fc.integer({ min: 0, max: 120 }).map(String)
  const text = (xs: string[]) => fc.constantFrom(...xs)
  switch (type) {
    case 'Bool': return fc.constantFrom('TRUE', 'false', 'Bool("true")', 'NULL')
    case 'Float': case 'Double': return fc.oneof(small, real, fc.constant('-1.5'), fc.constant('CAST(3 AS Double)'))
    case 'String': case 'Yson': return fc.oneof(fc.string({ maxLength: 8 }).map(quote), text(["'lorem'", "'a\\x41'", '"q"', "'é'", "'x'u"]))
    case 'Utf8': return fc.oneof(fc.string({ maxLength: 8 }).map((x) => quote(x) + 'u'), text(["'é'u", "'customer_1'u", "'a'", 'Utf8("z")']))
    case 'Json': case 'JsonDocument': return text([`'{"a":1}'j`, `'[1, 2]'`, `Json('{"b" : 2}')`, `'{"a":1}'u`])
    case 'Uuid': return text(["Uuid('550e8400-e29b-41d4-a716-446655440000')", "'550E8400-E29B-41D4-A716-446655440000'", "Uuid('bad')"])
    case 'DyNumber': return text(["DyNumber('1.5')", "'12'", "'-0.25'", 'DyNumber("1e3")'])
    case 'Date': case 'Date32': return text(["Date('2024-01-01')", "'2024-02-29'", 'CAST(19000 AS Date)', "CAST('2024-01-01' AS Date)", '19000'])
    case 'Datetime': case 'Datetime64': return text(["Datetime('2024-01-01T10:20:30Z')", "'2024-01-01T00:00:00Z'", 'CAST(1700000000 AS Datetime)', '1700000000'])
    case 'Timestamp': case 'Timestamp64': return text(["Timestamp('2024-01-01T10:20:30.123456Z')", 'CAST(1700000000000000 AS Timestamp)', '1700000000000000', "'1970-01-01T00:00:00Z'", 'CAST(-1 AS Timestamp)'])
    case 'Interval': case 'Interval64': return text(["Interval('PT1S')", "Interval('-P1D')", 'CAST(5 AS Interval)', '1000'])
    default:
      return fc.oneof(small, fc.constantFrom('-5', '1u', '255ut', '70000', '5000000000', '18446744073709551615ul', '1.5'))
  }
}

interface Case {
  columns: { type: string; notNull: boolean }[]
  statements: { mode: string; list: 'none' | number[]; rows: { key: string; cells: string[] }[] }[]
}

const caseArb: fc.Arbitrary<Case> = fc
  .array(fc.record({ type: fc.constantFrom(...TYPES), notNull: fc.constantFrom(false, false, false, true) }), { minLength: 1, maxLength: 4 })
  .chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      statements: fc.array(
        fc.record({
          mode: fc.constantFrom('UPSERT', 'REPLACE', 'INSERT', 'upsert'),
          // Positions into [k, c0, c1, ...]; 'none' writes every column in table order.
          list: fc.oneof(fc.constant('none' as const), fc.shuffledSubarray([...Array(columns.length + 1).keys()], { minLength: 1 })),
          rows: fc.array(
            fc.record({
              key: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', 'NULL', "'x'", '5u', '9223372036854775808') }),
              cells: fc.tuple(...columns.map((col) => fc.oneof({ weight: 6, arbitrary: goodValue(col.type) }, { weight: 1, arbitrary: value }))),
            }),
            { minLength: 1, maxLength: 4 },
          ),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  )

function statementText(c: Case, s: Case['statements'][number], table: string): string {
  const names = ['k', ...c.columns.map((_x, i) => `c${i}`)]
  const positions = s.list === 'none' ? names.map((_n, i) => i) : s.list
  const cols = s.list === 'none' ? '' : ` (${positions.map((p) => names[p]).join(', ')})`
  const rows = s.rows.map((r) => `(${positions.map((p) => (p === 0 ? r.key : r.cells[p - 1]!)).join(', ')})`)
  return `${s.mode} INTO ${table}${cols} VALUES ${rows.join(',\n  ')};`
}

function outcome(rs: StatementResult[]): unknown {
  return rs.map((r) =>
    r.kind === 'Error'
      ? { kind: r.kind, span: r.span, diagnostics: r.diagnostics.map((d) => ({ code: d.code, message: d.message, span: d.span, severity: d.severity })) }
      : r.kind === 'ResultSets'
        ? { kind: r.kind, resultSets: r.resultSets }
        : { kind: r.kind, span: r.span, message: 'message' in r ? r.message : undefined, rowsAffected: 'rowsAffected' in r ? r.rowsAffected : undefined },
  )
}

async function collect(s: Session, text: string, prescan = false): Promise<StatementResult[]> {
  const out: StatementResult[] = []
  // As the script reader's worker does: scan and encode, then cross a thread boundary (structured clone).
  const scan = prescan ? scanBulkCells(text, bulkScanConfig()) : undefined
  const payload = scan ? encodeCells(scan.cells) : undefined
  let prescanned: RunOptions['prescanned']
  if (scan && payload) {
    const { cells: _c, ...head } = scan
    prescanned = structuredClone({ head, payload }, { transfer: encodedBuffers(payload) })
    stats.prescanned++
  }
  for await (const r of s.run(new SourceText(text, 'case.yql', 1, 1), { parameters: new Map([['$p', 7]]), ...(prescanned ? { prescanned } : {}) })) out.push(r)
  return out
}

const stats = { scanned: 0, written: 0, failed: 0, prescanned: 0 }

describe('bulk VALUES path', () => {
  let dirs: string[] = []
  let bulk: Session
  let plain: Session
  let pre: Session
  let n = 0

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), 'yqlb-bulk-a-')), mkdtempSync(join(tmpdir(), 'yqlb-bulk-b-')), mkdtempSync(join(tmpdir(), 'yqlb-bulk-c-'))]
    bulk = new Session({ cluster: await openEmbeddedCluster({ dataDir: dirs[0]! }) })
    pre = new Session({ cluster: await openEmbeddedCluster({ dataDir: dirs[2]! }) })
    plain = new Session({ cluster: await openEmbeddedCluster({ dataDir: dirs[1]! }), bulkWrites: false })
  })
  afterAll(async () => {
    await bulk.close()
    await plain.close()
    await pre.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('gives the same results, errors and table contents as the ordinary path (every column type)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const table = `t${n++}`
        const ddl = `CREATE TABLE ${table} (k Int64${c.columns.map((x, i) => `, c${i} ${x.type}${x.notNull ? ' NOT NULL' : ''}`).join('')}, PRIMARY KEY (k));`
        const ddlOutcome = outcome(await collect(plain, ddl))
        expect(outcome(await collect(bulk, ddl))).toEqual(ddlOutcome)
        expect(outcome(await collect(pre, ddl))).toEqual(ddlOutcome)
        for (const s of c.statements) {
          const text = statementText(c, s, table)
          const got = await collect(bulk, text)
          const want = outcome(await collect(plain, text))
          expect(outcome(got), text).toEqual(want)
          expect(outcome(await collect(pre, text, true)), text).toEqual(want)
          if (scanBulkWrite(new SourceText(text))) {
            stats.scanned++
            if (got[0]?.kind === 'Ok') stats.written++
            else stats.failed++
          }
        }
        const select = `SELECT * FROM ${table} ORDER BY k;`
        const contents = outcome(await collect(plain, select))
        expect(outcome(await collect(bulk, select))).toEqual(contents)
        expect(outcome(await collect(pre, select))).toEqual(contents)
      }),
      { numRuns: 200 },
    )
    // The bulk path really ran, both to success and to errors.
    expect(stats.written, JSON.stringify(stats)).toBeGreaterThan(20)
    expect(stats.failed, JSON.stringify(stats)).toBeGreaterThan(20)
    expect(stats.prescanned, JSON.stringify(stats)).toBeGreaterThan(20)
  })

  it('takes the bulk path for the load script shape, including CAST, typed literals and signed numbers', () => {
    const text = `UPSERT INTO t (id, name, qty, price, at, note) VALUES
(0, 'customer_0'u, 0, 0, CAST(1700000000000000 AS Timestamp), 'lorem ipsum, dolor'),
(1, "customer_1"u, -1, +0.01, Timestamp('2024-01-01T00:00:00Z'), @@multi@@) ;  -- trailing comment`
    const b = scanBulkWrite(new SourceText(text))
    expect(b).toBeDefined()
    expect(b!.cells.rowCount).toBe(2)
    expect(bulkCellsOf(b!.statement)).toBe(b!.cells)
    // The statement is the parser's: header, spans and (lazily built) rows.
    const parsed = parseScript(new SourceText(text)).script.statements[0]!
    expect(JSON.parse(JSON.stringify(b!.entry, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))).toEqual(
      JSON.parse(JSON.stringify(parsed, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))),
    )
  })

  it('leaves other statements to the parser', () => {
    for (const text of [
      'UPSERT INTO t (a) VALUES (1); UPSERT INTO t (a) VALUES (2);',
      'UPSERT INTO t (a) VALUES ($p);',
      'UPSERT INTO t (a) VALUES (1 + 2);',
      'UPSERT INTO t (a, a) VALUES (1, 2);',
      'UPSERT INTO t (a, b) VALUES (1);',
      'UPSERT INTO t (a) VALUES (1), (2, 3);',
      'UPSERT INTO t SELECT 1 AS a;',
      'EXPLAIN UPSERT INTO t (a) VALUES (1);',
      'UPSERT INTO t (a) VALUES (CAST(1 AS Decimal(10,2)));',
      'UPSERT INTO t (a) VALUES (CAST(1 AS Nope));',
      "UPSERT INTO t (a) VALUES ('bad \\q');",
      'UPSERT INTO t (select) VALUES (1);',
      'UPSERT INTO t (a) VALUES (1) /* unterminated',
      'SELECT 1;',
    ]) {
      expect(scanBulkWrite(new SourceText(text)), text).toBeUndefined()
    }
  })
})
