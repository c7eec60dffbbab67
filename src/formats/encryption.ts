/**
 * YDB's encrypted export files (spec §3.3; `ydb/core/backup/common/encryption.cpp`):
 *
 *   u16 BE headerLen, header (serialized TExportEncryptedFileHeader
 *   {Version=1 (1), IV (2), EncryptionAlgorithm (3)}), 16-byte tag   ← chunk 0: AAD only
 *   { u32 BE len, ciphertext, 16-byte tag }*                          ← chunks 1..n
 *   u32 BE 0, 16-byte tag                                              ← the last, empty chunk
 *
 * Chunk k is sealed with IV ^ (k as u32 BE at bytes 8..11); its AAD is the
 * previous chunk's tag (k > 0) followed by the length field. So reordering,
 * dropping, truncating or changing any byte fails authentication.
 */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto'
import { YqlError } from '../diagnostics/diagnostic.js'

export type EncryptionAlgorithm = 'AES-128-GCM' | 'AES-256-GCM' | 'ChaCha20-Poly1305'

const NAMES: Record<string, EncryptionAlgorithm> = {
  aes128gcm: 'AES-128-GCM',
  aes256gcm: 'AES-256-GCM',
  chacha20poly1305: 'ChaCha20-Poly1305',
}
const NODE_CIPHER: Record<EncryptionAlgorithm, string> = {
  'AES-128-GCM': 'aes-128-gcm',
  'AES-256-GCM': 'aes-256-gcm',
  'ChaCha20-Poly1305': 'chacha20-poly1305',
}
export const KEY_LENGTH: Record<EncryptionAlgorithm, number> = { 'AES-128-GCM': 16, 'AES-256-GCM': 32, 'ChaCha20-Poly1305': 32 }

const MAC_SIZE = 16
export const IV_SIZE = 12
export const MAX_BLOCK_SIZE = 30 << 20
const MAX_HEADER_SIZE = 16 << 10
/** Plaintext bytes per block when encrypting a stream. */
export const DEFAULT_BLOCK_SIZE = 1 << 20

export const ENCRYPTION_ERROR_CODE = 'formats/encryption'
const fail = (message: string): never => {
  throw YqlError.of(ENCRYPTION_ERROR_CODE, message)
}

/** YDB's name of an algorithm, matched case-insensitively ignoring `-` and `_`; undefined if unknown. */
export function normalizeAlgorithm(name: string): EncryptionAlgorithm | undefined {
  return NAMES[name.toLowerCase().replace(/[-_]/g, '')]
}

/** File types mixed into the IV (spec §3.3). */
export const BackupFileType = { Metadata: 0, Permissions: 1, TableSchema: 10, TableData: 11 } as const

export const generateIv = (): Buffer => randomBytes(IV_SIZE)

/** The per-file IV: base ^ file type (byte 0), item number (bytes 1–3), shard number (bytes 4–7). */
export function combineIv(base: Uint8Array, fileType: number, itemNumber: number, shardNumber = 0): Buffer {
  if (itemNumber >= 1 << 24) fail('Backup item number must be less than 16777216')
  const iv = Buffer.from(base)
  iv[0] = iv[0]! ^ fileType
  iv.writeUInt32BE((iv.readUInt32BE(0) ^ itemNumber) >>> 0, 0) // item number < 2^24: byte 0 unchanged
  iv.writeUInt32BE((iv.readUInt32BE(4) ^ shardNumber) >>> 0, 4)
  return iv
}

function chunkIv(iv: Uint8Array, chunk: number): Buffer {
  const out = Buffer.from(iv)
  out.writeUInt32BE((out.readUInt32BE(8) ^ chunk) >>> 0, 8)
  return out
}

function seal(alg: EncryptionAlgorithm, key: Uint8Array, iv: Buffer, aad: Buffer, data: Uint8Array): { ct: Buffer; tag: Buffer } {
  const c = createCipheriv(NODE_CIPHER[alg] as CipherGCMTypes, key, iv, { authTagLength: MAC_SIZE })
  c.setAAD(aad)
  const ct = data.length > 0 ? Buffer.concat([c.update(data), c.final()]) : (c.final(), Buffer.alloc(0))
  return { ct, tag: c.getAuthTag() }
}

function open(alg: EncryptionAlgorithm, key: Uint8Array, iv: Buffer, aad: Buffer, ct: Uint8Array, tag: Uint8Array, what: string): Buffer {
  const d = createDecipheriv(NODE_CIPHER[alg] as CipherGCMTypes, key, iv, { authTagLength: MAC_SIZE })
  d.setAAD(aad)
  d.setAuthTag(tag)
  try {
    return ct.length > 0 ? Buffer.concat([d.update(ct), d.final()]) : (d.final(), Buffer.alloc(0))
  } catch {
    return fail(`${what}: authentication failed (wrong key or corrupted data)`)
  }
}

function encodeHeader(alg: EncryptionAlgorithm, iv: Uint8Array): Buffer {
  const name = Buffer.from(alg)
  return Buffer.concat([Buffer.from([0x08, 0x01, 0x12, iv.length]), iv, Buffer.from([0x1a, name.length]), name])
}

function readVarint(b: Buffer, pos: number): [number, number] {
  let v = 0
  let shift = 0
  for (;;) {
    if (pos >= b.length) fail('encrypted file header: truncated')
    const byte = b[pos++]!
    v += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return [v, pos]
    shift += 7
    if (shift > 63) fail('encrypted file header: bad varint')
  }
}

/** Decodes TExportEncryptedFileHeader. */
export function decodeHeader(b: Buffer): { version: number; iv: Buffer; algorithm: string } {
  let version = 0
  let iv = Buffer.alloc(0)
  let algorithm = ''
  let pos = 0
  while (pos < b.length) {
    let tag: number
    ;[tag, pos] = readVarint(b, pos)
    const field = Math.floor(tag / 8)
    const wire = tag & 7
    if (wire === 0) {
      let v: number
      ;[v, pos] = readVarint(b, pos)
      if (field === 1) version = v
    } else if (wire === 2) {
      let len: number
      ;[len, pos] = readVarint(b, pos)
      if (pos + len > b.length) fail('encrypted file header: truncated')
      const bytes = b.subarray(pos, pos + len)
      pos += len
      if (field === 2) iv = Buffer.from(bytes)
      else if (field === 3) algorithm = bytes.toString('utf8')
    } else fail('encrypted file header: unsupported wire type')
  }
  return { version, iv, algorithm }
}

function checkKey(alg: EncryptionAlgorithm, key: Uint8Array): void {
  if (key.length !== KEY_LENGTH[alg]) fail(`Invalid key length ${key.length}. Expected: ${KEY_LENGTH[alg]}`)
}

/**
 * Encrypts a byte stream into YDB's layout, one block per `blockSize` bytes of
 * plaintext (the header is written even for an empty input).
 */
export async function* encryptStream(
  input: AsyncIterable<Uint8Array>,
  opts: { readonly algorithm: EncryptionAlgorithm; readonly key: Uint8Array; readonly iv: Uint8Array; readonly blockSize?: number },
): AsyncGenerator<Uint8Array> {
  const { algorithm: alg, key, iv } = opts
  checkKey(alg, key)
  if (iv.length !== IV_SIZE) fail(`Invalid IV length ${iv.length}. Expected: ${IV_SIZE}`)
  const blockSize = Math.min(opts.blockSize ?? DEFAULT_BLOCK_SIZE, MAX_BLOCK_SIZE)
  const header = encodeHeader(alg, iv)
  const lenField = Buffer.alloc(2)
  lenField.writeUInt16BE(header.length)
  const headerAad = Buffer.concat([lenField, header])
  let prev = seal(alg, key, chunkIv(iv, 0), headerAad, new Uint8Array()).tag
  yield Buffer.concat([headerAad, prev])
  let chunk = 1
  const block = (data: Uint8Array): Buffer => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const { ct, tag } = seal(alg, key, chunkIv(iv, chunk++), Buffer.concat([prev, len]), data)
    prev = tag
    return Buffer.concat([len, ct, tag])
  }
  let parts: Uint8Array[] = []
  let size = 0
  for await (const c of input) {
    parts.push(c)
    size += c.length
    while (size >= blockSize) {
      const all = Buffer.concat(parts, size)
      yield block(all.subarray(0, blockSize))
      parts = [all.subarray(blockSize)]
      size -= blockSize
    }
  }
  if (size > 0) yield block(Buffer.concat(parts, size))
  yield block(new Uint8Array())
}

/** A growing input buffer that serves exact byte counts. */
class Reader {
  private buf = Buffer.alloc(0)
  private done = false
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}
  async need(n: number): Promise<boolean> {
    while (this.buf.length < n && !this.done) {
      const r = await this.it.next()
      if (r.done) this.done = true
      else this.buf = this.buf.length === 0 ? Buffer.from(r.value) : Buffer.concat([this.buf, r.value])
    }
    return this.buf.length >= n
  }
  take(n: number): Buffer {
    const out = this.buf.subarray(0, n)
    this.buf = this.buf.subarray(n)
    return out
  }
  async atEnd(): Promise<boolean> {
    return !(await this.need(1))
  }
}

/**
 * Decrypts YDB's layout, yielding each block's plaintext once its tag checks.
 * Throws (YqlError 'formats/encryption') naming `file` on a wrong key, a changed,
 * reordered or missing block, a truncated file or trailing bytes.
 * `expectedIv`, when given, must equal the header's IV.
 */
export async function* decryptStream(
  input: AsyncIterable<Uint8Array>,
  opts: { readonly key: Uint8Array; readonly file?: string; readonly expectedIv?: Uint8Array; readonly algorithm?: EncryptionAlgorithm },
): AsyncGenerator<Uint8Array> {
  const file = opts.file ?? 'encrypted file'
  const r = new Reader(input[Symbol.asyncIterator]())
  if (!(await r.need(2))) fail(`${file}: truncated (no header)`)
  const hlen = r.take(2).readUInt16BE(0)
  if (hlen > MAX_HEADER_SIZE) fail(`${file}: header too large`)
  if (!(await r.need(hlen + MAC_SIZE))) fail(`${file}: truncated header`)
  const headerBytes = r.take(hlen)
  const header = decodeHeader(headerBytes)
  if (header.version !== 1) fail(`${file}: unsupported encrypted file version ${header.version}`)
  const alg = normalizeAlgorithm(header.algorithm)
  if (!alg) fail(`${file}: unknown encryption algorithm "${header.algorithm}"`)
  if (opts.algorithm && opts.algorithm !== alg) fail(`${file}: encrypted with ${alg}, expected ${opts.algorithm}`)
  checkKey(alg!, opts.key)
  if (header.iv.length !== IV_SIZE) fail(`${file}: bad IV length`)
  if (opts.expectedIv && !header.iv.equals(Buffer.from(opts.expectedIv))) fail(`${file}: unexpected IV`)
  const lenField = Buffer.alloc(2)
  lenField.writeUInt16BE(hlen)
  let prev = r.take(MAC_SIZE)
  open(alg!, opts.key, chunkIv(header.iv, 0), Buffer.concat([lenField, headerBytes]), new Uint8Array(), prev, `${file}: header`)
  for (let chunk = 1; ; chunk++) {
    if (!(await r.need(4))) fail(`${file}: truncated (missing final block)`)
    const lenB = Buffer.from(r.take(4))
    const len = lenB.readUInt32BE(0)
    if (len > MAX_BLOCK_SIZE) fail(`${file}: block ${chunk} too large (${len} bytes)`)
    if (!(await r.need(len + MAC_SIZE))) fail(`${file}: truncated in block ${chunk}`)
    const ct = Buffer.from(r.take(len))
    const tag = Buffer.from(r.take(MAC_SIZE))
    const pt = open(alg!, opts.key, chunkIv(header.iv, chunk), Buffer.concat([prev, lenB]), ct, tag, `${file}: block ${chunk}`)
    prev = tag
    if (len === 0) {
      if (!(await r.atEnd())) fail(`${file}: data after the final block`)
      return
    }
    yield pt
  }
}

/** Encrypts a whole buffer (small files: scheme.pb, permissions.pb, metadata.json). */
export async function encryptBuffer(data: Uint8Array, opts: { algorithm: EncryptionAlgorithm; key: Uint8Array; iv: Uint8Array }): Promise<Buffer> {
  const out: Uint8Array[] = []
  for await (const c of encryptStream((async function* () { yield data })(), { ...opts, blockSize: Math.max(1, data.length) })) out.push(c)
  return Buffer.concat(out)
}

export async function decryptBuffer(data: Uint8Array, opts: { key: Uint8Array; file?: string }): Promise<Buffer> {
  const out: Uint8Array[] = []
  for await (const c of decryptStream((async function* () { yield data })(), opts)) out.push(c)
  return Buffer.concat(out)
}
