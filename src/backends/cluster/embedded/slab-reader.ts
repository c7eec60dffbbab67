// Parallel reads of one table for dumps: another thread opens the same LMDB
// environment and reads a table in slabs (every k-th run of `slabRows` rows),
// on a snapshot that must be the dumping thread's one. LMDB has no way to share
// a read transaction across threads, so the reader checks instead: every
// commit bumps the commit counter (database.ts), so a snapshot with the same
// counter holds the same data. A mismatch is reported and the caller reads
// in its own thread.
import type { Transaction } from 'lmdb'
import { ReadTxnImpl } from './read-txn.js'
import { META_SEQ, openStore, type Store } from './store.js'
import { idPrefix, type TableRuntime } from './table-runtime.js'

const stores = new Map<string, Store>()

/** A read snapshot in this thread, pinned to the commit counter the dump saw. */
export interface SlabReader {
  readonly table: TableRuntime
  /**
   * Skips `skip` rows after `after` (the table start when undefined), then
   * hands up to `limit` rows' stored key and value to `onRow` (the buffers are
   * valid during the call only). Returns the last key read, undefined at the end.
   */
  read(after: Buffer | undefined, skip: number, limit: number, onRow: (key: Buffer, value: Buffer) => void): Buffer | undefined
  release(): void
}

/**
 * Opens `path`'s table in the database at `dataDir` on a snapshot whose commit
 * counter is `seq`; returns a reason string when the data is not that snapshot's.
 */
export function openSlabReader(dataDir: string, path: string, seq: bigint): SlabReader | string {
  let store = stores.get(dataDir)
  if (!store) {
    store = openStore(dataDir)
    stores.set(dataDir, store)
  }
  const s = store
  s.root.resetReadTxn()
  const txn: Transaction = s.root.useReadTransaction()
  let released = false
  const release = (): void => {
    if (!released) txn.done()
    released = true
  }
  const raw = s.meta.get(META_SEQ, { transaction: txn })
  const at = raw ? raw.readBigUInt64BE(0) : 0n
  if (at !== seq) {
    release()
    return `snapshot moved (commit ${at}, dump at ${seq})`
  }
  const table = new ReadTxnImpl(s, txn).resolveTable(path)
  if (!table) {
    release()
    return `no table ${path}`
  }
  const end = idPrefix(table.id + 1)
  return {
    table,
    read(after, skip, limit, onRow) {
      let last: Buffer | undefined
      const range = s.rows.getRange({
        start: after ?? table.prefix,
        end,
        offset: skip,
        limit,
        transaction: txn,
        ...(after ? { exclusiveStart: true } : {}),
      } as Parameters<typeof s.rows.getRange>[0])
      for (const { key, value } of range) {
        onRow(key, value)
        last = key
      }
      return last
    },
    release,
  }
}

/** Closes the environments this thread opened (a worker's last act). */
export async function closeSlabReaders(): Promise<void> {
  for (const s of stores.values()) await s.root.close()
  stores.clear()
}
