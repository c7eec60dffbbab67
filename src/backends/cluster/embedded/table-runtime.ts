// A table resolved inside one transaction, with its codecs compiled: what the
// transaction implementations use to read and write rows, indexes and streams.
import { KeyCodec } from '../../../types/key-codec.js'
import { RowCodec } from '../../../types/row-codec.js'
import { typeToString } from '../../../types/ydb-type.js'
import type { IndexSchema, TableSchema } from '../../../types/table-schema.js'
import { representationOf, type Row, type Value } from '../../../types/value.js'
import type { CatalogEntry, StreamInfo } from './catalog.js'
import type { TableHandle } from './engine-api.js'
import { badRequest, constraint } from './errors.js'

/** LMDB's key size limit (lmdb-js builds with 1978 bytes), with room for prefixes. */
export const MAX_KEY = 1900

/** A 4-byte big-endian id prefix (table, index and stream ids share one id space). */
export function idPrefix(id: number): Buffer {
  const b = Buffer.allocUnsafe(4)
  b.writeUInt32BE(id, 0)
  return b
}

/** A secondary index's compiled layout. */
export interface IndexRuntime {
  readonly schema: IndexSchema
  readonly id: number
  readonly prefix: Buffer
  /** Positions of the index key columns in the table row. */
  readonly positions: readonly number[]
  readonly codec: KeyCodec
}

export class TableRuntime implements TableHandle {
  readonly id: number
  readonly schema: TableSchema
  readonly readOnly: boolean
  readonly prefix: Buffer
  readonly keyPositions: number[]
  readonly valuePositions: number[]
  readonly keyCodec: KeyCodec
  readonly valueCodec: RowCodec
  /** All columns, for change-capture images. */
  readonly fullCodec: RowCodec
  readonly indexes: IndexRuntime[]
  readonly streams: readonly StreamInfo[]
  /** Each column's JS representation (value.ts), for the write-time check. */
  readonly representations: readonly string[]

  /**
   * @param detached a staged table no catalogue entry points to yet: transactions
   *   use the handle as is instead of re-resolving its path.
   */
  constructor(readonly path: string, readonly entry: CatalogEntry, readonly detached = false) {
    const schema = entry.schema!
    this.id = entry.tableId!
    this.schema = schema
    this.readOnly = entry.readOnly === true
    this.prefix = idPrefix(this.id)
    const pos = (name: string): number => schema.columns.findIndex((c) => c.name === name)
    this.keyPositions = schema.primaryKey.map(pos)
    const keySet = new Set(this.keyPositions)
    this.valuePositions = schema.columns.map((_c, i) => i).filter((i) => !keySet.has(i))
    this.keyCodec = new KeyCodec(this.keyPositions.map((i) => schema.columns[i]!.type))
    this.valueCodec = new RowCodec(this.valuePositions.map((i) => schema.columns[i]!.type))
    this.fullCodec = new RowCodec(schema.columns.map((c) => c.type))
    this.indexes = schema.indexes.map((ix) => {
      const id = entry.indexIds?.[ix.name] ?? 0
      const positions = ix.columns.map(pos)
      return { schema: ix, id, prefix: idPrefix(id), positions, codec: new KeyCodec(positions.map((i) => schema.columns[i]!.type)) }
    })
    this.streams = entry.streams ?? []
    this.representations = schema.columns.map((c) => representationOf(c.type))
  }

  /** The column whose value does not have its type's representation, if any. */
  badValue(row: Row): number {
    const reps = this.representations
    for (let i = 0; i < reps.length; i++) {
      const v = row[i]
      if (v === null) continue
      const r = reps[i]
      const ok =
        r === 'bytes' ? v instanceof Uint8Array
          : r === 'decimal' ? typeof v === 'object' && !(v instanceof Uint8Array) && v !== undefined
            : typeof v === r
      if (!ok) return i
    }
    return -1
  }

  /**
   * Checks a full row for a write (column count, NOT NULL, each value's
   * representation) and encodes its key: a view into the key codec's buffer,
   * valid until its next encode (LMDB copies keys on put).
   */
  checkedKey(row: Row): Buffer {
    const cols = this.schema.columns
    if (row.length !== cols.length) throw badRequest(`Row for table ${this.path} has ${row.length} values, expected ${cols.length}`)
    for (let i = 0; i < cols.length; i++) {
      const v = row[i]
      if ((v === null || v === undefined) && cols[i]!.notNull) throw constraint(`NOT NULL column ${cols[i]!.name} of table ${this.path} cannot be set to NULL`)
    }
    const bad = this.badValue(row)
    if (bad >= 0) {
      const c = cols[bad]!
      throw badRequest(`Value for column ${c.name} of table ${this.path} is not a ${typeToString(c.type)} value (got ${typeof row[bad]})`)
    }
    let key: Buffer
    try {
      key = this.keyCodec.encodeFromView(row, this.keyPositions, this.prefix)
    } catch (e) {
      // A malformed Uuid or DyNumber text in a key column.
      throw badRequest(`Invalid key value for table ${this.path}: ${(e as Error).message}`)
    }
    if (key.length > MAX_KEY) throw badRequest(`Primary key of table ${this.path} is too long (${key.length} bytes; the embedded engine allows ${MAX_KEY})`)
    return key
  }

  keyOf(row: Row): Value[] {
    return this.keyPositions.map((i) => row[i]!)
  }

  rowKey(key: readonly Value[]): Buffer {
    return this.keyCodec.encode(key, this.prefix)
  }

  encodeValue(row: Row): Buffer {
    return this.valueCodec.encode(row, this.valuePositions)
  }

  /** Builds a full row from a stored key (after the 4-byte prefix) and value. */
  decodeRow(key: Buffer, value: Buffer): Value[] {
    const out: Value[] = new Array(this.schema.columns.length)
    this.keyCodec.decodeInto(key, 4, out, this.keyPositions)
    if (this.valuePositions.length > 0) this.valueCodec.decodeInto(value, out, this.valuePositions)
    return out
  }

  /** The stored key of a row (table prefix + encoded primary key). */
  rowKeyOf(row: Row): Buffer {
    return this.keyCodec.encodeFrom(row, this.keyPositions, this.prefix)
  }

  indexKey(ix: IndexRuntime, row: Row): Buffer {
    const head = ix.codec.encodeFrom(row, ix.positions, ix.prefix)
    return this.keyCodec.encodeFrom(row, this.keyPositions, head)
  }
}
