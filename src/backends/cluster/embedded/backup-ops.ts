// The backup primitives of the ClusterBackend contract on the embedded engine:
// consistent copy (with change capture started at the backup's point in time),
// incremental backup (stream rotation + materialisation) and restore.
//
// Consistent copy and restore never hold the write lock for long: they write
// the copies in short chunks under staged ids (see staging.ts), paced so that
// other writers keep their share of LMDB's single write lock (pacing.ts), then
// publish everything in one short transaction. Consistent copy reads the
// source without a long-lived snapshot and replays the keys changed meanwhile
// (live-copy.ts); restore reads the (read-only) backup tables from a snapshot.
// Memory stays bounded by the chunk size (at most MAX_ROWS rows).
import type { TableSchema } from '../../../types/table-schema.js'
import type { Value } from '../../../types/value.js'
import { BackendErrorCode, type CopyItem, type LongOperationOptions, type RestoreItem } from '../cluster-backend.js'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { encodeJson, normalizePath } from './catalog.js'
import { decodeChange } from './change-record.js'
import type { EmbeddedDb, HeldSnapshot } from './database.js'
import { pathExists, precondition } from './errors.js'
import { IncrementalEncoder } from './incremental-encoder.js'
import { incrementalReader, incrementalRow, incrementalSchema } from './incremental-format.js'
import { AppendingPut, catchUp, checkSource, copyChunk, copyLive, replay, type LiveCopy } from './live-copy.js'
import { WritePacer } from './pacing.js'
import { collectGarbage, deleteMarker, discardStaged, putMarker, type StagingMarker } from './staging.js'
import { idPrefix, TableRuntime } from './table-runtime.js'
import type { WriteTxnImpl } from './write-txn.js'
import type { Database } from 'lmdb'

function checkCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'Operation cancelled')
}

/** A table staged under fresh ids. */
interface Staged {
  readonly path: string
  readonly schema: TableSchema
  readonly tableId: number
  readonly indexIds: Record<string, number>
}

const stagedRuntime = (s: Staged): TableRuntime =>
  new TableRuntime(s.path, { type: 'table', createdAt: 0, tableId: s.tableId, schema: s.schema, indexIds: s.indexIds }, true)

function allocStaged(tx: WriteTxnImpl, path: string, schema: TableSchema): Staged {
  const indexIds: Record<string, number> = {}
  const tableId = tx.allocId()
  for (const ix of schema.indexes) indexIds[ix.name] = tx.allocId()
  return { path, schema, tableId, indexIds }
}

/** Name of the temporary stream of a copy without change capture (it only records which keys changed). */
const COPY_STREAM = '__copy'

const stagedIds = (s: readonly Staged[]): number[] => s.flatMap((x) => [x.tableId, ...Object.values(x.indexIds)])

/**
 * Copies every key of [fromId prefix) in the snapshot to the same key under
 * `toId`, raw (no decoding), in paced chunks of write transactions.
 */
async function copyIdRange(
  pacer: WritePacer,
  snap: HeldSnapshot,
  sub: Database<Buffer, Buffer>,
  fromId: number,
  toId: number,
  signal: AbortSignal | undefined,
  onChunk: (rows: number, bytes: number) => void,
): Promise<void> {
  let start: Buffer = idPrefix(fromId)
  const end = idPrefix(fromId + 1)
  const to = idPrefix(toId)
  const out = new AppendingPut(sub)
  for (;;) {
    checkCancelled(signal)
    const next = copyChunk(pacer, sub, out, snap.tx.opts, start, end, to, onChunk)
    if (!next) return
    start = next
    await pacer.pause()
  }
}

/** consistentCopy of the ClusterBackend contract (see live-copy.ts). */
export async function consistentCopy(
  db: EmbeddedDb,
  items: readonly CopyItem[],
  opts: LongOperationOptions & { readonly omitIndexes?: boolean; readonly changeCapture?: string },
): Promise<void> {
  collectGarbage(db)
  const key = `copy-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`
  // 1. Staged tables, and a change stream on every source from this commit on:
  //    the stream of the next incremental when capture is asked for, else a
  //    temporary one that only records which keys change during the copy.
  const started = db.writeInternal((tx) => {
    const out: { staged: Staged; copy: LiveCopy }[] = []
    const streams: { path: string; id: number }[] = []
    for (const it of items) {
      const src = tx.requireTable(it.src)
      const dst = normalizePath(it.dst)
      if (tx.entry(dst)) throw pathExists(dst)
      const schema = opts.omitIndexes ? { ...src.schema, indexes: [] } : src.schema
      const staged = allocStaged(tx, dst, schema)
      const id = tx.allocId()
      const name = opts.changeCapture ?? COPY_STREAM
      tx.setStreams(src.path, [...src.streams, { name, id, state: 'pending', owner: process.pid }])
      streams.push({ path: src.path, id })
      out.push({ staged, copy: { path: src.path, srcId: src.id, schema: encodeJson(src.schema), streamId: id, target: stagedRuntime(staged) } })
    }
    putMarker(tx, { key, pid: process.pid, startedAt: Date.now(), ids: stagedIds(out.map((o) => o.staged)), streams })
    return out
  })
  const cancelled = (): void => checkCancelled(opts.signal)
  const pacer = new WritePacer(db)
  try {
    // 2. Copy rows (and index entries), in paced chunks; then replay the keys changed meanwhile.
    let rows = 0
    let bytes = 0
    let tablesDone = 0
    const onChunk = (r: number, b: number): void => {
      rows += r
      bytes += b
      opts.progress?.({ tablesDone, tablesTotal: items.length, rows, bytes })
    }
    for (const { staged: st, copy } of started) {
      if (copy.target.indexes.length === 0) await copyLive(pacer, db, copy, cancelled, onChunk)
      else {
        // Rows and index entries from one moment (see live-copy.ts).
        const snap = db.hold()
        try {
          checkSource(snap.tx, copy)
          const src = snap.tx.requireTable(copy.path)
          await copyIdRange(pacer, snap, db.store.rows, src.id, st.tableId, opts.signal, onChunk)
          for (const ix of src.indexes) {
            const to = st.indexIds[ix.schema.name]
            if (to !== undefined) await copyIdRange(pacer, snap, db.store.index, ix.id, to, opts.signal, () => {})
          }
        } finally {
          snap.release()
        }
      }
      await catchUp(pacer, copy, cancelled)
      tablesDone++
      opts.progress?.({ tablesDone, tablesTotal: items.length, rows, bytes })
    }
    cancelled()
    // 3. Publish: the last changes replayed, catalogue entries for the copies; the new streams become the active ones.
    db.writeInternal((tx) => {
      for (const { copy } of started) replay(tx, copy)
      for (const { staged: st } of started) {
        tx.createTableInternal(st.path, st.schema, { readOnly: true, system: true, tableId: st.tableId, indexIds: st.indexIds })
      }
      for (const { copy } of started) {
        const e = tx.entry(copy.path)
        if (e?.type !== 'table') continue // cannot happen: replay() checked it
        const mine = e.streams?.find((x) => x.id === copy.streamId)
        if (!mine) continue
        if (opts.changeCapture !== undefined) {
          // The previous incremental stream ends here; other operations' pending streams stay.
          const others = (e.streams ?? []).filter((x) => x.id !== mine.id && x.state === 'pending')
          for (const old of e.streams ?? []) if (old.id !== mine.id && old.state !== 'pending') tx.removeId(db.store.changes, old.id)
          tx.setStreams(copy.path, [...others, { name: mine.name, id: mine.id, state: 'active' }])
        } else {
          tx.removeId(db.store.changes, mine.id)
          tx.setStreams(copy.path, (e.streams ?? []).filter((x) => x.id !== mine.id))
        }
      }
      deleteMarker(tx, key)
    })
  } catch (e) {
    db.writeInternal((tx) => {
      const m = tx.store.meta.get(Buffer.from(`staging:${key}`))
      if (m) discardStaged(tx, JSON.parse(m.toString('utf8')) as StagingMarker)
    })
    throw e
  }
}

/** takeIncrementalBackup of the ClusterBackend contract: one write transaction. */
export function takeIncrementalBackup(
  db: EmbeddedDb,
  items: readonly CopyItem[],
  opts: LongOperationOptions & { readonly nextStream: string },
): void {
  let rows = 0
  db.writeInternal((tx) => {
    for (const [i, it] of items.entries()) {
      const src = tx.resolveTable(it.src)
      const active = src?.streams.find((s) => s.state === 'active')
      if (!src || !active) throw precondition('Last continuous backup stream is not found')
      const newId = tx.allocId()
      tx.setStreams(src.path, [...src.streams.filter((s) => s.id !== active.id), { name: opts.nextStream, id: newId, state: 'active' }])
      const dst = tx.createTableInternal(it.dst, incrementalSchema(src.schema), { readOnly: true, system: true })
      // The incremental table's key columns have the source's types, so its
      // keys are the record's encoded key under the new prefix (no decoding);
      // its values are built from the record's bytes (incremental-encoder.ts).
      const enc = IncrementalEncoder.for(src, dst)
      const out = new AppendingPut(tx.store.rows)
      const end = idPrefix(active.id + 1)
      let start = idPrefix(active.id)
      for (;;) {
        // In chunks: each chunk's records are removed once read (one pass, no cursor open across writes).
        const batch = [...tx.store.changes.getRange({ start, end, limit: 5000 })]
        if (batch.length === 0) break
        for (const { key, value } of batch) {
          const k = Buffer.from(key)
          dst.prefix.copy(k, 0)
          out.put(k, enc ? enc.encode(value) : dst.encodeValue(incrementalRow(src, undefined, decodeChange(src, value))))
        }
        for (const { key } of batch) tx.store.changes.removeSync(key)
        rows += batch.length
        start = Buffer.concat([batch[batch.length - 1]!.key, Buffer.from([0])])
      }
      opts.progress?.({ tablesDone: i + 1, tablesTotal: items.length, rows })
    }
  })
}

/** restore of the ClusterBackend contract: staged, published in one transaction. */
export async function restore(db: EmbeddedDb, items: readonly RestoreItem[], opts: LongOperationOptions): Promise<void> {
  collectGarbage(db)
  const key = `restore-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`
  const snap = db.hold()
  let staged: Staged[] = []
  try {
    staged = db.writeInternal((tx) => {
      const out: Staged[] = []
      for (const it of items) {
        const target = normalizePath(it.target)
        if (tx.entry(target)) {
          throw YqlError.of(
            BackendErrorCode.PathExists,
            `Cannot restore ${target}: the table already exists. The restore operation fails if any of the tables being restored already exists at the same path. Rename or drop the conflicting tables before restoring.`,
          )
        }
        const full = snap.tx.requireTable(it.full)
        for (const inc of it.incrementals) snap.tx.requireTable(inc)
        out.push(allocStaged(tx, target, full.schema))
      }
      putMarker(tx, { key, pid: process.pid, startedAt: Date.now(), ids: stagedIds(out), streams: [] })
      return out
    })
    let rows = 0
    let bytes = 0
    let tablesDone = 0
    const report = (): void => opts.progress?.({ tablesDone, tablesTotal: items.length, rows, bytes })
    const pacer = new WritePacer(db)
    for (const [i, it] of items.entries()) {
      const st = staged[i]!
      const full = snap.tx.requireTable(it.full)
      await copyIdRange(pacer, snap, db.store.rows, full.id, st.tableId, opts.signal, (r, b) => {
        rows += r
        bytes += b
        report()
      })
      for (const ix of full.indexes) {
        const to = st.indexIds[ix.schema.name]
        if (to !== undefined) await copyIdRange(pacer, snap, db.store.index, ix.id, to, opts.signal, () => {})
      }
      const target = stagedRuntime(st)
      for (const incPath of it.incrementals) {
        rows += await applyIncremental(pacer, snap, target, snap.tx.requireTable(incPath), opts.signal, report)
      }
      tablesDone++
      report()
    }
    checkCancelled(opts.signal)
    db.writeInternal((tx) => {
      for (const st of staged) {
        if (tx.entry(st.path)) throw pathExists(st.path)
        tx.createTableInternal(st.path, st.schema, { tableId: st.tableId, indexIds: st.indexIds })
      }
      deleteMarker(tx, key)
    })
  } catch (e) {
    db.writeInternal((tx) => {
      const m = tx.store.meta.get(Buffer.from(`staging:${key}`))
      if (m) discardStaged(tx, JSON.parse(m.toString('utf8')) as StagingMarker)
    })
    throw e
  } finally {
    snap.release()
  }
}

/** Applies one incremental table to a staged target (spec §2.5), in chunks. */
async function applyIncremental(
  pacer: WritePacer,
  snap: HeldSnapshot,
  target: TableRuntime,
  inc: TableRuntime,
  signal: AbortSignal | undefined,
  report: () => void,
): Promise<number> {
  const reader = incrementalReader(inc.schema)
  const targetPos = new Map(target.schema.columns.map((c, i) => [c.name, i]))
  const cols = reader.dataColumns
    .map((c) => ({ pos: c.pos, to: targetPos.get(c.name) }))
    .filter((c): c is { pos: number; to: number } => c.to !== undefined)
  const keyFrom = target.schema.primaryKey.map((k) => inc.schema.columns.findIndex((c) => c.name === k))
  let n = 0
  let batch: (readonly Value[])[] = []
  const flush = (): void => {
    const rows = batch
    batch = []
    pacer.write(rows.length, (tx) => {
      for (const row of rows) {
        const d = reader.decode(row)
        const key = keyFrom.map((p) => row[p]!)
        if (d.deleted) {
          tx.deleteRowInternal(target, key) // a tombstone for a missing key is a no-op
          continue
        }
        const cur = tx.get(target, key)
        const next: Value[] = cur ? [...cur] : target.schema.columns.map(() => null)
        for (const c of cols) if (d.set(c.pos)) next[c.to] = row[c.pos]!
        tx.writeRowInternal(target, next, { kind: 'upsert', columns: [] }, true)
      }
    })
  }
  let after: Buffer | undefined
  for (;;) {
    checkCancelled(signal)
    const chunk = snap.tx.scanChunk(inc, after, pacer.rows)
    if (chunk.rows.length === 0) break
    batch = chunk.rows
    after = chunk.last
    n += batch.length
    flush()
    report()
    await pacer.pause()
  }
  return n
}
