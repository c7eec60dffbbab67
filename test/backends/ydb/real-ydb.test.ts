// The same calls against a real YDB, when one is reachable: set YDB_ENDPOINT
// (grpc://host:2136) and YDB_DATABASE (e.g. /local), plus credentials as the
// ydb CLI takes them. Everything happens under a fresh directory that is
// removed at the end. Without YDB_ENDPOINT the suite is skipped and says why.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openYdbCluster, type YdbCluster } from '../../../src/backends/cluster/ydb/ydb-cluster.js'
import { BackendErrorCode } from '../../../src/backends/cluster/cluster-backend.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import type { Row, Value } from '../../../src/types/value.js'
import type { ColumnType } from '../../../src/types/ydb-type.js'
import { col, TYPES_SCHEMA } from './types-table.js'

const endpoint = process.env.YDB_ENDPOINT
const title = endpoint ? `real YDB at ${endpoint}` : 'real YDB — skipped: no YDB server here (set YDB_ENDPOINT and YDB_DATABASE to run)'
if (!endpoint) process.stderr.write(`real-ydb.test.ts: skipped, no YDB server here (YDB_ENDPOINT is not set)\n`)

const schema = TYPES_SCHEMA
const rows: Row[] = [
  [-9223372036854775808n, 18446744073709551615n, { kind: 'Decimal', unscaled: -123456789012345678901n, scale: 9 }, 'привет', new Uint8Array([0, 255, 7]), 4291747199999999n],
  [9223372036854775807n, null, null, null, null, null],
]

describe.skipIf(!endpoint)(title, () => {
  let cluster: YdbCluster
  let dir: string

  beforeAll(async () => {
    cluster = await openYdbCluster({})
    dir = `${cluster.database}/yql-backup-test-${randomUUID().slice(0, 8)}`
    await cluster.makeDirectory(dir)
  })

  afterAll(async () => {
    if (cluster) {
      await cluster.removeDirectory(dir, { recursive: true }).catch(() => undefined)
      await cluster.close()
    }
  })

  it('creates, describes and lists a table', async () => {
    await cluster.createTable(`${dir}/types`, schema)
    const got = await cluster.describeTable(`${dir}/types`)
    expect(got?.columns.map((c) => [c.name, c.type, c.notNull])).toEqual(schema.columns.map((c) => [c.name, c.type, c.notNull]))
    expect(got?.primaryKey).toEqual(['id'])
    expect((await cluster.listDirectory(dir)).map((e) => `${e.name}:${e.type}`)).toEqual(['types:table'])
    expect(await cluster.describeTable(`${dir}/missing`)).toBeUndefined()
  })

  it('upserts with typed parameters and selects the values back', async () => {
    const types = new Map<string, ColumnType>(schema.columns.map((c) => [`$${c.name}`, { type: c.type, nullable: !c.notNull }]))
    const params = new Map<string, Value>(schema.columns.map((c, i) => [`$${c.name}`, rows[0]![i]!]))
    await cluster.executeDataYql(`UPSERT INTO \`${dir}/types\` (id, u, d, s, b, ts) VALUES ($id, $u, $d, $s, $b, $ts);`, params, undefined, types)
    const out = await cluster.executeDataYql(`SELECT id, u, d, s, b, ts FROM \`${dir}/types\` ORDER BY id;`)
    expect(out.resultSets[0]!.rows).toEqual([rows[0]])
  })

  it('bulk-upserts 10k rows and reads them from a consistent snapshot', async () => {
    const kv: TableSchema = { columns: [col('k', 'Uint64', true), col('v', 'Utf8')], primaryKey: ['k'], indexes: [] }
    await cluster.createTable(`${dir}/big`, kv)
    const many: Row[] = Array.from({ length: 10_000 }, (_, i) => [BigInt(i), `v${i}`])
    await cluster.bulkUpsert(`${dir}/big`, many)
    await cluster.bulkUpsert(`${dir}/types`, rows)
    const snap = await cluster.snapshot({ under: [dir] })
    const got: Row[] = []
    for await (const b of snap.readTable(`${dir}/big`)) got.push(...b)
    expect(got).toEqual(many)
    const t: Row[] = []
    for await (const b of snap.readTable(`${dir}/types`)) t.push(...b)
    expect(t).toEqual(rows)
    snap.release()
    await cluster.whenReleased()
  })

  it('copies tables consistently with CopyTables', async () => {
    await cluster.consistentCopy([{ src: `${dir}/big`, dst: `${dir}/copy/big` }], {})
    expect((await cluster.describePath(`${dir}/copy/big`))?.type).toBe('table')
    const err = await cluster.consistentCopy([{ src: `${dir}/big`, dst: `${dir}/copy/big` }], {}).catch((e: unknown) => e)
    expect((err as { diagnostics: { code: string }[] }).diagnostics[0]!.code).toMatch(new RegExp(`${BackendErrorCode.PathExists}|${BackendErrorCode.SchemeError}`))
  })

  it('lists backup operations through the Operation service', async () => {
    const ops = await cluster.operations.list('incbackup')
    expect(Array.isArray(ops)).toBe(true)
  })
})
