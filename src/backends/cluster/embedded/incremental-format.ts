// YDB's incremental backup table format (spec §2.5): the source's key columns,
// every column nullable, plus `__ydb_incrBackupImpl_changeMetadata`, a String
// holding a serialized protobuf
//   TChangeMetadata { repeated TColumnState ColumnStates = 1; bool IsDeleted = 2 }
//   TColumnState { uint32 Tag = 1; bool IsNull = 2; bool IsChanged = 3 }
// Tags: a column's 1-based position among all columns of the incremental table
// (= the source table's declaration order), as YDB numbers column ids from 1 in
// declaration order. Only value (non-key) columns get a state.
import { INCR_CHANGE_METADATA_COLUMN, INCR_COLUMN_STATES_COLUMN, INCR_DELETED_COLUMN, type TableSchema } from '../../../types/table-schema.js'
import { primitive } from '../../../types/ydb-type.js'
import type { Value } from '../../../types/value.js'
import type { ChangeRecord } from './change-record.js'
import type { TableRuntime } from './table-runtime.js'

/** One column's state in a change. */
export interface ColumnState {
  readonly tag: number
  readonly isNull: boolean
  readonly isChanged: boolean
}

/** TChangeMetadata, decoded. */
export interface ChangeMetadata {
  readonly isDeleted: boolean
  readonly columnStates: readonly ColumnState[]
}

function varint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
}

/** Protobuf wire bytes of a TChangeMetadata. */
export function encodeChangeMetadata(m: ChangeMetadata): Uint8Array {
  const out: number[] = []
  for (const s of m.columnStates) {
    const sub: number[] = []
    sub.push(0x08)
    varint(sub, s.tag)
    sub.push(0x10, s.isNull ? 1 : 0)
    sub.push(0x18, s.isChanged ? 1 : 0)
    out.push(0x0a)
    varint(out, sub.length)
    out.push(...sub)
  }
  out.push(0x10, m.isDeleted ? 1 : 0)
  return new Uint8Array(out)
}

/** Parses TChangeMetadata wire bytes (unknown fields skipped). */
export function decodeChangeMetadata(b: Uint8Array): ChangeMetadata {
  let pos = 0
  const readVarint = (end: number): number => {
    let v = 0
    let mul = 1
    while (pos < end) {
      const c = b[pos++]!
      v += (c & 0x7f) * mul
      if (c < 0x80) return v
      mul *= 128
    }
    throw new RangeError('truncated change metadata')
  }
  const skip = (wire: number, end: number): void => {
    if (wire === 0) readVarint(end)
    else if (wire === 1) pos += 8
    else if (wire === 2) pos += readVarint(end)
    else if (wire === 5) pos += 4
    else throw new RangeError(`unsupported wire type ${wire} in change metadata`)
  }
  let isDeleted = false
  const states: ColumnState[] = []
  while (pos < b.length) {
    const key = readVarint(b.length)
    const field = key >>> 3
    const wire = key & 7
    if (field === 1 && wire === 2) {
      const len = readVarint(b.length)
      const end = pos + len
      let tag = 0
      let isNull = false
      let isChanged = false
      while (pos < end) {
        const k = readVarint(end)
        const f = k >>> 3
        if ((k & 7) !== 0) {
          skip(k & 7, end)
          continue
        }
        const v = readVarint(end)
        if (f === 1) tag = v
        else if (f === 2) isNull = v !== 0
        else if (f === 3) isChanged = v !== 0
      }
      states.push({ tag, isNull, isChanged })
    } else if (field === 2 && wire === 0) {
      isDeleted = readVarint(b.length) !== 0
    } else {
      skip(wire, b.length)
    }
  }
  return { isDeleted, columnStates: states }
}

/** The incremental table's schema for a source table. */
export function incrementalSchema(src: TableSchema): TableSchema {
  return {
    columns: [
      ...src.columns.map((c) => ({ name: c.name, type: c.type, notNull: false, ...(c.family ? { family: c.family } : {}) })),
      { name: INCR_CHANGE_METADATA_COLUMN, type: primitive('String'), notNull: false },
    ],
    primaryKey: src.primaryKey,
    indexes: [],
  }
}

// Metadata blobs repeat (same columns changed / NULL): encode each pattern once.
const metadataCache = new Map<string, Uint8Array>()

/**
 * The incremental table's row for one compacted change record of `key`
 * (undefined: key columns left NULL, for a caller that only encodes the value).
 */
export function incrementalRow(src: TableRuntime, key: readonly Value[] | undefined, rec: ChangeRecord): Value[] {
  const n = src.schema.columns.length
  const row: Value[] = new Array(n + 1).fill(null)
  if (key) src.keyPositions.forEach((p, i) => { row[p] = key[i]! })
  let pattern = rec.deleted ? 'D' : 'U'
  for (const p of src.valuePositions) {
    if (rec.deleted) continue
    const changed = rec.changed[p] === true
    const v = changed ? rec.image![p]! : null
    row[p] = v
    pattern += changed ? (v === null ? 'n' : 'c') : '-'
  }
  pattern += `/${src.valuePositions.join(',')}`
  let meta = metadataCache.get(pattern)
  if (!meta) {
    const states: ColumnState[] = src.valuePositions.map((p) =>
      rec.deleted
        ? { tag: p + 1, isNull: true, isChanged: true }
        : { tag: p + 1, isNull: row[p] === null, isChanged: rec.changed[p] === true },
    )
    meta = encodeChangeMetadata({ isDeleted: rec.deleted, columnStates: states })
    if (metadataCache.size > 10000) metadataCache.clear()
    metadataCache.set(pattern, meta)
  }
  row[n] = meta
  return row
}

/** How to read one incremental table (any of YDB's three encodings). */
export interface IncrementalReader {
  /** Data columns (by position in the incremental table) → target column name. */
  readonly dataColumns: readonly { readonly pos: number; readonly name: string }[]
  /** Decodes a row: deleted, and for each data column whether to set it. */
  decode(row: readonly Value[]): { deleted: boolean; set: (pos: number) => boolean }
}

export function incrementalReader(schema: TableSchema): IncrementalReader {
  const names = schema.columns.map((c) => c.name)
  const metaPos = names.indexOf(INCR_CHANGE_METADATA_COLUMN)
  const delPos = names.indexOf(INCR_DELETED_COLUMN)
  const statesPos = names.indexOf(INCR_COLUMN_STATES_COLUMN)
  const system = new Set([metaPos, delPos, statesPos])
  const keySet = new Set(schema.primaryKey)
  const dataColumns = names.map((name, pos) => ({ name, pos })).filter((c) => !system.has(c.pos))
  const isKey = (pos: number): boolean => keySet.has(names[pos]!)
  const fromStates = (m: ChangeMetadata | undefined, deleted: boolean) => {
    const byTag = new Map((m?.columnStates ?? []).map((s) => [s.tag, s]))
    return {
      deleted,
      set: (pos: number): boolean => {
        if (isKey(pos)) return true
        if (!m) return true // no states: every column written as stored
        const s = byTag.get(pos + 1)
        return s ? s.isChanged : false
      },
    }
  }
  return {
    dataColumns,
    decode(row) {
      if (metaPos >= 0) {
        const raw = row[metaPos]
        const m = raw instanceof Uint8Array ? decodeChangeMetadata(raw) : undefined
        return fromStates(m, m?.isDeleted ?? false)
      }
      const deleted = delPos >= 0 && row[delPos] === true
      const rawStates = statesPos >= 0 ? row[statesPos] : null
      // The older column-states blob: read as repeated TColumnState (field 1).
      const m = rawStates instanceof Uint8Array ? decodeChangeMetadata(rawStates) : undefined
      return fromStates(m, deleted)
    },
  }
}
