// Copying a table while writers change it, without holding one LMDB read
// snapshot for the whole copy.
//
// A long-lived read snapshot is what slowed writers down most during a full
// backup (measured: +35% CPU per single-row UPSERT from merely holding one):
// LMDB cannot reuse any page freed after the oldest reader, so every writer
// commit extends the data file (new page-cache pages, page faults) and the free
// list grows for everyone afterwards.
//
// Instead, the copy starts a change stream on the source (the same capture
// incremental backups use: one record per changed key) in the transaction that
// allocates the staged copy, copies the rows raw in chunks, each chunk from a
// fresh short snapshot (so the copy is "fuzzy": chunks come from different
// points after the start), then replays the recorded keys: each replay reads
// the key's current source bytes inside a write transaction and puts them (or
// deletes the copy's key), removing the record in the same transaction. The
// publishing transaction replays what is left, so the copy equals the source at
// that commit, byte for byte; a change stream used for incrementals is empty
// then, i.e. capture starts exactly at the backup's point in time.
//
// Tables whose copy has indexes are copied from one snapshot per table (raw
// index entries copied from a different moment than the rows could leave stale
// entries), then replayed the same way, index entries maintained from the
// copy's old and new row.
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'
import { catalogKey, encodeJson } from './catalog.js'
import type { EmbeddedDb } from './database.js'
import type { WritePacer } from './pacing.js'
import type { ReadTxnImpl } from './read-txn.js'
import { idPrefix, type TableRuntime } from './table-runtime.js'
import type { WriteTxnImpl } from './write-txn.js'
import type { Database, Transaction } from 'lmdb'

const EMPTY = Buffer.alloc(0)
/** Replay chunks per table before the rest is left to the publishing transaction (writers faster than the replay). */
const MAX_REPLAY_CHUNKS = 200

const APPEND = { append: true } as const

/**
 * Puts keys that arrive in ascending order into a fresh id range: with LMDB's
 * append flag (no search, full pages) while they land past the end of the
 * sub-database, i.e. until a table with a newer id holds keys; then plainly.
 */
export class AppendingPut {
  private append = true
  constructor(private readonly db: Database<Buffer, Buffer>) {}

  put(key: Buffer, value: Buffer): void {
    if (this.append) {
      // lmdb-js's putSync returns whether it wrote (its typings say void).
      if ((this.db.putSync(key, value, APPEND) as unknown) === true) return
      this.append = false // the key is not past the end: LMDB refused it, nothing changed
    }
    this.db.putSync(key, value)
  }
}

/**
 * Copies up to `pacer.rows` keys of [start, end), read with `readOpts`, to the
 * same keys under the prefix `to` (raw: no decoding), in one paced write;
 * returns where the next chunk starts, or undefined when the range is done.
 */
export function copyChunk(
  pacer: WritePacer,
  sub: Database<Buffer, Buffer>,
  out: AppendingPut,
  readOpts: { transaction: Transaction } | undefined,
  start: Buffer,
  end: Buffer,
  to: Buffer,
  onChunk: (rows: number, bytes: number) => void,
): Buffer | undefined {
  const batch = [...sub.getRange({ start, end, limit: pacer.rows, ...readOpts })]
  const n = batch.length
  if (n === 0) return undefined
  // New keys are made before taking the lock, which is held for the puts only.
  let bytes = 0
  const keys = batch.map(({ key, value }) => {
    const k = Buffer.from(key)
    to.copy(k, 0)
    bytes += k.length + value.length
    return k
  })
  pacer.write(n, () => {
    for (let i = 0; i < n; i++) out.put(keys[i]!, batch[i]!.value)
  })
  onChunk(n, bytes)
  return Buffer.concat([batch[n - 1]!.key, Buffer.from([0])])
}

/** One source table being copied to a staged table. */
export interface LiveCopy {
  /** The source's normalised path. */
  readonly path: string
  readonly srcId: number
  /** The source's schema when the copy started (encodeJson), to detect ALTER TABLE. */
  readonly schema: Buffer
  /** The stream that records the keys changed since the copy started. */
  readonly streamId: number
  /** The staged copy (its prefix and index ids). */
  readonly target: TableRuntime
}

/**
 * Throws unless the source is still the table the copy started from, with the
 * same schema and its change stream: a dropped, re-created or altered table, or
 * a stream removed by DROP/ALTER BACKUP COLLECTION, would make the copy wrong.
 */
export function checkSource(tx: ReadTxnImpl, c: LiveCopy): void {
  const rt = tx.resolveTable(c.path)
  if (!rt || rt.id !== c.srcId || !rt.streams.some((s) => s.id === c.streamId) || !encodeJson(rt.schema).equals(c.schema)) {
    throw YqlError.of(
      BackendErrorCode.Busy,
      `Table ${c.path} was dropped, altered or lost its change capture while it was being backed up; the backup was not made`,
    )
  }
}

/**
 * Copies the source's rows raw to the staged table, in paced chunks, each read
 * from a fresh snapshot (held only for the chunk). Rows changed meanwhile are
 * fixed by replay().
 */
export async function copyLive(
  pacer: WritePacer,
  db: EmbeddedDb,
  c: LiveCopy,
  checkCancelled: () => void,
  onChunk: (rows: number, bytes: number) => void,
): Promise<void> {
  const sub = db.store.rows
  let start: Buffer = idPrefix(c.srcId)
  const end = idPrefix(c.srcId + 1)
  const to = c.target.prefix
  const out = new AppendingPut(sub)
  const entryKey = catalogKey(c.path)
  let checked: Buffer | undefined
  for (;;) {
    checkCancelled()
    const snap = db.hold()
    try {
      // The full check only when the source's catalogue entry changed since the last one.
      const entry = db.store.catalog.get(entryKey, snap.tx.opts)
      if (!entry || !checked || !entry.equals(checked)) {
        checkSource(snap.tx, c)
        checked = entry && Buffer.from(entry) // (lmdb-js may reuse the buffer it returned)
      }
      const next = copyChunk(pacer, sub, out, snap.tx.opts, start, end, to, onChunk)
      if (!next) return
      start = next
    } finally {
      snap.release()
    }
    await pacer.pause()
  }
}

/**
 * Inside a write transaction: brings the copy's rows (and index entries) of up
 * to `limit` recorded keys to the source's current state and removes their
 * records. Returns how many keys it replayed.
 */
export function replay(tx: WriteTxnImpl, c: LiveCopy, limit?: number): number {
  checkSource(tx, c)
  const { rows, index, changes } = tx.store
  const keys = [...changes.getKeys({ start: idPrefix(c.streamId), end: idPrefix(c.streamId + 1), ...(limit ? { limit } : {}) })]
  const t = c.target
  const src = idPrefix(c.srcId)
  for (const k of keys) {
    const pk = k.subarray(4)
    const copyKey = Buffer.concat([t.prefix, pk])
    if (t.indexes.length > 0) {
      const old = rows.get(copyKey)
      if (old !== undefined) {
        const row = t.decodeRow(copyKey, old)
        for (const ix of t.indexes) index.removeSync(t.indexKey(ix, row))
      }
    }
    const raw = rows.get(Buffer.concat([src, pk]))
    if (raw === undefined) rows.removeSync(copyKey)
    else {
      if (t.indexes.length > 0) {
        const row = t.decodeRow(copyKey, raw)
        for (const ix of t.indexes) index.putSync(t.indexKey(ix, row), EMPTY)
      }
      rows.putSync(copyKey, raw)
    }
    changes.removeSync(k)
  }
  return keys.length
}

/** Replays recorded keys in paced chunks until few are left (the publishing transaction replays the rest). */
export async function catchUp(pacer: WritePacer, c: LiveCopy, checkCancelled: () => void): Promise<void> {
  for (let i = 0; i < MAX_REPLAY_CHUNKS; i++) {
    checkCancelled()
    const limit = pacer.rows
    // n = 0: a replay chunk's hold time says nothing about a copy chunk's, so the chunk size is not adapted to it.
    const n = pacer.write(0, (tx) => replay(tx, c, limit))
    await pacer.pause()
    if (n < limit) return
  }
}
