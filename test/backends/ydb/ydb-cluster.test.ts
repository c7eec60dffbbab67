// The YDB backend through the real ydb-sdk client, against the YDB-protocol
// test server (test/support/ydb-server) on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openYdbCluster, type YdbCluster } from '../../../src/backends/cluster/ydb/ydb-cluster.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import type { Row } from '../../../src/types/value.js'
import { MemoryBacking } from '../../support/ydb-server/memory-backing.js'
import { startYdbTestServer, type YdbTestServer } from '../../support/ydb-server/ydb-test-server.js'

const DB = '/local'
let server: YdbTestServer
let backing: MemoryBacking
let cluster: YdbCluster

const P = (t: string, name: string) => ({ name, type: { kind: 'Primitive' as const, name: t as never }, notNull: false })

const typesSchema: TableSchema = {
  columns: [
    { ...P('Int64', 'id'), notNull: true },
    P('Uint64', 'u'),
    { name: 'd', type: { kind: 'Decimal', precision: 22, scale: 9 }, notNull: false },
    P('Utf8', 's'),
    P('String', 'b'),
    P('Timestamp', 'ts'),
  ],
  primaryKey: ['id'],
  indexes: [],
}

beforeAll(async () => {
  backing = new MemoryBacking(DB)
  server = await startYdbTestServer({ backing })
  cluster = await openYdbCluster({ endpoint: server.endpoint, database: DB, env: {} })
})

afterAll(async () => {
  await cluster?.close()
  await server?.stop()
})

describe('YdbCluster scheme calls', () => {
  it('creates, describes and lists a table', async () => {
    await cluster.createTable('/local/dir/types', typesSchema)
    const schema = await cluster.describeTable('/local/dir/types')
    expect(schema).toEqual(typesSchema)
    expect(await cluster.listDirectory('/local')).toEqual([{ path: '/local/dir', name: 'dir', type: 'directory', owner: 'root@builtin' }])
    expect((await cluster.describePath('/local/dir/types'))?.type).toBe('table')
    expect(await cluster.describePath('/local/nope')).toBeUndefined()
    expect(await cluster.describeTable('/local/nope')).toBeUndefined()
  })
})

describe('YdbCluster data', () => {
  it('round-trips Int64/Uint64/Decimal/Utf8/String/Timestamp through BulkUpsert and StreamReadTable', async () => {
    const rows: Row[] = [
      [-9223372036854775808n, 18446744073709551615n, { kind: 'Decimal', unscaled: -123456789012345678901n, scale: 9 }, 'привет', new Uint8Array([0, 255, 7]), 4291747199999999n],
      [0n, 0n, { kind: 'Decimal', unscaled: 0n, scale: 9, special: 'inf' }, '', new Uint8Array(0), 0n],
      [9223372036854775807n, null, null, null, null, null],
    ]
    await cluster.bulkUpsert('/local/dir/types', rows)
    const snap = await cluster.snapshot()
    const got: Row[] = []
    for await (const b of snap.readTable('/local/dir/types')) got.push(...b)
    snap.release()
    expect(got).toEqual(rows)
  })
})
