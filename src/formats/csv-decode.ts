/**
 * The fast CSV reader of the restore: one cell reader per column, chosen once
 * per table, reads values straight from the file's bytes (no line strings, no
 * split, no per-cell substrings for integers, dump timestamps and plain
 * strings). Anything unusual goes through `parseCsvValue` on the cell's text,
 * and any error re-reads the line with `parseCsvRow`, so results and error
 * messages are exactly the slow path's.
 */
import { daysFromCivil } from '../types/time.js'
import type { YdbType } from '../types/ydb-type.js'
import type { Value } from '../types/value.js'
import { parseCsvValue } from './csv-value.js'

/** Reads one cell from `b[s, e)`; may throw (the caller then re-reads the line slowly). */
type CellReader = (b: Buffer, s: number, e: number) => Value

/** Buffer's own latin1 decoder, without toString's argument handling (hot: one call per text cell). */
const latin1 = (b: Buffer, s: number, e: number): string => (b as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(s, e)

const slowCell = (t: YdbType): CellReader => (b, s, e) => parseCsvValue(latin1(b, s, e), t)

/** An optionally signed run of at most 15 digits as a number, or undefined. */
function smallInt(b: Buffer, s: number, e: number): number | undefined {
  let neg = false
  if (s < e && (b[s] === 45 || b[s] === 43)) {
    neg = b[s] === 45
    s++
  }
  if (s === e || e - s > 15) return undefined
  let n = 0
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  return neg ? -n : n
}

const numberInt = (t: YdbType, min: number, max: number): CellReader => {
  const slow = slowCell(t)
  return (b, s, e) => {
    const n = smallInt(b, s, e)
    return n !== undefined && n >= min && n <= max ? n + 0 : slow(b, s, e) // + 0: -0 → 0
  }
}

const bigInt = (t: YdbType, min: number, max: number): CellReader => {
  const slow = slowCell(t)
  return (b, s, e) => {
    const n = smallInt(b, s, e)
    return n !== undefined && n >= min && n <= max ? BigInt(n) : slow(b, s, e)
  }
}

const DOUBLE_CHAR: Uint8Array = Uint8Array.from({ length: 256 }, (_, c) => ('0123456789+-.eE'.includes(String.fromCharCode(c)) ? 1 : 0))

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i)

/**
 * `[-]digits[.digits]` with at most 15 digits, as a double, or undefined. Exact:
 * both the integer and the power of ten are exact doubles, so the one division
 * rounds correctly and gives Number(text).
 */
function plainDecimal(b: Buffer, s: number, e: number): number | undefined {
  let i = s
  const neg = b[i] === 45
  if (neg || b[i] === 43) i++
  let m = 0
  let nd = 0
  let frac = -1
  for (; i < e; i++) {
    const c = b[i]!
    if (c === 46 && frac < 0) frac = nd
    else if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48)
      nd++
    } else return undefined
  }
  if (nd === 0 || nd > 15) return undefined
  const x = frac < 0 ? m : m / POW10[nd - frac]!
  return neg ? -x : x
}

const double = (t: YdbType, float: boolean): CellReader => {
  const slow = slowCell(t)
  return (b, s, e) => {
    const d = plainDecimal(b, s, e)
    if (d !== undefined) return float ? Math.fround(d) : d
    let plain = e > s
    for (let i = s; i < e && plain; i++) plain = DOUBLE_CHAR[b[i]!] === 1
    if (plain) {
      const x = Number(latin1(b, s, e))
      if (!Number.isNaN(x)) return float ? Math.fround(x) : x
    }
    return slow(b, s, e)
  }
}

// The last `YYYY-MM-DD` seen and its day number: dumps go in key order.
const cachedPrefix = Buffer.alloc(10)
let cachedDays = -1

const digits = (b: Buffer, s: number, n: number): number => {
  let v = 0
  for (let i = s; i < s + n; i++) {
    const d = b[i]! - 48
    if (d < 0 || d > 9) return -1e9
    v = v * 10 + d
  }
  return v
}
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** µs since the epoch of the exact dump form `YYYY-MM-DDThh:mm:ss.ffffffZ`, or -1. */
function dumpInstant(b: Buffer, s: number, e: number): number {
  if (e - s !== 27 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 10] !== 84 || b[s + 13] !== 58 || b[s + 16] !== 58 ||
    b[s + 19] !== 46 || b[s + 26] !== 90) return -1
  let days: number
  let same = cachedDays >= 0
  for (let i = 0; i < 10 && same; i++) same = b[s + i] === cachedPrefix[i]
  if (same) days = cachedDays
  else {
    const y = digits(b, s, 4)
    const mo = digits(b, s + 5, 2)
    const d = digits(b, s + 8, 2)
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > MONTH_DAYS[mo]!) return -1
    if (mo === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return -1
    days = daysFromCivil(y, mo, d)
    b.copy(cachedPrefix, 0, s, s + 10)
    cachedDays = days
  }
  const h = digits(b, s + 11, 2)
  const mi = digits(b, s + 14, 2)
  const sec = digits(b, s + 17, 2)
  const f = digits(b, s + 20, 6)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || f < 0) return -1
  return (days * 86400 + h * 3600 + mi * 60 + sec) * 1e6 + f
}

/** Date/Datetime/Timestamp from the dump form; `unit` µs per stored unit. */
const instant = (t: YdbType, unit: number, max: number, big: boolean): CellReader => {
  const slow = slowCell(t)
  return (b, s, e) => {
    const us = dumpInstant(b, s, e)
    if (us < 0) return slow(b, s, e)
    const v = Math.floor(us / unit)
    if (v > max) return slow(b, s, e)
    return big ? BigInt(v) : v
  }
}

/** True when `b[s, e)` has `%`, `+` or bytes ≥ 0x80 (else the text is its own bytes). */
function needsUnescape(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i]!
    if (c === 0x25 || c === 0x2b || c >= 0x80) return true
  }
  return false
}

// Small byte values are cut from shared slabs: one allocation per 64 KiB, not per cell.
const SLAB = 64 << 10
let slab = new Uint8Array(SLAB)
let slabOff = 0

const quoted = (b: Buffer, s: number, e: number): boolean => e - s >= 2 && b[s] === 0x22 && b[e - 1] === 0x22

const hexVal = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1

let scratch = Buffer.allocUnsafe(4096)

/** CGI-unescapes `b[s, e)` into `out` from `at` (cgiUnescape's rules: a bad `%` stays); returns the end. */
function unescapeInto(out: Uint8Array, at: number, b: Buffer, s: number, e: number): number {
  let n = at
  for (let i = s; i < e; i++) {
    const c = b[i]!
    if (c === 0x25 && i + 2 < e) {
      const h = hexVal(b[i + 1]!)
      const l = hexVal(b[i + 2]!)
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l
        i += 2
        continue
      }
      out[n++] = c
    } else out[n++] = c === 0x2b ? 0x20 : c
  }
  return n
}

/** CGI-unescapes `b[s, e)` into `scratch`; returns the length. */
function unescapeToScratch(b: Buffer, s: number, e: number): number {
  if (scratch.length < e - s) scratch = Buffer.allocUnsafe(Math.max(e - s, scratch.length * 2))
  return unescapeInto(scratch, 0, b, s, e)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The unescaped bytes of `b[s, e)` in one pass, cut from the slab (they are never longer). */
function unescapeBytes(b: Buffer, s: number, e: number): Uint8Array {
  const len = e - s
  if (len > 1024) {
    const n = unescapeToScratch(b, s, e)
    return new Uint8Array(scratch.subarray(0, n))
  }
  if (slabOff + len > SLAB) {
    slab = new Uint8Array(SLAB)
    slabOff = 0
  }
  const base = slabOff
  const n = unescapeInto(slab, base, b, s, e)
  slabOff = n
  return slab.subarray(base, n)
}

const bytesCell = (t: YdbType): CellReader => {
  const slow = slowCell(t)
  return (b, s, e) => (quoted(b, s, e) ? unescapeBytes(b, s + 1, e - 1) : slow(b, s, e))
}

const textCell = (t: YdbType): CellReader => {
  const slow = slowCell(t)
  return (b, s, e) => {
    if (!quoted(b, s, e)) return slow(b, s, e)
    if (!needsUnescape(b, s + 1, e - 1)) return latin1(b, s + 1, e - 1)
    const n = unescapeToScratch(b, s + 1, e - 1)
    let ascii = true
    for (let i = 0; i < n && ascii; i++) ascii = scratch[i]! < 0x80
    return ascii ? scratch.toString('latin1', 0, n) : utf8.decode(scratch.subarray(0, n)) // throws on bad UTF-8: slow path reports it
  }
}

function cellReader(t: YdbType): CellReader {
  if (t.kind === 'Primitive')
    switch (t.name) {
      case 'Int8': return numberInt(t, -128, 127)
      case 'Int16': return numberInt(t, -32768, 32767)
      case 'Int32': return numberInt(t, -2147483648, 2147483647)
      case 'Uint8': return numberInt(t, 0, 255)
      case 'Uint16': return numberInt(t, 0, 65535)
      case 'Uint32': return numberInt(t, 0, 4294967295)
      case 'Int64': case 'Interval': case 'Interval64': return bigInt(t, -Infinity, Infinity)
      case 'Uint64': return bigInt(t, 0, Infinity)
      case 'Double': return double(t, false)
      case 'Float': return double(t, true)
      case 'Timestamp': return instant(t, 1, 4291747199999999, true)
      case 'Datetime': return instant(t, 1e6, 4291747199, false)
      case 'Date': return instant(t, 86400e6, 49672, false)
      case 'String': case 'Yson': return bytesCell(t)
      case 'Utf8': return textCell(t)
    }
  return slowCell(t)
}

/** Reads rows of one table's column types from CSV line bytes. */
export class CsvRowDecoder {
  private readonly readers: readonly CellReader[]
  private readonly notNull: readonly boolean[]

  constructor(columns: readonly { readonly type: YdbType; readonly notNull?: boolean }[]) {
    this.readers = columns.map((c) => cellReader(c.type))
    this.notNull = columns.map((c) => c.notNull === true)
  }

  /**
   * The row of the line `b[s, e)` (no `\n`, no `\r`), or undefined when the
   * line is not plainly valid: the caller then re-reads it with parseCsvRow,
   * which returns the row or throws the exact error.
   */
  read(b: Buffer, s: number, e: number): Value[] | undefined {
    const readers = this.readers
    const n = readers.length
    const row = new Array<Value>(n)
    let start = s
    try {
      for (let i = 0; i < n; i++) {
        let end = start
        while (end < e && b[end] !== 0x2c) end++
        if (i === n - 1 ? end !== e : end === e) return undefined // wrong column count
        if (end - start === 4 && b[start] === 110 && b[start + 1] === 117 && b[start + 2] === 108 && b[start + 3] === 108) {
          if (this.notNull[i]) return undefined
          row[i] = null
        } else row[i] = readers[i]!(b, start, end)
        start = end + 1
      }
    } catch {
      return undefined
    }
    return row
  }
}
