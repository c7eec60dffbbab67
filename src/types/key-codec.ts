// Order-preserving, self-delimiting encoding of typed values: memcmp order of
// the encoded bytes equals YDB's comparison order (NULL first). Used for primary
// keys and index keys in the embedded engine (LMDB compares keys bytewise).
// Because each value is self-delimiting, the encoding of a key prefix is a byte
// prefix of the encoding of every key that starts with it (range scans).
import { ByteReader, ByteWriter } from './codec-buffer.js'
import { formatDyNumber, parseDyNumber } from './dynumber.js'
import type { YdbType } from './ydb-type.js'
import type { DecimalValue, Value } from './value.js'
import { uuidFromBytes, uuidToBytes } from './uuid-bytes.js'

/** How a type is laid out in keys. */
type KeyKind =
  | 'bool' | 'i32' | 'u32' | 'i64' | 'u64' | 'float' | 'double'
  | 'bytes' | 'text' | 'uuid' | 'decimal' | 'dynumber'

export function keyKindOf(t: YdbType): KeyKind {
  if (t.kind === 'Decimal') return 'decimal'
  switch (t.name) {
    case 'Bool': return 'bool'
    case 'Int8': case 'Int16': case 'Int32': case 'Date32': return 'i32'
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime': return 'u32'
    case 'Int64': case 'Datetime64': case 'Timestamp64': case 'Interval': case 'Interval64': return 'i64'
    case 'Uint64': case 'Timestamp': return 'u64'
    case 'Float': return 'float'
    case 'Double': return 'double'
    case 'String': case 'Yson': return 'bytes'
    case 'Uuid': return 'uuid'
    case 'DyNumber': return 'dynumber'
    default: return 'text' // Utf8, Json, JsonDocument
  }
}

const SIGN64 = 1n << 63n
const MASK128 = (1n << 128n) - 1n
const SIGN128 = 1n << 127n
/** YDB's Decimal special values as 128-bit integers (Inf = 10^35, NaN = Inf + 1). */
export const DECIMAL_INF = 10n ** 35n
export const DECIMAL_NAN = DECIMAL_INF + 1n

const NULL_TAG = 0x00
const VALUE_TAG = 0x01

/** The 128-bit integer YDB stores for a Decimal value. */
export function decimalToInt128(v: DecimalValue): bigint {
  if (v.special === 'inf') return DECIMAL_INF
  if (v.special === '-inf') return -DECIMAL_INF
  if (v.special === 'nan') return DECIMAL_NAN
  return v.unscaled
}

export function decimalFromInt128(n: bigint, scale: number): DecimalValue {
  if (n === DECIMAL_NAN) return { kind: 'Decimal', unscaled: 0n, scale, special: 'nan' }
  if (n === DECIMAL_INF) return { kind: 'Decimal', unscaled: 0n, scale, special: 'inf' }
  if (n === -DECIMAL_INF) return { kind: 'Decimal', unscaled: 0n, scale, special: '-inf' }
  return { kind: 'Decimal', unscaled: n, scale }
}

// Strings: 0x00 is escaped as 0x00 0xFF and the value ends with 0x00 0x00, so a
// shorter string sorts before any string it is a prefix of.
function writeEscaped(w: ByteWriter, b: Uint8Array): void {
  w.ensure(b.length + 2)
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!
    if (c === 0) {
      w.byte(0)
      w.byte(0xff)
    } else {
      w.buf[w.pos++] = c
    }
  }
  w.byte(0)
  w.byte(0)
}

function readEscaped(r: ByteReader): Buffer {
  const parts: number[] = []
  const start = r.pos
  const buf = r.buf
  // Fast path: no escapes.
  let i = start
  for (; i < buf.length; i++) {
    if (buf[i] === 0) break
  }
  if (i + 1 < buf.length && buf[i + 1] === 0) {
    r.pos = i + 2
    return Buffer.from(buf.subarray(start, i))
  }
  for (;;) {
    const c = r.byte()
    if (c !== 0) {
      parts.push(c)
      continue
    }
    const n = r.byte()
    if (n === 0) break
    parts.push(0)
  }
  return Buffer.from(parts)
}

function writeDouble(w: ByteWriter, v: number): void {
  w.ensure(8)
  if (Number.isNaN(v)) v = NaN // one NaN, sorting after +inf
  w.buf.writeDoubleBE(v === 0 ? 0 : v, w.pos) // -0 == 0
  if (w.buf[w.pos]! & 0x80) {
    for (let i = 0; i < 8; i++) w.buf[w.pos + i] = ~w.buf[w.pos + i]! & 0xff
  } else {
    w.buf[w.pos] = w.buf[w.pos]! | 0x80
  }
  w.pos += 8
}

function readDouble(r: ByteReader): number {
  const b = Buffer.from(r.take(8))
  if (b[0]! & 0x80) b[0] = b[0]! & 0x7f
  else for (let i = 0; i < 8; i++) b[i] = ~b[i]! & 0xff
  return b.readDoubleBE(0)
}

function writeDyNumber(w: ByteWriter, text: string): void {
  const p = parseDyNumber(text)
  if (!p) throw new RangeError(`not a DyNumber: ${text}`)
  if (p.digits === '') {
    w.byte(0x01)
    return
  }
  const exp = p.exponent + 0x8000
  if (exp < 0 || exp > 0xffff) throw new RangeError(`DyNumber exponent out of range: ${text}`)
  if (!p.negative) {
    w.byte(0x02)
    w.byte(exp >> 8)
    w.byte(exp & 0xff)
    for (let i = 0; i < p.digits.length; i++) w.byte(p.digits.charCodeAt(i) - 47) // '0' → 1
    w.byte(0x00)
  } else {
    // Negative numbers: everything inverted, and the terminator sorts after digits
    // (a shorter mantissa is a smaller magnitude, so a larger number).
    w.byte(0x00)
    const inv = 0xffff - exp
    w.byte(inv >> 8)
    w.byte(inv & 0xff)
    for (let i = 0; i < p.digits.length; i++) w.byte(11 - (p.digits.charCodeAt(i) - 47))
    w.byte(0xff)
  }
}

function readDyNumber(r: ByteReader): string {
  const sign = r.byte()
  if (sign === 0x01) return '0'
  const hi = r.byte()
  const lo = r.byte()
  let digits = ''
  if (sign === 0x02) {
    const exp = ((hi << 8) | lo) - 0x8000
    for (let c = r.byte(); c !== 0x00; c = r.byte()) digits += String.fromCharCode(c + 47)
    return formatDyNumber({ negative: false, digits, exponent: exp })
  }
  const exp = 0xffff - ((hi << 8) | lo) - 0x8000
  for (let c = r.byte(); c !== 0xff; c = r.byte()) digits += String.fromCharCode(11 - c + 47)
  return formatDyNumber({ negative: true, digits, exponent: exp })
}

/** Appends one value of kind `k` in key form. */
export function writeKeyValue(w: ByteWriter, k: KeyKind, v: Value): void {
  if (v === null || v === undefined) {
    w.byte(NULL_TAG)
    return
  }
  w.byte(VALUE_TAG)
  switch (k) {
    case 'bool':
      w.byte(v ? 1 : 0)
      return
    case 'i32':
      w.u32((v as number) + 0x80000000)
      return
    case 'u32':
      w.u32(v as number)
      return
    case 'i64':
      w.u64(BigInt.asUintN(64, (v as bigint) + SIGN64))
      return
    case 'u64':
      w.u64(v as bigint)
      return
    case 'float':
    case 'double':
      writeDouble(w, v as number)
      return
    case 'bytes':
      writeEscaped(w, v as Uint8Array)
      return
    case 'text':
      writeEscaped(w, Buffer.from(v as string, 'utf8'))
      return
    case 'uuid':
      w.bytes(uuidToBytes(v as string))
      return
    case 'decimal': {
      const n = (decimalToInt128(v as DecimalValue) + SIGN128) & MASK128
      w.u64(n >> 64n)
      w.u64(n & 0xffffffffffffffffn)
      return
    }
    case 'dynumber':
      writeDyNumber(w, v as string)
      return
  }
}

/** Reads one value of type `t` in key form. */
export function readKeyValue(r: ByteReader, k: KeyKind, t: YdbType): Value {
  const tag = r.byte()
  if (tag === NULL_TAG) return null
  switch (k) {
    case 'bool':
      return r.byte() === 1
    case 'i32':
      return r.u32() - 0x80000000
    case 'u32':
      return r.u32()
    case 'i64':
      return BigInt.asIntN(64, r.u64() - SIGN64)
    case 'u64':
      return r.u64()
    case 'float':
    case 'double':
      return readDouble(r)
    case 'bytes':
      return new Uint8Array(readEscaped(r))
    case 'text':
      return readEscaped(r).toString('utf8')
    case 'uuid':
      return uuidFromBytes(r.take(16))
    case 'decimal': {
      const hi = r.u64()
      const lo = r.u64()
      const n = BigInt.asIntN(128, ((hi << 64n) | lo) - SIGN128)
      return decimalFromInt128(n, t.kind === 'Decimal' ? t.scale : 0)
    }
    case 'dynumber':
      return readDyNumber(r)
  }
}

/** A compiled encoder/decoder for one tuple of column types. */
export class KeyCodec {
  readonly kinds: readonly KeyKind[]
  private readonly w = new ByteWriter(128)
  constructor(readonly types: readonly YdbType[]) {
    this.kinds = types.map(keyKindOf)
  }

  /** Encodes `values` (may be a prefix of the tuple) after `prefix`. Returns a fresh Buffer. */
  encode(values: readonly Value[], prefix?: Uint8Array): Buffer {
    const w = this.w
    w.reset()
    if (prefix) w.bytes(prefix)
    for (let i = 0; i < values.length; i++) writeKeyValue(w, this.kinds[i]!, values[i]!)
    return w.finish()
  }

  /** Encodes the values at `positions` of `row`, after `prefix` (no intermediate array). */
  encodeFrom(row: readonly Value[], positions: readonly number[], prefix?: Uint8Array): Buffer {
    const w = this.w
    w.reset()
    if (prefix) w.bytes(prefix)
    for (let i = 0; i < positions.length; i++) writeKeyValue(w, this.kinds[i]!, row[positions[i]!]!)
    return w.finish()
  }

  /** encodeFrom without the copy: the bytes are valid only until this codec encodes again. */
  encodeFromView(row: readonly Value[], positions: readonly number[], prefix?: Uint8Array): Buffer {
    const w = this.w
    w.reset()
    if (prefix) w.bytes(prefix)
    for (let i = 0; i < positions.length; i++) writeKeyValue(w, this.kinds[i]!, row[positions[i]!]!)
    return w.buf.subarray(0, w.pos)
  }

  /** Decodes the tuple at `offset` into `out` at `positions`; returns the end offset. */
  decodeInto(buf: Buffer, offset: number, out: Value[], positions: readonly number[]): number {
    const r = new ByteReader(buf, offset)
    for (let i = 0; i < this.kinds.length; i++) out[positions[i]!] = readKeyValue(r, this.kinds[i]!, this.types[i]!)
    return r.pos
  }

  /** Decodes the full tuple starting at `offset`; returns the values and the end offset. */
  decode(buf: Buffer, offset = 0): { values: Value[]; end: number } {
    const r = new ByteReader(buf, offset)
    const values: Value[] = new Array(this.kinds.length)
    for (let i = 0; i < this.kinds.length; i++) values[i] = readKeyValue(r, this.kinds[i]!, this.types[i]!)
    return { values, end: r.pos }
  }
}

/** Encodes a key tuple (convenience; prefer a KeyCodec in loops). */
export const encodeKey = (types: readonly YdbType[], values: readonly Value[]): Buffer => new KeyCodec(types).encode(values)
export const decodeKey = (types: readonly YdbType[], buf: Buffer): Value[] => new KeyCodec(types).decode(buf).values
