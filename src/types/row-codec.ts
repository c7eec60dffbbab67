// Compact (not order-preserving) encoding of a tuple of typed values: the
// stored form of a row's non-key columns and of change-capture images.
// Layout: per value a tag byte (0 = NULL, 1 = value) then the value.
import { readI64LE, readU64LE, writeI64LE, writeU64LE } from './int64-bytes.js'
import { ByteReader, ByteWriter } from './codec-buffer.js'
import { decimalFromInt128, decimalToInt128, keyKindOf } from './key-codec.js'
import type { YdbType } from './ydb-type.js'
import type { DecimalValue, Value } from './value.js'

type RowKind = 'bool' | 'i32' | 'u32' | 'i64' | 'u64' | 'f64' | 'bytes' | 'text' | 'decimal'

/** The key layout's kind, with the distinctions only keys need (ordering of floats, Uuid, DyNumber) folded away. */
function rowKindOf(t: YdbType): RowKind {
  const k = keyKindOf(t)
  return k === 'float' || k === 'double' ? 'f64' : k === 'uuid' || k === 'dynumber' ? 'text' : k
}

const MASK64 = 0xffffffffffffffffn

/** A compiled row encoder/decoder for one tuple of column types. */
/** Texts and byte strings up to this long are copied in JS (a native call costs more); < 0x80: a one-byte varint. */
const SHORT = 64

export class RowCodec {
  private readonly kinds: readonly RowKind[]
  private readonly scales: readonly number[]
  private readonly w = new ByteWriter(256)
  constructor(readonly types: readonly YdbType[]) {
    this.kinds = types.map(rowKindOf)
    this.scales = types.map((t) => (t.kind === 'Decimal' ? t.scale : 0))
  }

  /** Encodes the values at `positions` of `row` (all of them when omitted), after `prefix`. */
  encode(row: readonly Value[], positions?: readonly number[], prefix?: Uint8Array): Buffer {
    this.encodeView(row, positions, prefix)
    return this.w.finish()
  }

  /** encode without the copy: the bytes are valid only until this codec encodes again. */
  encodeView(row: readonly Value[], positions?: readonly number[], prefix?: Uint8Array): Buffer {
    const w = this.w
    w.reset()
    if (prefix) w.bytes(prefix)
    const n = positions ? positions.length : row.length
    for (let i = 0; i < n; i++) {
      const v = row[positions ? positions[i]! : i]
      const k = this.kinds[i]!
      if (v === null || v === undefined) {
        w.byte(0)
        continue
      }
      w.byte(1)
      switch (k) {
        case 'bool': w.byte(v ? 1 : 0); break
        case 'i32': w.ensure(4); w.buf.writeInt32LE(v as number, w.pos); w.pos += 4; break
        case 'u32': w.ensure(4); w.buf.writeUInt32LE(v as number, w.pos); w.pos += 4; break
        case 'i64': w.ensure(8); writeI64LE(w.buf, v as bigint, w.pos); w.pos += 8; break
        case 'u64': w.ensure(8); writeU64LE(w.buf, v as bigint, w.pos); w.pos += 8; break
        case 'f64': w.ensure(8); w.buf.writeDoubleLE(v as number, w.pos); w.pos += 8; break
        case 'bytes': {
          const b = v as Uint8Array
          const len = b.length
          if (len < 0x80 && len <= SHORT) {
            // A short value: one length byte and a plain copy loop (no native call).
            w.ensure(len + 1)
            const buf = w.buf
            let p = w.pos
            buf[p++] = len
            for (let j = 0; j < len; j++) buf[p++] = b[j]!
            w.pos = p
            break
          }
          w.varint(len)
          w.bytes(b)
          break
        }
        case 'text': {
          const s = v as string
          const n = s.length
          if (n <= SHORT) {
            // Short ASCII text: its UTF-8 bytes are its char codes.
            w.ensure(n + 1)
            const buf = w.buf
            const start = w.pos
            let p = start + 1
            let j = 0
            for (; j < n; j++) {
              const c = s.charCodeAt(j)
              if (c >= 0x80) break
              buf[p++] = c
            }
            if (j === n) {
              buf[start] = n
              w.pos = p
              break
            }
          }
          const len = Buffer.byteLength(s, 'utf8')
          w.varint(len)
          w.ensure(len)
          w.pos += w.buf.write(s, w.pos, 'utf8')
          break
        }
        case 'decimal': {
          const x = BigInt.asUintN(128, decimalToInt128(v as DecimalValue))
          w.ensure(16)
          w.buf.writeBigUInt64LE(x & MASK64, w.pos)
          w.buf.writeBigUInt64LE(x >> 64n, w.pos + 8)
          w.pos += 16
          break
        }
      }
    }
    return w.buf.subarray(0, w.pos)
  }

  /** Decodes into `out` at `positions` (or a fresh array), reading from `offset`. */
  decodeInto(buf: Buffer, out: Value[], positions?: readonly number[], offset = 0): number {
    const r = new ByteReader(buf, offset)
    const kinds = this.kinds
    for (let i = 0; i < kinds.length; i++) {
      const at = positions ? positions[i]! : i
      if (r.byte() === 0) {
        out[at] = null
        continue
      }
      let v: Value
      const p = r.pos
      switch (kinds[i]!) {
        case 'bool': v = buf[r.pos++] === 1; break
        case 'i32': v = buf.readInt32LE(p); r.pos += 4; break
        case 'u32': v = buf.readUInt32LE(p); r.pos += 4; break
        case 'i64': v = readI64LE(buf, p); r.pos += 8; break
        case 'u64': v = readU64LE(buf, p); r.pos += 8; break
        case 'f64': v = buf.readDoubleLE(p); r.pos += 8; break
        case 'bytes': {
          const len = r.varint()
          v = r.copy(len)
          break
        }
        case 'text': {
          const len = r.varint()
          v = buf.toString('utf8', r.pos, r.pos + len)
          r.pos += len
          break
        }
        case 'decimal': {
          const lo = buf.readBigUInt64LE(p)
          const hi = buf.readBigUInt64LE(p + 8)
          r.pos += 16
          v = decimalFromInt128(BigInt.asIntN(128, (hi << 64n) | lo), this.scales[i]!)
          break
        }
      }
      out[at] = v
    }
    return r.pos
  }

  decode(buf: Buffer, offset = 0): Value[] {
    const out: Value[] = new Array(this.kinds.length)
    this.decodeInto(buf, out, undefined, offset)
    return out
  }
}
