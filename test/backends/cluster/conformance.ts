// The one cluster-backend conformance suite: the ClusterBackend methods both
// backends implement (the embedded database and the YDB backend), with exact
// expected results, so both are held to the same contract rather than to each
// other. `makeCluster` opens a backend on a fresh, empty database `/local`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableStatement } from '../../../src/ast/nodes.js'
import type { ClusterBackend, StatementOutcome } from '../../../src/backends/cluster/cluster-backend.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { SourceText } from '../../../src/source/source-text.js'
import { parseScript } from '../../../src/syntax/parse.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import type { Row, Value } from '../../../src/types/value.js'
import { PRIMITIVE_TYPE_NAMES, decimal, primitive, type YdbType } from '../../../src/types/ydb-type.js'

/** A backend under test and how to dispose of it. */
export interface ClusterUnderTest {
  readonly cluster: ClusterBackend
  /** Waits for background work (e.g. dropping a released snapshot's copies). */
  readonly settle?: () => Promise<void>
  dispose(): Promise<void>
}

const DB = '/local'
const bytes = (s: string) => new TextEncoder().encode(s)
const dec = (unscaled: bigint, scale: number): Value => ({ kind: 'Decimal', unscaled, scale })

/** Every primitive type plus two Decimals: a low row, a high row, a NULL row. */
const TYPE_CASES: readonly { name: string; type: YdbType; low: Value; high: Value }[] = [
  { name: 'c_bool', type: primitive('Bool'), low: false, high: true },
  { name: 'c_int8', type: primitive('Int8'), low: -128, high: 127 },
  { name: 'c_int16', type: primitive('Int16'), low: -32768, high: 32767 },
  { name: 'c_int32', type: primitive('Int32'), low: -2147483648, high: 2147483647 },
  { name: 'c_int64', type: primitive('Int64'), low: -9223372036854775808n, high: 9223372036854775807n },
  { name: 'c_uint8', type: primitive('Uint8'), low: 0, high: 255 },
  { name: 'c_uint16', type: primitive('Uint16'), low: 0, high: 65535 },
  { name: 'c_uint32', type: primitive('Uint32'), low: 0, high: 4294967295 },
  { name: 'c_uint64', type: primitive('Uint64'), low: 0n, high: 18446744073709551615n },
  { name: 'c_float', type: primitive('Float'), low: -1.5, high: 0.25 },
  { name: 'c_double', type: primitive('Double'), low: -1e308, high: Math.PI },
  { name: 'c_dynumber', type: primitive('DyNumber'), low: '-.1e1', high: '.3321e1' },
  { name: 'c_string', type: primitive('String'), low: new Uint8Array([0, 255, 1]), high: new Uint8Array(0) },
  { name: 'c_utf8', type: primitive('Utf8'), low: '', high: 'привет' },
  { name: 'c_json', type: primitive('Json'), low: '[]', high: '{"a":1}' },
  { name: 'c_jsondocument', type: primitive('JsonDocument'), low: '[]', high: '{"a":1}' },
  { name: 'c_yson', type: primitive('Yson'), low: bytes('[1;2]'), high: bytes('{a=1}') },
  { name: 'c_uuid', type: primitive('Uuid'), low: '00000000-0000-0000-0000-000000000000', high: '550e8400-e29b-41d4-a716-446655440000' },
  { name: 'c_date', type: primitive('Date'), low: 0, high: 49672 },
  { name: 'c_datetime', type: primitive('Datetime'), low: 0, high: 4291747199 },
  { name: 'c_timestamp', type: primitive('Timestamp'), low: 0n, high: 4291747199999999n },
  { name: 'c_interval', type: primitive('Interval'), low: -4291747199999999n, high: 4291747199999999n },
  { name: 'c_date32', type: primitive('Date32'), low: -53375809, high: 53375807 },
  { name: 'c_datetime64', type: primitive('Datetime64'), low: -4611669897600n, high: 4611669811199n },
  { name: 'c_timestamp64', type: primitive('Timestamp64'), low: -4611669897600000000n, high: 4611669811199999999n },
  { name: 'c_interval64', type: primitive('Interval64'), low: -9223339708799999999n, high: 9223339708799999999n },
  { name: 'c_dec22', type: decimal(22, 9), low: dec(-123456789012345678901n, 9), high: dec(500000000n, 9) },
  { name: 'c_dec35', type: decimal(35, 10), low: dec(-(10n ** 35n - 1n), 10), high: dec(10n ** 35n - 1n, 10) },
]

const ALL_TYPES: TableSchema = {
  columns: [{ name: 'k', type: primitive('Uint32'), notNull: true }, ...TYPE_CASES.map((c) => ({ name: c.name, type: c.type, notNull: false }))],
  primaryKey: ['k'],
  indexes: [],
}
const ALL_ROWS: Row[] = [
  [1, ...TYPE_CASES.map((c) => c.low)],
  [2, ...TYPE_CASES.map((c) => c.high)],
  [3, ...TYPE_CASES.map(() => null)],
]

type Outcome = { ok: StatementOutcome } | { error: string }

async function run(cluster: ClusterBackend, sql: string, parameters?: ReadonlyMap<string, Value>, pathPrefix = DB): Promise<Outcome[]> {
  const { script, diagnostics } = parseScript(new SourceText(sql))
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const out: Outcome[] = []
  for (const e of script.statements) {
    try {
      out.push({ ok: await cluster.executeStatement(e.statement as TableStatement, { pathPrefix, ...(parameters ? { parameters } : {}) }) })
    } catch (err) {
      if (!(err instanceof YqlError)) throw err
      out.push({ error: err.diagnostics[0]!.code })
    }
  }
  return out
}
const rowsOf = (o: Outcome | undefined) => (o && 'ok' in o ? o.ok.resultSets[0]?.rows : o)
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof YqlError ? e.diagnostics[0]!.code : String(e)))
const visible = (names: readonly { name: string; type: string }[]) => names.filter((e) => !e.name.startsWith('.')).map((e) => `${e.name}:${e.type}`)

export function clusterConformance(name: string, makeCluster: () => Promise<ClusterUnderTest>): void {
  describe(`cluster conformance: ${name}`, () => {
    let u: ClusterUnderTest
    let c: ClusterBackend
    beforeAll(async () => {
      u = await makeCluster()
      c = u.cluster
    })
    afterAll(async () => {
      await u?.dispose()
    })

    describe('scheme', () => {
      it('makes, lists, describes and removes directories', async () => {
        expect(c.database).toBe(DB)
        expect((await c.describePath(DB))?.type).toBe('directory')
        await c.makeDirectory('/local/d1')
        await c.makeDirectory('/local/d1/inner')
        await c.createTable('/local/d1/inner/t', { columns: [{ name: 'k', type: primitive('Uint64'), notNull: false }], primaryKey: ['k'], indexes: [] })
        expect(await c.describePath('/local/d1')).toMatchObject({ path: '/local/d1', name: 'd1', type: 'directory' })
        expect(await c.describePath('/local/d1/inner/t')).toMatchObject({ path: '/local/d1/inner/t', name: 't', type: 'table' })
        expect(await c.describePath('/local/nowhere')).toBeUndefined()
        expect((await c.listDirectory('/local/d1/inner')).map((e) => [e.path, e.name, e.type])).toEqual([['/local/d1/inner/t', 't', 'table']])
        expect(visible(await c.listDirectory('/local/d1'))).toEqual(['inner:directory'])
        expect(await codeOf(c.listDirectory('/local/nowhere'))).toBe('scheme/path-not-found')
        await c.removeDirectory('/local/d1', { recursive: true })
        expect(await c.describePath('/local/d1')).toBeUndefined()
        await c.makeDirectory('/local/d2')
        await c.removeDirectory('/local/d2')
        expect(await c.describePath('/local/d2')).toBeUndefined()
      })

      it('creates a table of every primitive type, describes it exactly, drops it', async () => {
        await c.createTable('/local/types/all', ALL_TYPES)
        expect(await c.describeTable('/local/types/all')).toEqual(ALL_TYPES)
        expect((await c.describePath('/local/types'))?.type).toBe('directory')
        expect(await c.describeTable('/local/types/none')).toBeUndefined()
        await c.dropTable('/local/types/all')
        expect(await c.describePath('/local/types/all')).toBeUndefined()
        expect(await codeOf(c.dropTable('/local/types/all'))).toBe('scheme/path-not-found')
      })

      it('refuses a table that exists', async () => {
        const s: TableSchema = { columns: [{ name: 'k', type: primitive('Int32'), notNull: true }], primaryKey: ['k'], indexes: [] }
        await c.createTable('/local/twice', s)
        expect(await codeOf(c.createTable('/local/twice', s))).toBe('scheme/path-exists')
        await c.dropTable('/local/twice')
      })
    })

    describe('executeStatement', () => {
      it('CREATE TABLE, UPSERT and SELECT give exact values', async () => {
        const out = await run(c, `
          CREATE TABLE orders (id Int64 NOT NULL, u Uint64, d Decimal(22,9), s Utf8, b String, ts Timestamp, PRIMARY KEY (id));
          UPSERT INTO orders (id, u, d, s, b, ts) VALUES
            (-9223372036854775807 - 1, 18446744073709551615ul, Decimal('-123456789012.345678901', 22, 9), 'привет'u, 'bytes', Timestamp('2105-12-31T23:59:59.999999Z')),
            (7, 0ul, Decimal('0.5', 22, 9), ''u, '', Timestamp('1970-01-01T00:00:00Z')),
            (9223372036854775807, NULL, NULL, NULL, NULL, NULL);
          SELECT id, u, d, s, b, ts FROM orders ORDER BY id;
        `)
        expect(out.slice(0, 2)).toEqual([{ ok: { resultSets: [] } }, { ok: { resultSets: [], rowsAffected: 3 } }])
        const rs = (out[2] as { ok: StatementOutcome }).ok.resultSets[0]!
        expect(rs.columns.map((col) => col.name)).toEqual(['id', 'u', 'd', 's', 'b', 'ts'])
        expect(rs.rows).toEqual([
          [-9223372036854775808n, 18446744073709551615n, dec(-123456789012345678901n, 9), 'привет', bytes('bytes'), 4291747199999999n],
          [7n, 0n, dec(500000000n, 9), '', new Uint8Array(0), 0n],
          [9223372036854775807n, null, null, null, null, null],
        ])
        expect((await c.describeTable('/local/orders'))?.columns.map((col) => col.name)).toEqual(['id', 'u', 'd', 's', 'b', 'ts'])
      })

      it('parameters, aggregates, UPDATE/DELETE row counts', async () => {
        const out = await run(c, `
          CREATE TABLE kv (k Uint32, v Utf8, n Int64, PRIMARY KEY (k));
          UPSERT INTO kv (k, v, n) VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
          UPDATE kv SET n = n + $delta WHERE k >= 2;
          DELETE FROM kv WHERE k = 1;
          SELECT COUNT(*) AS c, SUM(n) AS s FROM kv;
          SELECT k, v FROM kv WHERE v = $name;
        `, new Map<string, Value>([['$delta', 5n], ['$name', 'c']]))
        expect(out.map((o) => ('ok' in o ? o.ok.rowsAffected : o.error))).toEqual([undefined, 3, 2, 1, undefined, undefined])
        expect(rowsOf(out[4])).toEqual([[2n, 60n]])
        expect(rowsOf(out[5])).toEqual([[3, 'c']])
      })

      it('error codes: duplicate key, missing table, existing table, dropping twice', async () => {
        const out = await run(c, `
          CREATE TABLE e (k Uint32, PRIMARY KEY (k));
          INSERT INTO e (k) VALUES (1);
          INSERT INTO e (k) VALUES (1);
          SELECT * FROM missing_table;
          CREATE TABLE e (k Uint32, PRIMARY KEY (k));
          DROP TABLE e;
          DROP TABLE e;
        `)
        expect(out.map((o) => ('error' in o ? o.error : 'ok'))).toEqual([
          'ok', 'ok', 'exec/duplicate-key', 'scheme/path-not-found', 'scheme/path-exists', 'ok', 'scheme/path-not-found',
        ])
      })

      it('relative names resolve against the path prefix', async () => {
        const out = await run(c, 'CREATE TABLE rel (k Uint32, PRIMARY KEY (k)); UPSERT INTO rel (k) VALUES (5); SELECT k FROM rel;', undefined, '/local/sub')
        expect(rowsOf(out[2])).toEqual([[5]])
        expect((await c.describePath('/local/sub/rel'))?.type).toBe('table')
      })
    })

    describe('bulkUpsert and snapshot', () => {
      it('reads back every type exactly, in primary-key order, from a consistent snapshot', async () => {
        await c.createTable('/local/bulk/all', ALL_TYPES)
        // Out of key order, and written twice: BulkUpsert replaces.
        await c.bulkUpsert('/local/bulk/all', [ALL_ROWS[2]!, ALL_ROWS[0]!])
        await c.bulkUpsert('/local/bulk/all', [ALL_ROWS[1]!, ALL_ROWS[0]!])
        const snap = await c.snapshot()
        try {
          // Written after the snapshot: not seen by it.
          await c.bulkUpsert('/local/bulk/all', [[4, ...TYPE_CASES.map(() => null)]])
          expect(snap.describeTable('/local/bulk/all')).toEqual(ALL_TYPES)
          const got: Row[] = []
          for await (const batch of snap.readTable('/local/bulk/all', { batchRows: 2 })) got.push(...batch)
          expect(got).toEqual(ALL_ROWS)
        } finally {
          snap.release()
        }
        await u.settle?.()
        expect(await codeOf(c.bulkUpsert('/local/bulk/none', [[1]]))).toBe('scheme/path-not-found')
      })

      it('streams many rows in key order', async () => {
        const s: TableSchema = { columns: [{ name: 'k', type: primitive('Uint64'), notNull: true }, { name: 'v', type: primitive('Utf8'), notNull: false }], primaryKey: ['k'], indexes: [] }
        await c.createTable('/local/bulk/many', s)
        const rows: Row[] = Array.from({ length: 3000 }, (_, i) => [BigInt((i * 7919) % 3000), `v${i}`])
        await c.bulkUpsert('/local/bulk/many', rows)
        const snap = await c.snapshot()
        const keys: bigint[] = []
        try {
          for await (const batch of snap.readTable('/local/bulk/many', { batchRows: 500 })) for (const r of batch) keys.push(r[0] as bigint)
        } finally {
          snap.release()
        }
        await u.settle?.()
        expect(keys).toEqual(Array.from({ length: 3000 }, (_, i) => BigInt(i)))
      })
    })

    describe('consistentCopy', () => {
      it('copies several tables at one point, without change capture', async () => {
        await run(c, `
          CREATE TABLE cc_a (k Uint32, v Utf8, PRIMARY KEY (k));
          CREATE TABLE cc_b (k Uint32, n Int64, PRIMARY KEY (k));
          UPSERT INTO cc_a (k, v) VALUES (1, 'x'), (2, 'y');
          UPSERT INTO cc_b (k, n) VALUES (1, -1);
        `)
        await c.consistentCopy(
          [{ src: '/local/cc_a', dst: '/local/copies/one/cc_a' }, { src: '/local/cc_b', dst: '/local/copies/one/cc_b' }],
          {},
        )
        await run(c, "UPSERT INTO cc_a (k, v) VALUES (3, 'z');")
        const out = await run(c, 'SELECT k, v FROM `/local/copies/one/cc_a` ORDER BY k; SELECT k, n FROM `/local/copies/one/cc_b`;')
        expect(rowsOf(out[0])).toEqual([[1, 'x'], [2, 'y']])
        expect(rowsOf(out[1])).toEqual([[1, -1n]])
        expect(await c.describeTable('/local/copies/one/cc_b')).toEqual(await c.describeTable('/local/cc_b'))
        expect(await codeOf(c.consistentCopy([{ src: '/local/cc_missing', dst: '/local/copies/two/x' }], {}))).toBe('scheme/path-not-found')
        expect(await c.describePath('/local/copies/two/x')).toBeUndefined()
      })
    })

    it('lists the tables it made at the root', async () => {
      expect(visible(await c.listDirectory(DB))).toEqual(
        ['bulk:directory', 'cc_a:table', 'cc_b:table', 'copies:directory', 'kv:table', 'orders:table', 'sub:directory', 'types:directory'],
      )
    })

    it('has every primitive type in its type test', () => {
      expect(new Set(TYPE_CASES.filter((t) => t.type.kind === 'Primitive').map((t) => (t.type as { name: string }).name))).toEqual(new Set(PRIMITIVE_TYPE_NAMES))
    })
  })
}
