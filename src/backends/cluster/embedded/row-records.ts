// Bulk loading with the encoding done elsewhere: a restore's worker thread
// turns rows into the stored key/value bytes (RowRecordEncoder, with exactly
// the checks and errors of WriteTxn.writeRow), and the thread that owns the
// database only puts them (putRowRecords). Only for tables whose rows are the
// whole story: no secondary indexes and no change capture (canPutRowRecords).
import type { Row } from '../../../types/value.js'
import type { CatalogEntry } from './catalog.js'
import { normalizePath } from './catalog.js'
import type { EmbeddedDb } from './database.js'
import { badRequest, pathNotFound, schemeError } from './errors.js'
import { TableRuntime } from './table-runtime.js'


/** What a worker needs to encode a table's rows: its catalogue entry, if plain. */
export function canPutRowRecords(db: EmbeddedDb, path: string): { readonly path: string; readonly entry: CatalogEntry } | undefined {
  return db.read((tx) => {
    const t = tx.resolveTable(path) as TableRuntime | undefined
    if (!t || t.readOnly || t.indexes.length > 0 || t.streams.length > 0) return undefined
    return { path: t.path, entry: t.entry }
  })
}

/**
 * Appends rows as records `u16 key length, key, u32 value length, value` to a
 * growing buffer. Throws writeRow's errors for rows it would refuse.
 */
export class RowRecordEncoder {
  private readonly rt: TableRuntime
  buf: Buffer
  off = 0
  count = 0

  constructor(path: string, entry: CatalogEntry, bytes = 1 << 20) {
    this.rt = new TableRuntime(path, entry, true)
    this.buf = Buffer.allocUnsafeSlow(bytes)
  }

  /** Starts a new buffer (the old one was handed away): `reuse` if it is big enough, else a new one. */
  reset(bytes: number, reuse?: ArrayBuffer): void {
    this.buf = reuse && reuse.byteLength >= bytes ? Buffer.from(reuse) : Buffer.allocUnsafeSlow(bytes)
    this.off = 0
    this.count = 0
  }

  add(row: Row): void {
    const rt = this.rt
    const key = rt.checkedKey(row)
    const value = rt.valueCodec.encodeView(row, rt.valuePositions)
    const need = 6 + key.length + value.length
    if (this.buf.length - this.off < need) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.off + need))
      this.buf.copy(grown, 0, 0, this.off)
      this.buf = grown
    }
    // plain byte stores and loops: Buffer#copy and writeUInt*LE cost more than the copy itself for ~100 bytes
    const b = this.buf
    let o = this.off
    const kl = key.length
    b[o] = kl & 0xff
    b[o + 1] = kl >>> 8
    o += 2
    for (let i = 0; i < kl; i++) b[o + i] = key[i]!
    o += kl
    const vl = value.length
    b[o] = vl & 0xff
    b[o + 1] = (vl >>> 8) & 0xff
    b[o + 2] = (vl >>> 16) & 0xff
    b[o + 3] = vl >>> 24
    o += 4
    if (vl > 256) b.set(value, o)
    else for (let i = 0; i < vl; i++) b[o + i] = value[i]!
    this.off = o + vl
    this.count++
  }
}

/**
 * Puts `count` records (RowRecordEncoder's layout) into the table at `path`
 * in one write transaction: REPLACE semantics, as bulkUpsert. The table must
 * still be the one the records were made for (same id, still plain).
 */
export function putRowRecords(db: EmbeddedDb, path: string, tableId: number, records: Buffer, count: number): void {
  db.writeInternal((tx) => {
    const t = tx.resolveTable(path) as TableRuntime | undefined
    if (!t) throw pathNotFound(normalizePath(path))
    if (t.readOnly) throw badRequest(`Table ${t.path} is read-only (a backup table): writes are not allowed`)
    if (t.id !== tableId || t.indexes.length > 0 || t.streams.length > 0) throw schemeError(`Table ${t.path} changed during the load`)
    const rows = tx.store.rows
    // lmdb takes a value as `buf[start, end)` of its ArrayBuffer: one view for every value
    const value = Buffer.from(records.buffer, records.byteOffset, records.length) as Buffer & { start: number; end: number }
    const base = records.byteOffset
    // a key is copied into a buffer of its length, one per length (lmdb copies
    // it during the put): no Buffer view made per row
    const keys: Buffer[] = []
    let o = 0
    for (let i = 0; i < count; i++) {
      const kl = records[o]! | (records[o + 1]! << 8)
      let key = keys[kl]
      if (key === undefined) keys[kl] = key = Buffer.allocUnsafe(kl)
      o += 2
      for (let j = 0; j < kl; j++) key[j] = records[o + j]!
      o += kl
      const vl = (records[o]! | (records[o + 1]! << 8) | (records[o + 2]! << 16)) + records[o + 3]! * 0x1000000
      value.start = base + o + 4
      value.end = base + o + 4 + vl
      rows.putSync(key, value)
      o += 4 + vl
    }
  })
}
