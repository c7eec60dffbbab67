/**
 * The fast CSV writer of the dump: one cell writer per column, chosen once per
 * table, writes each value's bytes straight into the chunk buffer (no per-cell
 * strings for integers, timestamps and strings, no per-row arrays or joins).
 * The text is byte-for-byte `formatCsvValue`'s; uncommon types go through it.
 */
import { civilFromDays, formatIsoMicros } from '../types/time.js'
import type { YdbType } from '../types/ydb-type.js'
import type { Row, Value } from '../types/value.js'
import { cgiEscapeBytes } from './cgi-escape.js'
import { formatCsvValue, type CsvStyle } from './csv-value.js'

/** Where cell writers put bytes: a buffer with room reserved ahead of `off`. */
export interface CsvByteSink {
  buf: Buffer
  off: number
  /** Makes room for `n` more bytes at `off` (may swap `buf`). */
  reserve(n: number): void
}

/** Writes one non-null value of a column. */
type CellWriter = (v: Value, out: CsvByteSink) => void

const HEX = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0))
/** 0: literal byte, 1: space → `+`, 2: `%XX` (derived from cgiEscapeBytes, the rule's one home). */
const ESC: Uint8Array = Uint8Array.from({ length: 256 }, (_, b) => {
  const e = cgiEscapeBytes(Uint8Array.of(b))
  return e.length === 3 ? 2 : b === 0x20 ? 1 : 0
})

/** Writes ASCII text (what formatCsvValue makes). */
/** A NULL cell: the bare word `null`. */
export function writeNull(out: CsvByteSink): void {
  out.reserve(4)
  const b = out.buf
  const o = out.off
  b[o] = 110
  b[o + 1] = 117
  b[o + 2] = 108
  b[o + 3] = 108
  out.off = o + 4
}

export function writeAscii(s: string, out: CsvByteSink): void {
  const n = s.length
  out.reserve(n)
  const b = out.buf
  let o = out.off
  if (n > 64) {
    out.off = o + b.write(s, o, 'latin1')
    return
  }
  for (let i = 0; i < n; i++) b[o++] = s.charCodeAt(i)
  out.off = o
}

/** Writes an integer |n| < 1e15 (where `Math.floor(n / 10)` is exact). */
export function writeSmallInt(n: number, out: CsvByteSink): void {
  out.reserve(17)
  const b = out.buf
  let o = out.off
  if (n < 0) {
    b[o++] = 45
    n = -n
  }
  let len = 1
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++
  let p = o + len
  while (n >= 10) {
    const q = Math.floor(n / 10)
    b[--p] = 48 + n - q * 10
    n = q
  }
  b[--p] = 48 + n
  out.off = o + len
}

const writeNumberInt: CellWriter = (v, out) => {
  const n = v as number
  if (n > -1e15 && n < 1e15) writeSmallInt(n, out)
  else writeAscii(String(n), out)
}

/** Writes a 64-bit integer given as a number (when exact) or a BigInt. */
export function writeInteger(v: number | bigint, out: CsvByteSink): void {
  const n = Number(v)
  if (n > -1e15 && n < 1e15) writeSmallInt(n, out)
  else writeAscii(String(v), out)
}

const writeBigInt: CellWriter = (v, out) => writeInteger(v as number | bigint, out)

// The last day's `YYYY-MM-DD` bytes: dumps go in key order, so days repeat.
let cachedDay = Number.NaN
const cachedDate = Buffer.alloc(10)

const two = (b: Buffer, o: number, n: number): void => {
  b[o] = 48 + ((n / 10) | 0)
  b[o + 1] = 48 + (n % 10)
}

/** `YYYY-MM-DDThh:mm:ss.ffffffZ` of µs since the epoch in 0 ≤ us < MAX_FAST_US (year 10000). */
export function writeIsoMicros(us: number, out: CsvByteSink): void {
  // floor divisions by multiplication back (exact: every value here is an integer below 2^53), no `%` on doubles
  let secs = Math.floor(us / 1e6)
  let frac = us - secs * 1e6
  if (frac < 0) {
    secs--
    frac += 1e6
  } else if (frac >= 1e6) {
    secs++
    frac -= 1e6
  }
  const days = Math.floor(secs / 86400)
  const tod = secs - days * 86400
  if (days !== cachedDay) {
    const { year, month, day } = civilFromDays(days)
    if (year > 9999) {
      writeAscii(formatIsoMicros(BigInt(us)), out)
      return
    }
    cachedDate.write(`${String(year).padStart(4, '0')}-`, 0, 'latin1')
    two(cachedDate, 5, month)
    cachedDate[7] = 45
    two(cachedDate, 8, day)
    cachedDay = days
  }
  out.reserve(27)
  const b = out.buf
  const o = out.off
  const d = cachedDate
  // ten bytes: a loop beats Buffer#copy's native call
  for (let i = 0; i < 10; i++) b[o + i] = d[i]!
  b[o + 10] = 84 // T
  const h = (tod / 3600) | 0
  const m = ((tod - h * 3600) / 60) | 0
  two(b, o + 11, h)
  b[o + 13] = 58
  two(b, o + 14, m)
  b[o + 16] = 58
  two(b, o + 17, tod - h * 3600 - m * 60)
  b[o + 19] = 46
  let f = frac
  for (let i = o + 25; i > o + 19; i--) {
    const q = (f / 10) | 0
    b[i] = 48 + f - q * 10
    f = q
  }
  b[o + 26] = 90 // Z
  out.off = o + 27
}

export const MAX_FAST_US = 253402300800e6 // year 10000

const isoWriter = (toMicros: (v: Value) => number, t: YdbType): CellWriter => (v, out) => {
  const us = toMicros(v)
  if (us >= 0 && us < MAX_FAST_US) writeIsoMicros(us, out)
  else writeAscii(formatCsvValue(v, t), out)
}

/** `"…"` with CGI escaping of raw bytes. */
function writeQuotedBytes(s: Uint8Array, out: CsvByteSink): void {
  out.reserve(s.length * 3 + 2)
  const b = out.buf
  let o = out.off
  b[o++] = 34
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    o = escapeByte(b, o, c)
  }
  b[o++] = 34
  out.off = o
}

/** Writes byte `c` CGI-escaped at `b[o]` (literal, '+' for space, or %XX); returns the next offset. */
function escapeByte(b: Buffer, o: number, c: number): number {
  const e = ESC[c]
  if (e === 0) b[o++] = c
  else if (e === 1) b[o++] = 0x2b
  else {
    b[o++] = 0x25
    b[o++] = HEX[c >> 4]!
    b[o++] = HEX[c & 15]!
  }
  return o
}

/** `"…"` with CGI escaping of a JS string's UTF-8 bytes; ASCII is escaped from char codes directly. */
function writeQuotedText(s: string, out: CsvByteSink): void {
  out.reserve(s.length * 3 + 2)
  const b = out.buf
  const start = out.off
  let o = start
  b[o++] = 34
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) {
      out.off = start
      writeQuotedBytes(Buffer.from(s, 'utf8'), out)
      return
    }
    o = escapeByte(b, o, c)
  }
  b[o++] = 34
  out.off = o
}

const POW10 = Array.from({ length: 15 }, (_, i) => 10 ** i)

/** Writes the decimal ±m·10^-k (m an integer < 1e15) in fixed notation, without trailing zeros beyond k digits. */
function writeDecimal(negative: boolean, m: number, k: number, out: CsvByteSink): void {
  out.reserve(24)
  if (negative) out.buf[out.off++] = 45
  if (k === 0) {
    writeSmallInt(m, out)
    return
  }
  const p = POW10[k]!
  const int = Math.floor(m / p)
  writeSmallInt(int, out)
  const b = out.buf
  const o = out.off
  b[o] = 46
  let f = m - int * p
  for (let i = o + k; i > o; i--) {
    const q = Math.floor(f / 10)
    b[i] = 48 + f - q * 10
    f = q
  }
  out.off = o + k + 1
}

/**
 * Double in the dump style (`%.10g`) without making a string, for values that
 * are a decimal m·10^-k with m < 1e10 (at most 10 significant digits) in the
 * fixed-notation range: `%.10g` of the double nearest such a decimal prints
 * exactly it (the double is within 2^-53 of it, far inside the 10th digit's
 * rounding step). The smallest k that reads back gives no trailing zeros.
 * Returns false, having written nothing, for other values.
 */
export function writeDumpDoubleFast(x: number, out: CsvByteSink): boolean {
  const a = x < 0 ? -x : x
  if (a >= 1e-4 && a < 1e10) {
    for (let k = 0; k < 15; k++) {
      const m = Math.round(a * POW10[k]!)
      if (m >= 1e10) break
      if (m / POW10[k]! === a) {
        writeDecimal(x < 0, m, k, out)
        return true
      }
    }
  }
  return false
}

/**
 * Double in the export style (the shortest text that reads back, as JS's
 * `String(x)` prints it) without making a string. The smallest k for which
 * some m·10^-k reads back as x (m / 10^k is the correctly rounded quotient of
 * exact integers, so `m / 10^k === x` is exactly "its text reads back") has
 * the fewest digits; it is the only such m while 10^-k is more than an ulp of
 * x (two decimals that round to x lie within an ulp). In 1e-4 ≤ |x| < 1e15 JS
 * prints fixed notation, as here. Returns false, having written nothing, for
 * other values.
 */
export function writeShortestDoubleFast(x: number, out: CsvByteSink): boolean {
  const a = x < 0 ? -x : x
  if (a >= 1e-4 && a < 1e15) {
    for (let k = 0; k < 15; k++) {
      const scaled = a * POW10[k]!
      // 2^-51·a bounds the ulp of a with room to spare; past it, or past exact integers, stop
      if (scaled >= 1e15 || a * 4.5e-16 * POW10[k]! >= 1) break
      const m = Math.round(scaled)
      if (m / POW10[k]! === a) {
        writeDecimal(x < 0, m, k, out)
        return true
      }
    }
  }
  return false
}

const doubleWriter = (t: YdbType, style: CsvStyle): CellWriter => {
  const fast = style === 'dump' ? writeDumpDoubleFast : writeShortestDoubleFast
  return (v, out) => {
    if (!fast(v as number, out)) writeAscii(formatCsvValue(v, t, style), out)
  }
}

/**
 * `"…"` with CGI escaping of `src[s, e)`: writeQuotedBytes' bytes and its one
 * reservation, without making a Uint8Array of the cell.
 */
export function writeQuotedRange(src: Uint8Array, s: number, e: number, out: CsvByteSink): void {
  out.reserve((e - s) * 3 + 2)
  const b = out.buf
  let o = out.off
  b[o++] = 34
  for (let i = s; i < e; i++) o = escapeByte(b, o, src[i]!)
  b[o++] = 34
  out.off = o
}

/**
 * What writeQuotedText writes for the string whose UTF-8 bytes are `src[s, e)`,
 * with the same reservations: one for the string's UTF-16 length, and, when
 * it is not all ASCII, a second one for its bytes.
 */
export function writeQuotedUtf8Range(src: Uint8Array, s: number, e: number, out: CsvByteSink): void {
  let any = 0
  for (let i = s; i < e; i++) any |= src[i]!
  if (any < 0x80) {
    // all ASCII: one UTF-16 unit per byte, so the two reservations are one
    writeQuotedRange(src, s, e, out)
    return
  }
  let units = 0
  for (let i = s; i < e; i++) {
    const c = src[i]!
    if (c < 0x80) units++
    else if (c >= 0xf0) units += 2 // a surrogate pair
    else if (c >= 0xc0) units++ // a lead byte; continuation bytes add nothing
  }
  out.reserve(units * 3 + 2)
  writeQuotedRange(src, s, e, out)
}

/** The cell writer CsvRowEncoder uses for a column of type `t`. */
export function cellWriterFor(t: YdbType, style: CsvStyle = 'dump'): (v: Value, out: CsvByteSink) => void {
  return cellWriter(t, style)
}

function cellWriter(t: YdbType, style: CsvStyle): CellWriter {
  if (t.kind === 'Primitive')
    switch (t.name) {
      case 'Int8': case 'Int16': case 'Int32': case 'Uint8': case 'Uint16': case 'Uint32': case 'Date32':
        return writeNumberInt
      case 'Int64': case 'Uint64': case 'Interval': case 'Interval64': case 'Datetime64': case 'Timestamp64':
        return writeBigInt
      case 'Timestamp':
        return isoWriter((v) => Number(v as bigint), t)
      case 'Datetime':
        return isoWriter((v) => (v as number) * 1e6, t)
      case 'Date':
        return isoWriter((v) => (v as number) * 86400e6, t)
      case 'String': case 'Yson':
        return (v, out) => writeQuotedBytes(v as Uint8Array, out)
      case 'Utf8': case 'Json': case 'JsonDocument':
        return (v, out) => writeQuotedText(v as string, out)
      case 'Double':
        return doubleWriter(t, style)
    }
  return (v, out) => writeAscii(formatCsvValue(v, t, style), out)
}

/** Writes rows of one table's columns as CSV lines, `formatCsvRow`'s bytes. */
export class CsvRowEncoder {
  private readonly writers: readonly CellWriter[]

  constructor(types: readonly YdbType[], style: CsvStyle = 'dump') {
    this.writers = types.map((t) => cellWriter(t, style))
  }

  /** Appends one row and its `\n`. */
  write(row: Row, out: CsvByteSink): void {
    const w = this.writers
    for (let i = 0; i < w.length; i++) {
      if (i > 0) {
        out.reserve(1)
        out.buf[out.off++] = 0x2c
      }
      const v = row[i] ?? null
      if (v === null) writeNull(out)
      else w[i]!(v, out)
    }
    out.reserve(1)
    out.buf[out.off++] = 0x0a
  }
}
