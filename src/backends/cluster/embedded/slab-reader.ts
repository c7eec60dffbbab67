// Parallel reads of one table for dumps: another thread opens the same LMDB
// environment and reads a table in slabs (every k-th run of `slabRows` rows),
// on a snapshot that must be the dumping thread's one. LMDB has no way to share
// a read transaction across threads, so the reader checks instead: every
// commit bumps the commit counter (database.ts), so a snapshot with the same
// counter holds the same data. A mismatch is reported and the caller reads
// in its own thread.
import type { Database, Transaction } from 'lmdb'
import { ReadTxnImpl } from './read-txn.js'
import { META_SEQ, openStore, type Store } from './store.js'
import { idPrefix, type TableRuntime } from './table-runtime.js'

const stores = new Map<string, Store>()

// Rows without a Buffer per key and value: a second handle on the `rows`
// sub-database whose key reader and value decoder hand lmdb's own buffers to
// the current callback (valid only during it).
type RawRow = (key: Uint8Array, ks: number, value: Uint8Array) => void
let rawOnRow: RawRow | undefined
let rawKey: Uint8Array = new Uint8Array(0)
let rawKs = 0
let rawKe = 0
const rawDbs = new Map<Store, Database<unknown, Buffer>>()
function rawRows(s: Store): Database<unknown, Buffer> {
  let db = rawDbs.get(s)
  if (!db) {
    db = s.root.openDB<unknown, Buffer>('rows', {
      create: false,
      keyEncoder: {
        writeKey: (k: Buffer, target: Buffer, start: number) => start + k.copy(target, start),
        readKey: (b: Uint8Array, start: number, end: number) => {
          rawKey = b
          rawKs = start
          rawKe = end
          return 1
        },
      },
      encoder: {
        encode: (v: Buffer) => v,
        decode: (b: Uint8Array) => {
          rawOnRow!(rawKey, rawKs, b)
          return 1
        },
      },
    } as unknown as Parameters<typeof s.root.openDB>[1])
    rawDbs.set(s, db)
  }
  return db
}

/** A read snapshot in this thread, pinned to the commit counter the dump saw. */
export interface SlabReader {
  readonly table: TableRuntime
  /**
   * Skips `skip` rows after `after` (the table start when undefined), then
   * hands up to `limit` rows' stored key and value to `onRow` (the buffers are
   * valid during the call only). Returns the last key read, undefined at the end.
   */
  read(after: Buffer | undefined, skip: number, limit: number, onRow: (key: Buffer, value: Buffer) => void): Buffer | undefined
  /**
   * read() without copies: `key[ks…]` (the stored key, table id first) and
   * `value` are lmdb's buffers, valid during the call only.
   */
  readRaw(after: Buffer | undefined, skip: number, limit: number, onRow: (key: Uint8Array, ks: number, value: Uint8Array) => void): Buffer | undefined
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
  const reader = slabReaderOn(s, txn, path, release)
  if (!reader) {
    release()
    return `no table ${path}`
  }
  return reader
}

/**
 * A SlabReader on a read transaction this thread already holds (the dump's
 * own snapshot); `release` is what release() does (nothing by default).
 */
export function slabReaderOn(s: Store, txn: Transaction, path: string, release: () => void = () => undefined): SlabReader | undefined {
  const table = new ReadTxnImpl(s, txn).resolveTable(path)
  if (!table) return undefined
  const end = idPrefix(table.id + 1)
  // rows after `after` (the table's first when undefined), `skip` stepped over, at most `limit`
  const range = (after: Buffer | undefined, skip: number, limit: number): Parameters<typeof s.rows.getRange>[0] =>
    ({ start: after ?? table.prefix, end, offset: skip, limit, transaction: txn, ...(after ? { exclusiveStart: true } : {}) }) as Parameters<typeof s.rows.getRange>[0]
  return {
    table,
    read(after, skip, limit, onRow) {
      let last: Buffer | undefined
      for (const { key, value } of s.rows.getRange(range(after, skip, limit))) {
        onRow(key, value)
        last = key
      }
      return last
    },
    readRaw(after, skip, limit, onRow) {
      const raw = rawRows(s)
      let n = 0
      let last: Buffer | undefined
      rawOnRow = (key, ks, value) => {
        onRow(key, ks, value)
        // the key buffer is overwritten by the next step: keep the last one
        if (++n === limit) last = Buffer.from(key.subarray(ks, rawKe))
      }
      try {
        for (const _ of raw.getRange(range(after, skip, limit))) {
          // rows are handled in the decoder callback
        }
      } finally {
        rawOnRow = undefined
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
