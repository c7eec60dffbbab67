// The YDB backend's scheme and data calls through the real ydb-sdk client,
// against the YDB-protocol test server (test/support/ydb-server) on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BackendErrorCode } from '../../../src/backends/cluster/cluster-backend.js'
import { YdbErrorCode } from '../../../src/backends/cluster/ydb/ydb-errors.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import type { Row } from '../../../src/types/value.js'
import { startHarness, type Harness } from './harness.js'
import { col, TYPES_SCHEMA } from './types-table.js'

let h: Harness

const typesSchema = TYPES_SCHEMA

const kvSchema: TableSchema = {
  columns: [col('k', 'Uint64', true), col('v', 'Utf8')],
  primaryKey: ['k'],
  indexes: [{ name: 'by_v', columns: ['v'], cover: [], unique: false, mode: 'SYNC' }],
}

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p
    return undefined
  } catch (e) {
    expect(e).toBeInstanceOf(YqlError)
    return (e as YqlError).diagnostics[0]?.code
  }
}

const readAll = async (it: AsyncIterable<readonly Row[]>): Promise<{ rows: Row[]; batches: number }> => {
  const rows: Row[] = []
  let batches = 0
  for await (const b of it) {
    rows.push(...b)
    batches++
  }
  return { rows, batches }
}

beforeAll(async () => {
  h = await startHarness()
})

afterAll(async () => {
  await h?.close()
})

describe('scheme', () => {
  it('creates, describes and lists a table; missing paths are undefined', async () => {
    await h.cluster.createTable('/local/dir/types', typesSchema)
    expect(await h.cluster.describeTable('/local/dir/types')).toEqual(typesSchema)
    expect(await h.cluster.listDirectory('/local')).toEqual([{ path: '/local/dir', name: 'dir', type: 'directory', owner: 'root@builtin' }])
    expect(await h.cluster.describePath('/local/dir/types')).toMatchObject({ path: '/local/dir/types', name: 'types', type: 'table' })
    expect(await h.cluster.describePath('/local/nope')).toBeUndefined()
    expect(await h.cluster.describeTable('/local/nope')).toBeUndefined()
    // The SDK sent absolute paths and the database header.
    expect(String(h.server.lastMetadata()?.get('x-ydb-database')[0])).toBe('/local')
  })

  it('keeps indexes, NOT NULL and TTL through CreateTable/DescribeTable', async () => {
    const s: TableSchema = {
      ...kvSchema,
      columns: [...kvSchema.columns, col('at', 'Timestamp')],
      ttl: { column: 'at', expireAfterSeconds: 3600 },
    }
    await h.cluster.createTable('/local/ttl_t', s)
    expect(await h.cluster.describeTable('/local/ttl_t')).toEqual(s)
    await h.cluster.dropTable('/local/ttl_t')
    expect(await h.cluster.describePath('/local/ttl_t')).toBeUndefined()
  })

  it('maps YDB statuses to stable codes', async () => {
    expect(await codeOf(h.cluster.createTable('/local/dir/types', typesSchema))).toBe(BackendErrorCode.PathExists)
    expect(await codeOf(h.cluster.dropTable('/local/missing'))).toBe(BackendErrorCode.PathNotFound)
    expect(await codeOf(h.cluster.listDirectory('/local/missing'))).toBe(BackendErrorCode.PathNotFound)
    expect(await codeOf(h.cluster.describeTable('/elsewhere/t'))).toBe(BackendErrorCode.BadRequest)
  })

  it('makes and removes directories, recursively', async () => {
    await h.cluster.makeDirectory('/local/a/b/c')
    await h.cluster.createTable('/local/a/b/t', kvSchema)
    expect((await h.cluster.listDirectory('/local/a/b')).map((e) => `${e.name}:${e.type}`)).toEqual(['c:directory', 't:table'])
    expect(await codeOf(h.cluster.removeDirectory('/local/a'))).toBe(BackendErrorCode.SchemeError)
    await h.cluster.removeDirectory('/local/a', { recursive: true })
    expect(await h.cluster.describePath('/local/a')).toBeUndefined()
  })
})

describe('data', () => {
  it('round-trips Int64/Uint64/Decimal/Utf8/String/Timestamp through BulkUpsert and StreamReadTable', async () => {
    const rows: Row[] = [
      [-9223372036854775808n, 18446744073709551615n, { kind: 'Decimal', unscaled: -123456789012345678901n, scale: 9 }, 'привет', new Uint8Array([0, 255, 7]), 4291747199999999n],
      [0n, 0n, { kind: 'Decimal', unscaled: 0n, scale: 9, special: 'inf' }, '', new Uint8Array(0), 0n],
      [9223372036854775807n, null, null, null, null, null],
    ]
    await h.cluster.bulkUpsert('/local/dir/types', rows)
    const snap = await h.cluster.snapshot()
    expect(snap.describeTable('/local/dir/types')).toEqual(typesSchema)
    expect((await readAll(snap.readTable('/local/dir/types'))).rows).toEqual(rows)
    snap.release()
  })

  it('bulk-upserts 10k rows and reads them back from a consistent snapshot, in key order', async () => {
    await h.cluster.createTable('/local/big', kvSchema)
    const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => [BigInt(9_999 - i) * 3n, `v${9_999 - i}`])
    h.server.calls.length = 0
    await h.cluster.bulkUpsert('/local/big', rows)
    expect(h.server.calls.filter((c) => c === 'Table/BulkUpsert')).toHaveLength(2) // 5000-row batches

    const snap = await h.cluster.snapshot()
    expect(h.server.calls.filter((c) => c === 'Table/CopyTables')).toHaveLength(1) // every table in one consistent copy
    // Writes after the snapshot are not seen by it.
    await h.cluster.bulkUpsert('/local/big', [[1n, 'late']])
    const { rows: got, batches } = await readAll(snap.readTable('/local/big', { batchRows: 1000 }))
    expect(batches).toBe(10)
    expect(got).toEqual([...rows].sort((a, b) => ((a[0] as bigint) < (b[0] as bigint) ? -1 : 1)))
    await expect(readAll(snap.readTable('/local/none'))).rejects.toThrow(/does not exist in the snapshot/)
    snap.release()
    await h.cluster.whenReleased()
    expect(await h.cluster.listDirectory('/local/.tmp/yql-backup')).toEqual([])
  })

  it('consistentCopy copies several tables with one CopyTables call', async () => {
    await h.cluster.createTable('/local/c1', kvSchema)
    await h.cluster.createTable('/local/c2', kvSchema)
    await h.cluster.bulkUpsert('/local/c1', [[1n, 'one'], [2n, 'two']])
    await h.cluster.bulkUpsert('/local/c2', [[3n, 'three']])
    h.server.calls.length = 0
    await h.cluster.consistentCopy(
      [{ src: '/local/c1', dst: '/local/bk/x/c1' }, { src: '/local/c2', dst: '/local/bk/x/c2' }],
      { omitIndexes: true },
    )
    expect(h.server.calls.filter((c) => c === 'Table/CopyTables')).toHaveLength(1)
    expect((await h.cluster.describeTable('/local/bk/x/c1'))?.indexes).toEqual([])
    const snap = await h.cluster.snapshot()
    expect((await readAll(snap.readTable('/local/bk/x/c1'))).rows).toEqual([[1n, 'one'], [2n, 'two']])
    expect((await readAll(snap.readTable('/local/bk/x/c2'))).rows).toEqual([[3n, 'three']])
    snap.release()
    // All or nothing: an existing destination fails the whole copy.
    expect(await codeOf(h.cluster.consistentCopy([{ src: '/local/c1', dst: '/local/c3' }, { src: '/local/c2', dst: '/local/bk/x/c2' }], {}))).toBe(BackendErrorCode.PathExists)
    expect(await h.cluster.describePath('/local/c3')).toBeUndefined()
  })

  it('retries idempotent reads on transient statuses, but not scheme changes', async () => {
    h.server.calls.length = 0
    h.server.failNext('Table/DescribeTable', 'UNAVAILABLE', 2)
    expect(await h.cluster.describeTable('/local/c1')).toEqual(kvSchema)
    expect(h.server.calls.filter((c) => c === 'Table/DescribeTable')).toHaveLength(3)

    h.server.calls.length = 0
    h.server.failNext('Table/CopyTables', 'UNAVAILABLE', 1)
    expect(await codeOf(h.cluster.consistentCopy([{ src: '/local/c1', dst: '/local/c9' }], {}))).toBe(YdbErrorCode.Unavailable)
    expect(h.server.calls.filter((c) => c === 'Table/CopyTables')).toHaveLength(1)
  })
})

describe('backup collections are server-side on YDB', () => {
  it('refuses the client-side collection methods with a clear error', async () => {
    expect(await codeOf(h.cluster.createBackupCollection('/local/.backups/collections/c', { tables: [], storage: 'cluster', incrementalBackupEnabled: false, omitIndexes: false })))
      .toBe(YdbErrorCode.ServerSideStatement)
    expect(await codeOf(h.cluster.consistentCopy([{ src: '/local/c1', dst: '/local/c8' }], { changeCapture: 's1' }))).toBe(YdbErrorCode.ServerSideStatement)
    expect(await codeOf(h.cluster.takeIncrementalBackup([], { nextStream: 's2' }))).toBe(YdbErrorCode.ServerSideStatement)
    expect(await codeOf(h.cluster.restore([], {}))).toBe(YdbErrorCode.ServerSideStatement)
    expect(await codeOf(h.cluster.dropBackupCollection('/local/.backups/collections/c'))).toBe(YdbErrorCode.ServerSideStatement)
    expect(await h.cluster.describeBackupCollection('/local/.backups/collections/none')).toBeUndefined()
    await expect(h.cluster.restore([], {})).rejects.toThrow(/carried out by the YDB server/)
  })
})

describe('snapshot scope', () => {
  it('copies only the tables under the given paths', async () => {
    h.server.calls.length = 0
    const snap = await h.cluster.snapshot({ under: ['/local/c1', '/local/bk'] })
    expect(snap.describeTable('/local/c1')).toEqual(kvSchema)
    expect(snap.describeTable('/local/bk/x/c2')).toEqual({ ...kvSchema, indexes: [] })
    expect(snap.describeTable('/local/c2')).toBeUndefined()
    expect((await readAll(snap.readTable('/local/bk/x/c2'))).rows).toEqual([[3n, 'three']])
    snap.release()
    await h.cluster.whenReleased()
  })
})
