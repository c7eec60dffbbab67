// The backups of a collection as a result set (extension; YDB only shows the
// `.backups/collections/<c>` tree): name, kind, time, chain, tables, rows,
// bytes, status. Rows and bytes are counted from one consistent snapshot.
import type { ClusterBackend, ResultSet } from '../backends/cluster/cluster-backend.js'
import { BackendErrorCode } from '../backends/cluster/cluster-backend.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import { msg } from '../plan/messages.js'
import { parseStamp } from '../plan/naming.js'
import { parentPath } from '../plan/paths.js'
import { primitive } from '../types/ydb-type.js'
import type { Value } from '../types/value.js'
import { loadCollection, type StorageOpener } from './catalog-loader.js'

/** Approximate stored size of a value (what `bytes` adds up). */
export function valueBytes(v: Value): number {
  if (v === null) return 0
  if (typeof v === 'boolean') return 1
  if (typeof v === 'number' || typeof v === 'bigint') return 8
  if (typeof v === 'string') return Buffer.byteLength(v)
  if (v instanceof Uint8Array) return v.length
  return 16
}

const utf8 = { type: primitive('Utf8'), nullable: false }
const u64 = { type: primitive('Uint64'), nullable: false }

/** Lists the backups of the collection at `path`, oldest first. */
export async function listBackups(cluster: ClusterBackend, path: string, opener?: StorageOpener): Promise<ResultSet> {
  const info = await loadCollection(cluster, path, opener)
  if (!info) throw YqlError.of(BackendErrorCode.PathNotFound, msg.pathNotFound(path, parentPath(path)))
  const snap = await cluster.snapshot()
  const rows: Value[][] = []
  try {
    let chain: string | undefined
    for (const b of info.backups) {
      if (b.kind === 'full') chain = b.name
      let count = 0
      let bytes = 0
      for (const rel of b.inCluster === false ? [] : b.tables) {
        for await (const batch of snap.readTable(`${path}/${b.name}/${rel}`)) {
          count += batch.length
          for (const row of batch) for (const v of row) bytes += valueBytes(v)
        }
      }
      const where = b.inCluster === false ? ' (external storage only)' : b.inStorage ? ' (also in external storage)' : ''
      const status = (b.kind === 'incremental' && chain === undefined ? 'orphaned (no full backup before it)' : 'complete') + where
      rows.push([b.name, b.kind, BigInt(parseStamp(b.stamp).getTime()) * 1000n, chain ?? null, b.tables.length, BigInt(count), BigInt(bytes), status])
    }
  } finally {
    snap.release()
  }
  return {
    columns: [
      { name: 'name', type: utf8 },
      { name: 'kind', type: utf8 },
      { name: 'time', type: { type: primitive('Timestamp'), nullable: false } },
      { name: 'chain', type: { type: primitive('Utf8'), nullable: true } },
      { name: 'tables', type: { type: primitive('Uint32'), nullable: false } },
      { name: 'rows', type: u64 },
      { name: 'bytes', type: u64 },
      { name: 'status', type: utf8 },
    ],
    rows,
  }
}
