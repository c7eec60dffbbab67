// Data and scheme YQL sent by the YDB backend: ExecuteDataQuery with typed
// parameters and result sets, ExecuteSchemeQuery for server-side statements
// (BACKUP ...), and the no-blind-retry rule. The server's query runner here
// only echoes what arrived (text, parameters and their wire types), so these
// tests check the protocol path, not YQL semantics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BackendErrorCode, type ResultSet } from '../../../src/backends/cluster/cluster-backend.js'
import { YdbErrorCode } from '../../../src/backends/cluster/ydb/ydb-errors.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import type { Value } from '../../../src/types/value.js'
import type { ColumnType } from '../../../src/types/ydb-type.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness
const texts: string[] = []
let failWith: YqlError | undefined

beforeAll(async () => {
  h = await startHarness({
    yql: async (text, params, types) => {
      texts.push(text)
      if (failWith) throw failWith
      const names = [...params.keys()].sort()
      const rs: ResultSet = {
        columns: names.map((n) => ({ name: n.slice(1), type: types.get(n) as ColumnType })),
        rows: names.length ? [names.map((n) => params.get(n) as Value)] : [],
      }
      return { resultSets: names.length ? [rs] : [], rowsAffected: 3 }
    },
  })
})

afterAll(async () => {
  await h?.close()
})

describe('executeDataYql', () => {
  it('sends typed parameters with DECLAREs and decodes the result set', async () => {
    const params = new Map<string, Value>([
      ['$i', -9007199254740993n],
      ['$n', 42],
      ['$f', 0.5],
      ['$s', 'héllo'],
      ['$b', new Uint8Array([1, 2, 3])],
      ['$d', { kind: 'Decimal', unscaled: 12345n, scale: 2 }],
      ['$t', true],
      ['$z', null],
    ])
    const out = await h.cluster.executeDataYql('SELECT 1;', params)
    const text = texts.at(-1)!
    expect(text).toContain('DECLARE $i AS Int64;')
    expect(text).toContain('DECLARE $d AS Decimal(35,2);')
    expect(text).toContain('DECLARE $z AS Utf8?;')
    expect(text.endsWith('SELECT 1;')).toBe(true)
    const rs = out.resultSets[0]!
    expect(rs.columns.map((c) => c.name)).toEqual(['b', 'd', 'f', 'i', 'n', 's', 't', 'z'])
    expect(rs.columns.find((c) => c.name === 'i')?.type).toEqual({ type: { kind: 'Primitive', name: 'Int64' }, nullable: false })
    expect(rs.columns.find((c) => c.name === 'z')?.type).toEqual({ type: { kind: 'Primitive', name: 'Utf8' }, nullable: true })
    expect(rs.rows).toEqual([[new Uint8Array([1, 2, 3]), { kind: 'Decimal', unscaled: 12345n, scale: 2 }, 0.5, -9007199254740993n, 42, 'héllo', true, null]])
    expect(out.rowsAffected).toBe(3)
  })

  it('uses declared parameter types where given', async () => {
    const types = new Map<string, ColumnType>([
      ['$u', { type: { kind: 'Primitive', name: 'Uint64' }, nullable: false }],
      ['$ts', { type: { kind: 'Primitive', name: 'Timestamp' }, nullable: true }],
    ])
    const out = await h.cluster.executeDataYql('SELECT $u, $ts;', new Map<string, Value>([['$u', 18446744073709551615n], ['$ts', 1700000000000000n]]), undefined, types)
    expect(texts.at(-1)).toMatch(/^DECLARE \$u AS Uint64;\nDECLARE \$ts AS Timestamp\?;\n/)
    expect(out.resultSets[0]!.columns.map((c) => c.type)).toEqual([types.get('$ts'), types.get('$u')])
    expect(out.resultSets[0]!.rows).toEqual([[1700000000000000n, 18446744073709551615n]])
  })

  it('keeps a DECLARE the text already has', async () => {
    await h.cluster.executeDataYql('DECLARE $x AS Int64; SELECT $x;', new Map([['$x', 1n]]))
    expect(texts.at(-1)).toBe('DECLARE $x AS Int64; SELECT $x;')
  })
})

describe('executeSchemeYql (server-side backup statements)', () => {
  it('sends the statement text with ExecuteSchemeQuery', async () => {
    h.server.calls.length = 0
    await h.cluster.executeSchemeYql('BACKUP `daily` INCREMENTAL;')
    expect(texts.at(-1)).toBe('BACKUP `daily` INCREMENTAL;')
    expect(h.server.calls).toContain('Table/ExecuteSchemeQuery')
  })

  it("carries YDB's error words back", async () => {
    failWith = YqlError.of(BackendErrorCode.PreconditionFailed, 'Incremental backup is disabled on this collection')
    try {
      const err = await h.cluster.executeSchemeYql('BACKUP `c` INCREMENTAL;').then(() => undefined, (e: unknown) => e as YqlError)
      expect(err!.diagnostics[0]?.code).toBe(BackendErrorCode.PreconditionFailed)
      expect(err!.message).toContain('Incremental backup is disabled on this collection')
    } finally {
      failWith = undefined
    }
  })

  it('never retries a BACKUP, even on a transient status', async () => {
    h.server.calls.length = 0
    h.server.failNext('Table/ExecuteSchemeQuery', 'UNAVAILABLE', 1)
    const err = await h.cluster.executeSchemeYql('BACKUP `daily`;').then(() => undefined, (e: unknown) => e as YqlError)
    expect(err!.diagnostics[0]?.code).toBe(YdbErrorCode.Unavailable)
    expect(h.server.calls.filter((c) => c === 'Table/ExecuteSchemeQuery')).toHaveLength(1)
  })

  it('never retries a data query either', async () => {
    h.server.calls.length = 0
    h.server.failNext('Table/ExecuteDataQuery', 'OVERLOADED', 1)
    const err = await h.cluster.executeDataYql('UPSERT INTO t (k) VALUES (1);').then(() => undefined, (e: unknown) => e as YqlError)
    expect(err!.diagnostics[0]?.code).toBe(BackendErrorCode.Busy)
    expect(h.server.calls.filter((c) => c === 'Table/ExecuteDataQuery')).toHaveLength(1)
  })
})
