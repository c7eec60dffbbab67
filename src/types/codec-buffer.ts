// A small growable byte writer and a cursor reader, shared by the key and row codecs.
import { readU64BE, writeU64BE } from './int64-bytes.js'

/** Appends bytes into a growing buffer; `finish()` returns a copy of what was written. */
export class ByteWriter {
  buf: Buffer
  pos = 0
  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial)
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.pos++] = b
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  u32(v: number): void {
    this.ensure(4)
    this.buf.writeUInt32BE(v >>> 0, this.pos)
    this.pos += 4
  }

  u64(v: bigint): void {
    this.ensure(8)
    writeU64BE(this.buf, v, this.pos)
    this.pos += 8
  }

  f64(v: number): void {
    this.ensure(8)
    this.buf.writeDoubleBE(v, this.pos)
    this.pos += 8
  }

  varint(v: number): void {
    while (v >= 0x80) {
      this.byte((v & 0x7f) | 0x80)
      v = Math.floor(v / 128)
    }
    this.byte(v)
  }

  reset(): void {
    this.pos = 0
  }

  /** A fresh Buffer holding the written bytes (safe to keep). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos))
  }
}

/** Reads from a buffer at a moving offset. */
export class ByteReader {
  pos: number
  constructor(readonly buf: Buffer, offset = 0) {
    this.pos = offset
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated value')
    return this.buf[this.pos++]!
  }

  take(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new RangeError('truncated value')
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }

  /** A copy of the next n bytes as a plain Uint8Array (no Buffer view in between: half the cost). */
  copy(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new RangeError('truncated value')
    const b = new Uint8Array(this.buf.buffer, this.buf.byteOffset + this.pos, n).slice()
    this.pos += n
    return b
  }

  u32(): number {
    const v = this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }

  u64(): bigint {
    const v = readU64BE(this.buf, this.pos)
    this.pos += 8
    return v
  }

  f64(): number {
    const v = this.buf.readDoubleBE(this.pos)
    this.pos += 8
    return v
  }

  varint(): number {
    let v = 0
    let mul = 1
    for (;;) {
      const b = this.byte()
      v += (b & 0x7f) * mul
      if (b < 0x80) return v
      mul *= 128
    }
  }

  get done(): boolean {
    return this.pos >= this.buf.length
  }
}
