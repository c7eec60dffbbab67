// A real embedded database and a real directory for the transfer tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedCluster, type EmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { FsStorage } from '../../src/backends/storage/fs/fs-backend.js'
import type { TableSchema } from '../../src/types/table-schema.js'
import { decimal, primitive as p } from '../../src/types/ydb-type.js'
import type { Row } from '../../src/types/value.js'

export interface World {
  readonly cluster: EmbeddedCluster
  readonly dir: string
  storage(name: string): FsStorage
  close(): Promise<void>
}

export async function openWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'transfer-'))
  const cluster = await openEmbeddedCluster({ dataDir: join(dir, 'db') })
  const storages: FsStorage[] = []
  return {
    cluster,
    dir,
    storage(name) {
      const s = new FsStorage(join(dir, name), { fsync: false })
      storages.push(s)
      return s
    },
    async close() {
      for (const s of storages) await s.close()
      await cluster.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const ORDERS: TableSchema = {
  columns: [
    { name: 'id', type: p('Uint64'), notNull: true },
    { name: 'name', type: p('Utf8'), notNull: false },
    { name: 'blob', type: p('String'), notNull: false },
    { name: 'price', type: decimal(22, 9), notNull: false },
    { name: 'at', type: p('Timestamp'), notNull: false },
    { name: 'ok', type: p('Bool'), notNull: false },
    { name: 'score', type: p('Double'), notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [{ name: 'by_name', columns: ['name'], cover: [], unique: false, mode: 'SYNC' }],
}

export function orderRow(i: number): Row {
  return [
    BigInt(i),
    i % 7 === 0 ? null : `name, "${i}" Ж\n`,
    Uint8Array.of(i & 255, 0, 44, 10),
    { kind: 'Decimal', unscaled: BigInt(i) * 1_000_000_001n, scale: 9 },
    1_600_000_000_000_000n + BigInt(i),
    i % 2 === 0,
    i / 8,
  ]
}

export const SMALL: TableSchema = {
  columns: [
    { name: 'k', type: p('Utf8'), notNull: true },
    { name: 'v', type: p('Int32'), notNull: false },
  ],
  primaryKey: ['k'],
  indexes: [],
}

/** Every row of a table, in key order. */
export async function readAll(cluster: EmbeddedCluster, path: string): Promise<Row[]> {
  const snap = await cluster.snapshot()
  try {
    const out: Row[] = []
    for await (const b of snap.readTable(path)) out.push(...b)
    return out
  } finally {
    snap.release()
  }
}

/** /local/shop/orders (n rows), /local/shop/misc/small, /local/shop/empty, /local/shop/.hidden/t. */
export async function populate(cluster: EmbeddedCluster, n: number): Promise<void> {
  await cluster.createTable('/local/shop/orders', ORDERS)
  for (let i = 0; i < n; i += 1000) await cluster.bulkUpsert('/local/shop/orders', Array.from({ length: Math.min(1000, n - i) }, (_, k) => orderRow(i + k)))
  await cluster.createTable('/local/shop/misc/small', SMALL)
  await cluster.bulkUpsert('/local/shop/misc/small', [['a', 1], ['b,c', null], ['', -5]])
  await cluster.makeDirectory('/local/shop/empty')
  await cluster.createTable('/local/shop/.hidden/t', SMALL)
}
