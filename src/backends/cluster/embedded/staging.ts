// Staged data: long operations (consistent copy, restore) write table data in
// many small transactions under fresh ids that no catalogue entry points to yet,
// and publish them in one final transaction. A marker in the meta database
// records what was staged and by which process, so that a killed operation's
// leftovers are removed by the next one (nothing half-made is ever visible).
import { decodeJson, encodeJson } from './catalog.js'
import type { EmbeddedDb } from './database.js'
import { STAGING_PREFIX } from './store.js'
import type { WriteTxnImpl } from './write-txn.js'
import { processAlive } from '../process-alive.js'

/** What one operation staged. */
export interface StagingMarker {
  readonly key: string
  readonly pid: number
  readonly startedAt: number
  /** Ids of staged row and index data. */
  readonly ids: readonly number[]
  /** Pending change-capture streams this operation added: table path → stream id. */
  readonly streams: readonly { readonly path: string; readonly id: number }[]
}

const markerKey = (key: string): Buffer => Buffer.from(STAGING_PREFIX + key)

export function putMarker(tx: WriteTxnImpl, m: StagingMarker): void {
  tx.store.meta.putSync(markerKey(m.key), encodeJson(m))
}

export function deleteMarker(tx: WriteTxnImpl, key: string): void {
  tx.store.meta.removeSync(markerKey(key))
}

/** Removes everything a marker staged, and the marker. */
export function discardStaged(tx: WriteTxnImpl, m: StagingMarker): void {
  const store = tx.store
  for (const id of m.ids) {
    tx.removeId(store.rows, id)
    tx.removeId(store.index, id)
  }
  for (const s of m.streams) {
    tx.removeId(store.changes, s.id)
    const e = tx.entry(s.path)
    if (e?.type === 'table' && e.streams?.some((x) => x.id === s.id)) {
      tx.setStreams(s.path, e.streams.filter((x) => x.id !== s.id))
    }
  }
  deleteMarker(tx, m.key)
}

/** Discards the staged data of operations whose process is gone. */
export function collectGarbage(db: EmbeddedDb): number {
  const store = db.store
  const start = Buffer.from(STAGING_PREFIX)
  const end = Buffer.from(STAGING_PREFIX.slice(0, -1) + String.fromCharCode(STAGING_PREFIX.charCodeAt(STAGING_PREFIX.length - 1) + 1))
  const dead = [...store.meta.getRange({ start, end })]
    .map(({ value }) => decodeJson<StagingMarker>(value))
    .filter((m) => !processAlive(m.pid))
  if (dead.length === 0) return 0
  db.writeInternal((tx) => {
    for (const m of dead) discardStaged(tx, m)
  })
  return dead.length
}
