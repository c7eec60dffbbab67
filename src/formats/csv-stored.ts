/**
 * CSV lines straight from the embedded engine's stored rows (key bytes per
 * key-codec.ts, value bytes per row-codec.ts), for the parallel dump: no row
 * arrays, BigInts, strings or byte arrays per cell. Every cell goes through
 * the functions CsvRowEncoder's own cell writers use (writeSmallInt,
 * writeIsoMicros, the double fast paths, writeQuotedRange /
 * writeQuotedUtf8Range…), called inline for the common types and through the
 * cell writer itself for the rest; so the bytes and the room reservations
 * (the dump's chunk boundaries) are CsvRowEncoder's. Tables with a column this does not
 * cover (Decimal, Uuid, DyNumber, Double/Float/Bool keys…) return undefined
 * from `create`: the caller decodes rows instead.
 */
import type { YdbType } from '../types/ydb-type.js'
import {
  cellWriterFor,
  MAX_FAST_US,
  writeDumpDoubleFast,
  writeInteger,
  writeIsoMicros,
  writeNull,
  writeQuotedRange,
  writeQuotedUtf8Range,
  writeShortestDoubleFast,
  writeSmallInt,
  type CsvByteSink,
} from './csv-encode.js'
import type { CsvStyle } from './csv-value.js'

/** Reads one stored cell at `o` (its tag byte) and writes it; returns the offset after it. */
type StoredCell = (src: Uint8Array, o: number, out: CsvByteSink) => number

let varLen = 0
/** Reads a length prefix at `o`: returns where the bytes start; the length is left in `varLen` (no tuple per cell). */
function readVarint(b: Uint8Array, o: number): number {
  let v = 0
  let mul = 1
  for (;;) {
    const c = b[o++]!
    v += (c & 0x7f) * mul
    if (c < 0x80) {
      varLen = v
      return o
    }
    mul *= 128
  }
}
const TWO32 = 4294967296
const TWO53 = 9007199254740992

const u32be = (b: Uint8Array, o: number): number => ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!
const u32le = (b: Uint8Array, o: number): number => ((b[o + 3]! << 24) >>> 0) + (b[o + 2]! << 16) + (b[o + 1]! << 8) + b[o]!

const f64view = new DataView(new ArrayBuffer(8))
/** A little-endian double at `o`. */
function f64le(b: Uint8Array, o: number): number {
  f64view.setUint32(0, u32le(b, o), true)
  f64view.setUint32(4, u32le(b, o + 4), true)
  return f64view.getFloat64(0, true)
}

/** A 64-bit value from its two 32-bit halves: a number when exact, else a BigInt (what the writers accept). */
function u64(hi: number, lo: number): number | bigint {
  const n = hi * TWO32 + lo
  return n < TWO53 ? n : (BigInt(hi) << 32n) | BigInt(lo)
}
function i64(hi: number, lo: number): number | bigint {
  if (hi < 0x80000000) return u64(hi, lo)
  // negative: two's complement
  const n = (hi - TWO32) * TWO32 + lo
  // exact when above -2^53 (a value just below rounds to -2^53 itself, which fails this test)
  return n > -TWO53 ? n : BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo))
}

/** The end of an escaped key string starting at `o` (after its 0x00 0x00), and whether it has escapes. */
function escapedEnd(b: Uint8Array, o: number): { end: number; escaped: boolean } {
  let escaped = false
  for (let i = o; ; i++) {
    if (b[i] !== 0) continue
    if (b[i + 1] === 0) return { end: i, escaped }
    escaped = true
    i++
  }
}

function unescapeKey(b: Uint8Array, s: number, e: number): Uint8Array {
  const out: number[] = []
  for (let i = s; i < e; i++) {
    out.push(b[i]!)
    if (b[i] === 0) i++ // 0x00 0xFF
  }
  return Uint8Array.from(out)
}

/** A cell behind its presence byte: 0 is NULL, else the value follows. */
const tagged = (read: StoredCell): StoredCell => (src, o, out) => {
  if (src[o] === 0) {
    writeNull(out)
    return o + 1
  }
  return read(src, o + 1, out)
}

function keyCell(t: YdbType, style: CsvStyle): StoredCell | undefined {
  if (t.kind !== 'Primitive') return undefined
  const w = cellWriterFor(t, style)
  switch (t.name) {
    case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      return tagged((b, o, out) => (w(u32be(b, o) - 0x80000000, out), o + 4))
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime':
      return tagged((b, o, out) => (w(u32be(b, o), out), o + 4))
    case 'Int64': case 'Datetime64': case 'Timestamp64': case 'Interval': case 'Interval64':
      // stored as v + 2^63: flip the sign bit back
      return tagged((b, o, out) => (w(i64((u32be(b, o) ^ 0x80000000) >>> 0, u32be(b, o + 4)), out), o + 8))
    case 'Uint64': case 'Timestamp':
      return tagged((b, o, out) => (w(u64(u32be(b, o), u32be(b, o + 4)), out), o + 8))
    case 'String': case 'Yson':
    case 'Utf8': case 'Json': case 'JsonDocument': {
      const text = t.name !== 'String' && t.name !== 'Yson'
      return tagged((b, o, out) => {
        const { end, escaped } = escapedEnd(b, o)
        const src = escaped ? unescapeKey(b, o, end) : b
        const s = escaped ? 0 : o
        const e = escaped ? src.length : end
        if (text) writeQuotedUtf8Range(src, s, e, out)
        else writeQuotedRange(src, s, e, out)
        return end + 2
      })
    }
  }
  return undefined
}

function valueCell(t: YdbType, style: CsvStyle): StoredCell | undefined {
  if (t.kind !== 'Primitive') return undefined
  const w = cellWriterFor(t, style)
  switch (t.name) {
    case 'Bool':
      return tagged((b, o, out) => (w(b[o] === 1, out), o + 1))
    case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      return tagged((b, o, out) => (w(u32le(b, o) | 0, out), o + 4))
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime':
      return tagged((b, o, out) => (w(u32le(b, o), out), o + 4))
    case 'Int64': case 'Datetime64': case 'Timestamp64': case 'Interval': case 'Interval64':
      return tagged((b, o, out) => (w(i64(u32le(b, o + 4), u32le(b, o)), out), o + 8))
    case 'Uint64': case 'Timestamp':
      return tagged((b, o, out) => (w(u64(u32le(b, o + 4), u32le(b, o)), out), o + 8))
    case 'Double': case 'Float': {
      const dv = new DataView(new ArrayBuffer(8))
      return tagged((b, o, out) => {
        dv.setUint32(0, u32le(b, o), true)
        dv.setUint32(4, u32le(b, o + 4), true)
        w(dv.getFloat64(0, true), out)
        return o + 8
      })
    }
    case 'String': case 'Yson':
      return tagged((b, o, out) => {
        const s = readVarint(b, o)
        writeQuotedRange(b, s, s + varLen, out)
        return s + varLen
      })
    case 'Utf8': case 'Json': case 'JsonDocument':
      return tagged((b, o, out) => {
        const s = readVarint(b, o)
        writeQuotedUtf8Range(b, s, s + varLen, out)
        return s + varLen
      })
  }
  return undefined
}

/** The layout of one table's stored rows. */
export interface StoredLayout {
  /** Column types in schema order. */
  readonly types: readonly YdbType[]
  /** Schema positions of the key columns, in key order. */
  readonly keyPositions: readonly number[]
  /** Schema positions of the value columns, in stored order. */
  readonly valuePositions: readonly number[]
  /** Bytes before the first key column (the table id). */
  readonly keyPrefix: number
}

/** Skips one stored cell at `o` (its tag byte); returns the offset after it. */
type Skip = (b: Uint8Array, o: number) => number

const skipEscaped: Skip = (b, o) => (b[o] === 0 ? o + 1 : escapedEnd(b, o + 1).end + 2)

/** Bytes after the tag byte of a fixed-size cell of type `t` (key or value layout), 0 when not fixed. */
function fixedSize(t: YdbType, inKey: boolean): number {
  if (t.kind === 'Primitive')
    switch (t.name) {
      case 'Bool':
        return inKey ? 0 : 1
      case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime':
        return 4
      case 'Int64': case 'Datetime64': case 'Timestamp64': case 'Interval': case 'Interval64':
      case 'Uint64': case 'Timestamp':
        return 8
      case 'Double': case 'Float':
        return inKey ? 0 : 8
    }
  return 0
}

/**
 * The common cells, written inline by StoredRowCsvEncoder.write's switch (a
 * call through a per-column closure cannot be inlined: the call site sees
 * every column's). Everything else goes through the closures above.
 */
const enum Cell {
  Other,
  KeyInt32,
  KeyUint32,
  KeyInt64,
  KeyUint64,
  Int32,
  Uint32,
  Int64,
  Uint64,
  Timestamp,
  DumpDouble,
  ShortestDouble,
  String,
  Utf8,
}

function inlineCell(t: YdbType, inKey: boolean, style: CsvStyle): Cell {
  if (t.kind !== 'Primitive') return Cell.Other
  switch (t.name) {
    case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      return inKey ? Cell.KeyInt32 : Cell.Int32
    case 'Uint8': case 'Uint16': case 'Uint32':
      return inKey ? Cell.KeyUint32 : Cell.Uint32
    case 'Int64': case 'Datetime64': case 'Timestamp64': case 'Interval': case 'Interval64':
      return inKey ? Cell.KeyInt64 : Cell.Int64
    case 'Uint64':
      return inKey ? Cell.KeyUint64 : Cell.Uint64
    case 'Timestamp':
      return inKey ? Cell.Other : Cell.Timestamp
    case 'Double':
      return inKey ? Cell.Other : style === 'dump' ? Cell.DumpDouble : Cell.ShortestDouble
    case 'String': case 'Yson':
      return inKey ? Cell.Other : Cell.String
    case 'Utf8': case 'Json': case 'JsonDocument':
      return inKey ? Cell.Other : Cell.Utf8
  }
  return Cell.Other
}

/** Writes a stored row (key and value bytes) as one CSV line. */
export class StoredRowCsvEncoder {
  /** Per schema position: where its cell starts in the current row, whether in the key, how it is written, its fixed size. */
  private readonly offsets: Int32Array
  private readonly fromKey: Uint8Array
  private readonly cells: Uint8Array
  private readonly sizes: Int32Array
  /** Key columns first, then value columns, as stored: schema positions. */
  private readonly storedOrder: Int32Array
  private readonly keyCount: number

  private constructor(
    private readonly layout: StoredLayout,
    style: CsvStyle,
    private readonly cellOf: readonly StoredCell[],
  ) {
    const n = layout.types.length
    this.offsets = new Int32Array(n)
    this.fromKey = new Uint8Array(n)
    this.cells = new Uint8Array(n)
    this.sizes = new Int32Array(n)
    this.storedOrder = Int32Array.from([...layout.keyPositions, ...layout.valuePositions])
    this.keyCount = layout.keyPositions.length
    for (const p of layout.keyPositions) this.fromKey[p] = 1
    for (let p = 0; p < n; p++) {
      const inKey = this.fromKey[p] === 1
      this.cells[p] = inlineCell(layout.types[p]!, inKey, style)
      this.sizes[p] = fixedSize(layout.types[p]!, inKey)
    }
  }

  /** An encoder for the layout, or undefined when some column's type is not covered. */
  static create(layout: StoredLayout, style: CsvStyle = 'dump'): StoredRowCsvEncoder | undefined {
    const cellOf: StoredCell[] = new Array(layout.types.length)
    for (const p of layout.keyPositions) {
      const c = keyCell(layout.types[p]!, style)
      if (!c) return undefined
      cellOf[p] = c
    }
    for (const p of layout.valuePositions) {
      const c = valueCell(layout.types[p]!, style)
      if (!c) return undefined
      cellOf[p] = c
    }
    return new StoredRowCsvEncoder(layout, style, cellOf)
  }

  /** Appends the line of the row stored as `key` (from `ks`) → `value`, with its `\n`. */
  write(key: Uint8Array, ks: number, value: Uint8Array, out: CsvByteSink): void {
    const { offsets, fromKey, cells, sizes, storedOrder } = this
    // where each cell starts: key cells from the key's columns, value cells from 0
    let o = ks + this.layout.keyPrefix
    let src = key
    for (let i = 0; i < storedOrder.length; i++) {
      if (i === this.keyCount) {
        o = 0
        src = value
      }
      const p = storedOrder[i]!
      offsets[p] = o
      if (src[o] === 0) o++
      else if (sizes[p]! > 0) o += 1 + sizes[p]!
      else if (fromKey[p] === 1) o = skipEscaped(src, o)
      else o = readVarint(src, o + 1) + varLen // a length-prefixed value
    }
    const n = offsets.length
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        out.reserve(1)
        out.buf[out.off++] = 0x2c
      }
      const b = fromKey[i] === 1 ? key : value
      const at = offsets[i]!
      if (b[at] === 0) {
        writeNull(out)
        continue
      }
      const c = at + 1
      switch (cells[i]) {
        case Cell.KeyInt32:
          writeSmallInt(u32be(b, c) - 0x80000000, out)
          break
        case Cell.KeyUint32:
          writeSmallInt(u32be(b, c), out)
          break
        case Cell.KeyInt64:
          writeInteger(i64((u32be(b, c) ^ 0x80000000) >>> 0, u32be(b, c + 4)), out)
          break
        case Cell.KeyUint64:
          writeInteger(u64(u32be(b, c), u32be(b, c + 4)), out)
          break
        case Cell.Int32:
          writeSmallInt(u32le(b, c) | 0, out)
          break
        case Cell.Uint32:
          writeSmallInt(u32le(b, c), out)
          break
        case Cell.Int64:
          writeInteger(i64(u32le(b, c + 4), u32le(b, c)), out)
          break
        case Cell.Uint64:
          writeInteger(u64(u32le(b, c + 4), u32le(b, c)), out)
          break
        case Cell.Timestamp: {
          const us = u32le(b, c + 4) * TWO32 + u32le(b, c)
          if (us < MAX_FAST_US && us < TWO53) writeIsoMicros(us, out)
          else this.cellOf[i]!(b, at, out)
          break
        }
        case Cell.DumpDouble:
          if (!writeDumpDoubleFast(f64le(b, c), out)) this.cellOf[i]!(b, at, out)
          break
        case Cell.ShortestDouble:
          if (!writeShortestDoubleFast(f64le(b, c), out)) this.cellOf[i]!(b, at, out)
          break
        case Cell.String:
        case Cell.Utf8: {
          const o = readVarint(b, c)
          if (cells[i] === Cell.String) writeQuotedRange(b, o, o + varLen, out)
          else writeQuotedUtf8Range(b, o, o + varLen, out)
          break
        }
        default:
          this.cellOf[i]!(b, at, out)
      }
    }
    out.reserve(1)
    out.buf[out.off++] = 0x0a
  }
}
