// Table statements through the YDB backend end to end: parsed here, printed
// back to YQL by the backend, sent with ExecuteSchemeQuery/ExecuteDataQuery
// through ydb-sdk, parsed again and executed by the embedded engine behind the
// test server. Every script is also run on a second embedded cluster directly;
// both backends must give the same result sets, row counts and error codes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableStatement } from '../../../src/ast/nodes.js'
import type { ClusterBackend, StatementOutcome } from '../../../src/backends/cluster/cluster-backend.js'
import { openEmbeddedCluster, type EmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { SourceText } from '../../../src/source/source-text.js'
import { parseScript } from '../../../src/syntax/parse.js'
import type { Value } from '../../../src/types/value.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness
let direct: EmbeddedCluster
let dir: string

type Outcome = { ok: StatementOutcome } | { error: string }

async function run(cluster: ClusterBackend, sql: string, parameters?: ReadonlyMap<string, Value>, pathPrefix = '/local'): Promise<Outcome[]> {
  const { script, diagnostics } = parseScript(new SourceText(sql))
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const out: Outcome[] = []
  for (const e of script.statements) {
    try {
      const ok = await cluster.executeStatement(e.statement as TableStatement, { pathPrefix, ...(parameters ? { parameters } : {}) })
      out.push({ ok })
    } catch (err) {
      if (!(err instanceof YqlError)) throw err
      out.push({ error: err.diagnostics[0]!.code })
    }
  }
  return out
}

/** Runs on both backends and returns the YDB backend's outcomes after checking they agree. */
async function both(sql: string, parameters?: ReadonlyMap<string, Value>, pathPrefix?: string): Promise<Outcome[]> {
  const viaYdb = await run(h.cluster, sql, parameters, pathPrefix)
  const plain = await run(direct, sql, parameters, pathPrefix)
  expect(viaYdb).toEqual(plain)
  return viaYdb
}

beforeAll(async () => {
  h = await startHarness()
  dir = mkdtempSync(join(tmpdir(), 'ydb-direct-'))
  direct = await openEmbeddedCluster({ dataDir: dir, database: '/local' })
})

afterAll(async () => {
  await h?.close()
  await direct?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('table statements through ydb-sdk agree with the embedded cluster', () => {
  it('CREATE TABLE, UPSERT and SELECT of Int64/Uint64/Decimal/Utf8/String/Timestamp', async () => {
    const out = await both(`
      CREATE TABLE orders (id Int64 NOT NULL, u Uint64, d Decimal(22,9), s Utf8, b String, ts Timestamp, PRIMARY KEY (id));
      UPSERT INTO orders (id, u, d, s, b, ts) VALUES
        (-9223372036854775807 - 1, 18446744073709551615ul, Decimal('-123456789012.345678901', 22, 9), 'привет'u, 'bytes', Timestamp('2105-12-31T23:59:59.999999Z')),
        (7, 0ul, Decimal('0.5', 22, 9), ''u, '', Timestamp('1970-01-01T00:00:00Z')),
        (9223372036854775807, NULL, NULL, NULL, NULL, NULL);
      SELECT id, u, d, s, b, ts FROM orders ORDER BY id;
    `)
    const rows = (out[2] as { ok: StatementOutcome }).ok.resultSets[0]!.rows
    expect(rows).toEqual([
      [-9223372036854775808n, 18446744073709551615n, { kind: 'Decimal', unscaled: -123456789012345678901n, scale: 9 }, 'привет', new TextEncoder().encode('bytes'), 4291747199999999n],
      [7n, 0n, { kind: 'Decimal', unscaled: 500000000n, scale: 9 }, '', new Uint8Array(0), 0n],
      [9223372036854775807n, null, null, null, null, null],
    ])
    // And the table the YDB backend sees is the one CREATE TABLE described.
    expect((await h.cluster.describeTable('/local/orders'))?.columns.map((c) => c.name)).toEqual(['id', 'u', 'd', 's', 'b', 'ts'])
  })

  it('parameters, aggregates, UPDATE/DELETE row counts', async () => {
    const out = await both(
      `
      CREATE TABLE kv (k Uint32, v Utf8, n Int64, PRIMARY KEY (k));
      UPSERT INTO kv (k, v, n) VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
      UPDATE kv SET n = n + $delta WHERE k >= 2;
      DELETE FROM kv WHERE k = 1;
      SELECT COUNT(*) AS c, SUM(n) AS s FROM kv;
      SELECT k, v FROM kv WHERE v = $name;
    `,
      new Map<string, Value>([['$delta', 5n], ['$name', 'c']]),
    )
    expect(out.map((o) => ('ok' in o ? o.ok.rowsAffected : o.error))).toEqual([undefined, 3, 2, 1, undefined, undefined])
    expect((out[4] as { ok: StatementOutcome }).ok.resultSets[0]!.rows).toEqual([[2n, 60n]])
    expect((out[5] as { ok: StatementOutcome }).ok.resultSets[0]!.rows).toEqual([[3, 'c']])
  })

  it('errors carry the same codes: duplicate key, missing table, existing table', async () => {
    const out = await both(`
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
})

describe('relative names', () => {
  it('resolve against the path prefix (sent as PRAGMA TablePathPrefix)', async () => {
    const out = await both("CREATE TABLE rel (k Uint32, PRIMARY KEY (k)); UPSERT INTO rel (k) VALUES (5); SELECT k FROM rel;", undefined, '/local/sub')
    expect((out[2] as { ok: StatementOutcome }).ok.resultSets[0]!.rows).toEqual([[5]])
    expect((await h.cluster.describePath('/local/sub/rel'))?.type).toBe('table')
  })
})

describe('scheme views agree with the embedded cluster', () => {
  it('lists and describes the same tables', async () => {
    const names = async (c: ClusterBackend) => (await c.listDirectory('/local')).filter((e) => !e.name.startsWith('.')).map((e) => `${e.name}:${e.type}`)
    expect(await names(h.cluster)).toEqual(await names(direct))
    for (const t of ['/local/orders', '/local/kv']) expect(await h.cluster.describeTable(t)).toEqual(await direct.describeTable(t))
  })
})
