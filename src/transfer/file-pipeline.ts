/**
 * How one backup file goes to and comes from storage: plaintext → zstd (data
 * files, when compressing) → SHA-256 of what would be stored unencrypted →
 * encryption → put; and back: get → decrypt → verify SHA-256 → zstd → plaintext.
 * Keys get `.zst` / `.enc` suffixes as YDB names them (spec §3.3).
 */
import { YqlError } from '../diagnostics/diagnostic.js'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { checksumKey, formatChecksumFile, HashingStream, parseChecksumFile } from '../formats/checksum.js'
import { decryptStream, encryptStream, type EncryptionAlgorithm } from '../formats/encryption.js'
import { zstdCompressStream, zstdDecompressStream } from '../formats/zstd.js'

export const TransferErrorCode = {
  Incomplete: 'transfer/incomplete',
  Checksum: 'transfer/checksum',
  MissingFile: 'transfer/missing-file',
  UnsafeName: 'transfer/unsafe-name',
  NotEmpty: 'transfer/not-empty',
  BadDump: 'transfer/bad-dump',
  SchemaMismatch: 'transfer/schema-mismatch',
  PathNotFound: 'transfer/path-not-found',
  Encryption: 'transfer/encryption',
} as const

export const transferError = (code: string, message: string): YqlError => YqlError.of(code, message)

/** How files of one dump/export are written. */
export interface FileCodec {
  readonly compressionLevel?: number
  readonly encryption?: { readonly algorithm: EncryptionAlgorithm; readonly key: Uint8Array }
  readonly checksums: boolean
}

/** The stored key of a file: `.zst` for compressed data files, `.enc` when encrypted. */
export function storedKey(key: string, codec: Pick<FileCodec, 'compressionLevel' | 'encryption'>, isData: boolean): string {
  return `${key}${isData && codec.compressionLevel !== undefined ? '.zst' : ''}${codec.encryption ? '.enc' : ''}`
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data
}

/**
 * Writes a file; returns the stored key and the bytes written (before encryption).
 * `iv` is required when the codec encrypts.
 */
export async function writeFile(
  storage: StorageBackend,
  key: string,
  content: Uint8Array | string | AsyncIterable<Uint8Array>,
  codec: FileCodec,
  opts: { readonly isData?: boolean; readonly iv?: Uint8Array; readonly signal?: AbortSignal },
): Promise<{ key: string; bytes: number }> {
  const isData = opts.isData ?? false
  const sk = storedKey(key, codec, isData)
  let stream: AsyncIterable<Uint8Array> =
    typeof content === 'string' ? once(Buffer.from(content)) : content instanceof Uint8Array ? once(content) : content
  if (isData && codec.compressionLevel !== undefined) stream = zstdCompressStream(stream, codec.compressionLevel)
  const hash = new HashingStream()
  stream = hash.pass(stream)
  if (codec.encryption) {
    if (!opts.iv) throw transferError(TransferErrorCode.Encryption, `no IV for ${key}`)
    stream = encryptStream(stream, { ...codec.encryption, iv: opts.iv })
  }
  await storage.put(sk, stream, opts.signal ? { signal: opts.signal } : {})
  if (codec.checksums) await storage.put(checksumKey(sk), Buffer.from(formatChecksumFile(hash.digest(), sk)))
  return { key: sk, bytes: hash.bytes }
}

/** Reads a whole small object, or undefined when it is absent. */
export async function readObject(storage: StorageBackend, key: string, signal?: AbortSignal): Promise<Buffer | undefined> {
  try {
    const parts: Uint8Array[] = []
    for await (const c of storage.get(key, signal ? { signal } : {})) parts.push(c)
    return Buffer.concat(parts)
  } catch (e) {
    if (storage.isNotFound(e)) return undefined
    throw e
  }
}

/** How to read a stored file back. */
export interface ReadOptions {
  readonly encryptionKey?: Uint8Array
  /** The expected SHA-256 (from the sidecar); a mismatch throws after the last byte. */
  readonly sha256?: string
  readonly signal?: AbortSignal
  /** Display name for errors. */
  readonly display?: string
}

/**
 * Streams a stored file's plaintext: decrypts `.enc`, checks the checksum,
 * decompresses `.zst`. Because the checksum can only be known at the end, a
 * caller that must not act on bad data verifies first (`verifyChecksum`).
 */
export async function* readFile(storage: StorageBackend, storedKeyName: string, opts: ReadOptions = {}): AsyncGenerator<Uint8Array> {
  const display = opts.display ?? storedKeyName
  let stream: AsyncIterable<Uint8Array> = storage.get(storedKeyName, opts.signal ? { signal: opts.signal } : {})
  if (storedKeyName.endsWith('.enc')) {
    if (!opts.encryptionKey) throw transferError(TransferErrorCode.Encryption, `No encryption key provided (${display} is encrypted)`)
    stream = decryptStream(stream, { key: opts.encryptionKey, file: display })
  }
  let hash: HashingStream | undefined
  if (opts.sha256 !== undefined) {
    hash = new HashingStream()
    stream = hash.pass(stream)
  }
  const plain = storedKeyName.replace(/\.enc$/, '').endsWith('.zst') ? zstdDecompressStream(stream) : stream
  try {
    yield* plain
  } catch (e) {
    if (e instanceof YqlError) throw e
    if (storage.isNotFound(e)) throw transferError(TransferErrorCode.MissingFile, `missing file: ${display}`)
    throw transferError(TransferErrorCode.BadDump, `${display}: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (hash && hash.digest() !== opts.sha256)
    throw transferError(TransferErrorCode.Checksum, `checksum mismatch: ${display} (the file is corrupted or truncated)`)
}

/** Reads a stored file completely into memory (small files). */
export async function readWholeFile(storage: StorageBackend, key: string, opts: ReadOptions = {}): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const c of readFile(storage, key, opts)) parts.push(c)
  return Buffer.concat(parts)
}

/** The digest in `key`'s sidecar, undefined if there is no sidecar; throws on a malformed one. */
export async function readChecksum(storage: StorageBackend, key: string, display: string): Promise<string | undefined> {
  const text = await readObject(storage, checksumKey(key))
  if (text === undefined) return undefined
  const hex = parseChecksumFile(text.toString('utf8'))
  if (hex === undefined) throw transferError(TransferErrorCode.Checksum, `malformed checksum file: ${display}.sha256`)
  return hex
}

/** Hashes a stored file (decrypting first when encrypted) and compares with `sha256`. */
export async function verifyChecksum(storage: StorageBackend, key: string, sha256: string, opts: ReadOptions = {}): Promise<void> {
  const display = opts.display ?? key
  let stream: AsyncIterable<Uint8Array> = storage.get(key)
  if (key.endsWith('.enc')) {
    if (!opts.encryptionKey) throw transferError(TransferErrorCode.Encryption, `No encryption key provided (${display} is encrypted)`)
    stream = decryptStream(stream, { key: opts.encryptionKey, file: display })
  }
  const hash = new HashingStream()
  try {
    for await (const c of stream) hash.update(c)
  } catch (e) {
    if (e instanceof YqlError) throw e
    if (storage.isNotFound(e)) throw transferError(TransferErrorCode.MissingFile, `missing file: ${display}`)
    throw e
  }
  if (hash.digest() !== sha256) throw transferError(TransferErrorCode.Checksum, `checksum mismatch: ${display} (the file is corrupted or truncated)`)
}
