// 64-bit integers to and from bytes through a typed-array scratch: Buffer's
// BigInt methods go through BigInt arithmetic (~100 ns a value), which a bulk
// load or a full scan pays once or twice per row; this is ~15 ns. Same bytes and
// values; a value out of range still goes to Buffer's method, for its error.
const i64 = new BigInt64Array(1)
const u64 = new BigUint64Array(i64.buffer)
const b = new Uint8Array(i64.buffer)
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n
const U64_MAX = 2n ** 64n - 1n

function putLE(buf: Uint8Array, p: number): void {
  buf[p] = b[0]!
  buf[p + 1] = b[1]!
  buf[p + 2] = b[2]!
  buf[p + 3] = b[3]!
  buf[p + 4] = b[4]!
  buf[p + 5] = b[5]!
  buf[p + 6] = b[6]!
  buf[p + 7] = b[7]!
}

function getLE(buf: Uint8Array, p: number): void {
  b[0] = buf[p]!
  b[1] = buf[p + 1]!
  b[2] = buf[p + 2]!
  b[3] = buf[p + 3]!
  b[4] = buf[p + 4]!
  b[5] = buf[p + 5]!
  b[6] = buf[p + 6]!
  b[7] = buf[p + 7]!
}

/** buf.writeBigInt64LE(v, p), faster. */
export function writeI64LE(buf: Buffer, v: bigint, p: number): void {
  if (!LITTLE || v < I64_MIN || v > I64_MAX || p < 0 || p + 8 > buf.length) {
    buf.writeBigInt64LE(v, p)
    return
  }
  i64[0] = v
  putLE(buf, p)
}

/** buf.writeBigUInt64LE(v, p), faster. */
export function writeU64LE(buf: Buffer, v: bigint, p: number): void {
  if (!LITTLE || v < 0n || v > U64_MAX || p < 0 || p + 8 > buf.length) {
    buf.writeBigUInt64LE(v, p)
    return
  }
  u64[0] = v
  putLE(buf, p)
}

/** buf.writeBigUInt64BE(v, p), faster. */
export function writeU64BE(buf: Buffer, v: bigint, p: number): void {
  if (!LITTLE || v < 0n || v > U64_MAX || p < 0 || p + 8 > buf.length) {
    buf.writeBigUInt64BE(v, p)
    return
  }
  u64[0] = v
  buf[p] = b[7]!
  buf[p + 1] = b[6]!
  buf[p + 2] = b[5]!
  buf[p + 3] = b[4]!
  buf[p + 4] = b[3]!
  buf[p + 5] = b[2]!
  buf[p + 6] = b[1]!
  buf[p + 7] = b[0]!
}

/** buf.readBigInt64LE(p), faster. */
export function readI64LE(buf: Buffer, p: number): bigint {
  if (!LITTLE || p < 0 || p + 8 > buf.length) return buf.readBigInt64LE(p)
  getLE(buf, p)
  return i64[0]!
}

/** buf.readBigUInt64LE(p), faster. */
export function readU64LE(buf: Buffer, p: number): bigint {
  if (!LITTLE || p < 0 || p + 8 > buf.length) return buf.readBigUInt64LE(p)
  getLE(buf, p)
  return u64[0]!
}

/** buf.readBigUInt64BE(p), faster. */
export function readU64BE(buf: Buffer, p: number): bigint {
  if (!LITTLE || p < 0 || p + 8 > buf.length) return buf.readBigUInt64BE(p)
  b[7] = buf[p]!
  b[6] = buf[p + 1]!
  b[5] = buf[p + 2]!
  b[4] = buf[p + 3]!
  b[3] = buf[p + 4]!
  b[2] = buf[p + 5]!
  b[1] = buf[p + 6]!
  b[0] = buf[p + 7]!
  return u64[0]!
}
