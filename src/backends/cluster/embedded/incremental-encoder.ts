// The incremental table's stored value for one change record, built from the
// record's bytes without decoding any column value: BACKUP INCREMENTAL's cost
// per changed row (the target is ≤ 5% of a full backup's time after changing 1%
// of the rows, so this per-row cost is what counts).
//
// It relies on row-codec.ts's layout (per value a tag byte, 0 = NULL, 1 = a
// value, then fixed-size bytes or a varint length and the bytes): a change
// record's image and a stored row are both that layout, so a changed column's
// bytes are copied as they are and an unchanged one becomes a NULL tag. The
// result is byte-identical to encodeValue(incrementalRow(decodeChange(…)))
// (checked by a property test).
import { keyKindOf } from '../../../types/key-codec.js'
import type { YdbType } from '../../../types/ydb-type.js'
import { encodeChangeMetadata, type ColumnState } from './incremental-format.js'
import type { TableRuntime } from './table-runtime.js'

/** Bytes after the tag of a non-NULL value: a fixed count, or -1 for a varint length prefix. */
function fixedSize(t: YdbType): number {
  switch (keyKindOf(t)) {
    case 'bool': return 1
    case 'i32': case 'u32': return 4
    case 'i64': case 'u64': case 'float': case 'double': return 8
    case 'decimal': return 16
    default: return -1 // bytes, text, uuid, dynumber
  }
}

/** Encodes incremental-table values of one source table from its change records. */
export class IncrementalEncoder {
  private readonly sizes: readonly number[]
  private readonly values: readonly number[]
  private readonly starts: Int32Array
  /** Per value column: 0 unchanged, 1 changed to NULL, 2 changed to a value. */
  private readonly states: Uint8Array
  /** Encoded TChangeMetadata per pattern of states (base-3 number; -1: a tombstone). */
  private readonly metadata = new Map<number, Buffer>()
  private out = Buffer.allocUnsafe(1024)

  /** `dst`: the incremental table (the source's columns, then the metadata column). */
  static for(src: TableRuntime, dst: TableRuntime): IncrementalEncoder | undefined {
    const n = src.schema.columns.length
    const expected = [...src.valuePositions, n]
    const same = dst.valuePositions.length === expected.length && dst.valuePositions.every((p, i) => p === expected[i])
    // Patterns are numbered in base 3, exactly up to 33 value columns (3^33 < 2^53).
    return same && src.valuePositions.length <= 33 ? new IncrementalEncoder(src) : undefined
  }

  private constructor(src: TableRuntime) {
    this.sizes = src.schema.columns.map((c) => fixedSize(c.type))
    this.values = src.valuePositions
    this.starts = new Int32Array(src.schema.columns.length + 1)
    this.states = new Uint8Array(src.valuePositions.length)
  }

  /**
   * The stored value for one encoded change record (change-record.ts): a view
   * valid until the next call (LMDB copies it on put).
   */
  encode(rec: Buffer): Buffer {
    const n = this.sizes.length
    const deleted = rec[0] === 1
    if (!deleted) this.locate(rec, 1 + Math.ceil(n / 8))
    const starts = this.starts
    const values = this.values
    // (No closures here: tsx names each one it creates, at a cost per call.)
    const states = this.states
    let pattern = deleted ? -1 : 0
    let size = 0
    for (let i = 0, w = 1; i < values.length; i++, w *= 3) {
      const p = values[i]!
      if (deleted || ((rec[1 + (p >> 3)]! >> (p & 7)) & 1) === 0) {
        states[i] = 0
        size += 1
      } else {
        const st = rec[starts[p]!] === 0 ? 1 : 2
        states[i] = st
        pattern += st * w
        size += starts[p + 1]! - starts[p]!
      }
    }
    const meta = this.metadataFor(pattern, deleted)
    size += 1 + 5 + meta.length
    if (this.out.length < size) this.out = Buffer.allocUnsafe(Math.max(size, this.out.length * 2))
    const out = this.out
    let pos = 0
    for (let i = 0; i < values.length; i++) {
      const p = values[i]!
      if (states[i] !== 0) {
        const a = starts[p]!
        const b = starts[p + 1]!
        if (b - a > 32) pos += rec.copy(out, pos, a, b)
        else for (let j = a; j < b; j++) out[pos++] = rec[j]!
      } else out[pos++] = 0
    }
    // The metadata column: a String value (tag, varint length, bytes).
    out[pos++] = 1
    let len = meta.length
    while (len >= 0x80) {
      out[pos++] = (len & 0x7f) | 0x80
      len = Math.floor(len / 128)
    }
    out[pos++] = len
    for (let j = 0; j < meta.length; j++) out[pos++] = meta[j]!
    return out.subarray(0, pos)
  }

  /** Fills `starts` with each column's offset in the record's image (and the end). */
  private locate(rec: Buffer, offset: number): void {
    let pos = offset
    const sizes = this.sizes
    for (let i = 0; i < sizes.length; i++) {
      this.starts[i] = pos
      if (rec[pos++] === 0) continue
      const s = sizes[i]!
      if (s >= 0) pos += s
      else {
        let len = 0
        let mul = 1
        for (;;) {
          const b = rec[pos++]!
          len += (b & 0x7f) * mul
          if (b < 0x80) break
          mul *= 128
        }
        pos += len
      }
    }
    this.starts[sizes.length] = pos
  }

  /** TChangeMetadata of the current `states` (the ones incrementalRow writes), encoded once per pattern. */
  private metadataFor(pattern: number, deleted: boolean): Buffer {
    let m = this.metadata.get(pattern)
    if (!m) {
      const columnStates: ColumnState[] = this.values.map((p, i) =>
        deleted
          ? { tag: p + 1, isNull: true, isChanged: true }
          : { tag: p + 1, isNull: this.states[i] !== 2, isChanged: this.states[i] !== 0 },
      )
      m = Buffer.from(encodeChangeMetadata({ isDeleted: deleted, columnStates }))
      if (this.metadata.size > 10000) this.metadata.clear()
      this.metadata.set(pattern, m)
    }
    return m
  }
}
