// A StorageBackend over an S3 bucket (AWS or any S3-protocol server: Ceph
// radosgw, MinIO, Yandex Object Storage, emulators).
//
// 1. Keys live under `prefix/` in `bucket`; checkKey guards every key, and list
//    skips foreign objects whose keys could not be ours ('a//b', 'dir/').
// 2. put streams through uploadObject (s3-multipart.ts): one PutObject for objects
//    up to `partSize`, else a multipart upload with `queueSize` parts in flight.
//    Both become visible atomically (PutObject / CompleteMultipartUpload). If the
//    source fails or the signal fires, the multipart upload is aborted
//    server-side and put rejects with the source's own error: nothing becomes
//    visible under the key. Bodies go as UNSIGNED-PAYLOAD (unsignedPayload below).
// 3. Every request, each part on its own, is retried by S3RetryStrategy (s3-retry.ts);
//    a download broken mid-body resumes with a ranged GET pinned by If-Match.
//    get streams one GET, or (readAhead > 0) ranged GETs downloading ahead of the reader.
// 4. Errors become YqlError with storage codes; messages name the object as
//    `s3://bucket/prefix/key` and never carry credentials.
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
  type StorageClass,
} from '@aws-sdk/client-s3'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { checkKey } from '../storage-backend.js'
import type { ObjectInfo, PutOptions, StorageBackend } from '../storage-backend.js'
import { StorageErrorCode, isStorageNotFound, isStoragePermanent, storageError } from '../storage-errors.js'
import type { S3Credentials } from './credentials.js'
import { PartBufferPool, SourceFailure, uploadObject } from './s3-multipart.js'
import { readAheadStream, rangeStream, type RangedReadContext } from './s3-ranged-read.js'
import { addUnsignedPayload } from './s3-unsigned-payload.js'
import { DEFAULT_RETRY_POLICY, S3RetryStrategy, httpStatusOf, isRetryableS3Error } from './s3-retry.js'
import type { RetryPolicy } from './s3-retry.js'

// The pinned SDK (3.1175, the last for Node 20) warns on every run that later
// releases need Node 22; that says nothing to our users, so it is silenced unless
// the user set the variable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/** Storage classes YDB's export accepts (ydb_export.proto), plus newer AWS ones. */
export const S3_STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'GLACIER_IR',
] as const

/** Where and how S3Storage connects. Credentials come from resolveS3Credentials, never from a URL. */
export interface S3StorageOptions {
  readonly bucket: string
  /** Key prefix inside the bucket ('' or 'a/b'; slashes at either end are ignored). */
  readonly prefix?: string
  /** `http://127.0.0.1:9000`, or a bare `host[:port]` completed with `scheme`. Absent: AWS. */
  readonly endpoint?: string
  /** For a bare endpoint (default https, as YDB's --scheme). */
  readonly scheme?: 'http' | 'https'
  /** Default us-east-1. */
  readonly region?: string
  /** Virtual-hosted addressing (bucket.host); default false: path style, which every S3 server accepts. */
  readonly virtualAddressing?: boolean
  readonly credentials: S3Credentials
  /** One of S3_STORAGE_CLASSES; absent: the bucket's default. */
  readonly storageClass?: string
  /** Multipart part size in bytes (default 8 MiB, at least 5 MiB); smaller objects use one PutObject. */
  readonly partSize?: number
  /** Parts uploaded in parallel per object (default 4). */
  readonly queueSize?: number
  /** Retries per request (default 10). */
  readonly retries?: number
  /** Backoff tuning (defaults 100 ms base, 5 s cap) and a retry hook. */
  readonly retryPolicy?: Partial<RetryPolicy>
  /** TCP connect timeout (default 5 s) and socket idle timeout (default 120 s), in ms. */
  readonly connectTimeoutMs?: number
  readonly socketTimeoutMs?: number
  /**
   * Ranged GETs downloading ahead of the reader of one object (default 0: one
   * streaming GET). Each holds up to `rangeSize` bytes until the reader gets there.
   * Worth it where one connection is slow (AWS over a long link); against local
   * radosgw and fauxqs one streaming GET was both faster (590-720 vs 330-450 MB/s
   * for 105 MB) and cheaper (0.15 vs 0.26 client cpu-s), as measured for issue 6.
   */
  readonly readAhead?: number
  /** Bytes per ranged GET (default 8 MiB). */
  readonly rangeSize?: number
  /** Parallel connections (default 32). */
  readonly maxSockets?: number
  /** Keys per ListObjectsV2 page (default 1000, the S3 maximum; tests lower it to exercise paging). */
  readonly listPageSize?: number
  /**
   * Sign the SHA-256 of every uploaded body (default false: PutObject and UploadPart
   * go as UNSIGNED-PAYLOAD, see `unsignedPayload`).
   */
  readonly signPayload?: boolean
}

const MiB = 1024 * 1024

export class S3Storage implements StorageBackend {
  readonly location: string
  readonly bucket: string
  /** '' or ending in '/'. */
  readonly prefix: string
  readonly endpoint: string | undefined
  readonly partSize: number
  readonly queueSize: number
  readonly retryPolicy: RetryPolicy
  /** The SDK client, for callers that need a raw baseline (benchmarks); do not destroy it. */
  readonly client: S3Client
  private readonly storageClass: StorageClass | undefined
  private readonly listPageSize: number | undefined
  private readonly credentialSource: string
  private readonly readAhead: number
  private readonly rangeSize: number
  /** Part buffers shared by this storage's uploads (s3-multipart.ts). */
  private readonly partPool: PartBufferPool

  constructor(opts: S3StorageOptions) {
    if (!/^[a-z0-9][a-z0-9.\-_]{1,254}$/i.test(opts.bucket))
      throw storageError(StorageErrorCode.InvalidUrl, `invalid S3 bucket name: ${JSON.stringify(opts.bucket)}`)
    this.bucket = opts.bucket
    const prefix = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '')
    if (prefix !== '') checkKey(prefix)
    this.prefix = prefix === '' ? '' : `${prefix}/`
    this.location = `s3://${this.bucket}${prefix === '' ? '' : `/${prefix}`}`
    this.endpoint = opts.endpoint === undefined ? undefined : normalizeEndpoint(opts.endpoint, opts.scheme)
    this.partSize = opts.partSize ?? 8 * MiB
    if (this.partSize < 5 * MiB) throw storageError(StorageErrorCode.InvalidUrl, `S3 part size must be at least 5 MiB, got ${this.partSize}`)
    this.queueSize = Math.max(1, opts.queueSize ?? 4)
    // Enough for one upload's parts in flight plus the one being filled; more are allocated when parallel puts need them.
    this.readAhead = Math.max(0, opts.readAhead ?? 0)
    this.rangeSize = Math.max(1, opts.rangeSize ?? 8 * MiB)
    this.partPool = new PartBufferPool(this.partSize, this.queueSize + 1)
    if (opts.storageClass !== undefined) {
      const sc = opts.storageClass.toUpperCase()
      if (!(S3_STORAGE_CLASSES as readonly string[]).includes(sc))
        throw storageError(StorageErrorCode.InvalidUrl, `unknown S3 storage class ${JSON.stringify(opts.storageClass)}; expected one of ${S3_STORAGE_CLASSES.join(', ')}`)
      this.storageClass = sc as StorageClass
    }
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retryPolicy, ...(opts.retries !== undefined ? { retries: opts.retries } : {}) }
    this.credentialSource = opts.credentials.source
    this.listPageSize = opts.listPageSize
    const agent = { keepAlive: true, maxSockets: opts.maxSockets ?? 32 }
    const config: S3ClientConfig = {
      region: opts.region ?? 'us-east-1',
      ...(this.endpoint !== undefined ? { endpoint: this.endpoint } : {}),
      forcePathStyle: !(opts.virtualAddressing ?? false),
      credentials: {
        accessKeyId: opts.credentials.accessKeyId,
        secretAccessKey: opts.credentials.secretAccessKey,
        ...(opts.credentials.sessionToken ? { sessionToken: opts.credentials.sessionToken } : {}),
      },
      maxAttempts: this.retryPolicy.retries + 1,
      retryStrategy: new S3RetryStrategy(this.retryPolicy) as unknown as S3ClientConfig['retryStrategy'],
      // Flexible checksums (CRC32 trailers, aws-chunked bodies) only where S3 demands them:
      // radosgw, MinIO and emulators differ in support; the dump format carries SHA-256 sidecars.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        connectionTimeout: opts.connectTimeoutMs ?? 5_000,
        socketTimeout: opts.socketTimeoutMs ?? 120_000,
        httpAgent: agent,
        httpsAgent: agent,
      },
    }
    this.client = new S3Client(config)
    if (opts.signPayload !== true) addUnsignedPayload(this.client)
  }

  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>, opts: PutOptions = {}): Promise<void> {
    checkKey(key)
    const signal = opts.signal
    const aborted = (cause: unknown): YqlError => storageError(StorageErrorCode.Aborted, `write aborted: ${this.nameOf(key)}`, cause)
    if (signal?.aborted) throw aborted(signal.reason)
    try {
      await uploadObject(
        {
          client: this.client,
          bucket: this.bucket,
          key: this.prefix + key,
          partSize: this.partSize,
          queueSize: this.queueSize,
          storageClass: this.storageClass,
          signal,
          onBytes: opts.onBytes,
        },
        data,
        this.partPool,
      )
    } catch (err) {
      // The source's own failure (or the abort) reaches the caller as it is, not an S3 echo of it.
      if (err instanceof SourceFailure) {
        if (signal?.aborted && err.sourceError === signal.reason) throw aborted(err.sourceError)
        throw err.sourceError
      }
      if (signal?.aborted) throw aborted(err)
      throw this.wrap(err, 'write', key)
    }
  }

  async *get(key: string, opts: { readonly signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> {
    checkKey(key)
    const ctx: RangedReadContext = {
      client: this.client,
      bucket: this.bucket,
      key: this.prefix + key,
      retryPolicy: this.retryPolicy,
      wrap: (err) => this.wrap(err, 'read', key),
    }
    if (this.readAhead <= 0) yield* rangeStream(ctx, 0, undefined, undefined, opts.signal)
    else yield* readAheadStream(ctx, this.readAhead, this.rangeSize, opts.signal)
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    checkKey(key)
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }))
      return { key, size: out.ContentLength ?? 0 }
    } catch (err) {
      const e = this.wrap(err, 'stat', key)
      if (isStorageNotFound(e)) return undefined
      throw e
    }
  }

  async *list(prefix: string, opts: { readonly signal?: AbortSignal } = {}): AsyncIterable<ObjectInfo> {
    // S3 promises UTF-8 byte order, but emulators (fauxqs, s3rver) do not keep it for
    // non-ASCII keys or '-' vs '/': the listing is collected and sorted here (about
    // 100 bytes per object; a dump holds one object per 128 MiB of data).
    const all: { info: ObjectInfo; sortKey: Buffer }[] = []
    for await (const info of this.listPages(prefix, opts.signal)) all.push({ info, sortKey: Buffer.from(info.key) })
    all.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey))
    for (const o of all) yield o.info
  }

  private async *listPages(prefix: string, signal: AbortSignal | undefined): AsyncIterable<ObjectInfo> {
    checkPrefix(prefix)
    let token: string | undefined
    do {
      let out
      try {
        out = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            ...(this.listPageSize !== undefined ? { MaxKeys: this.listPageSize } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
          signal ? { abortSignal: signal } : {},
        )
      } catch (err) {
        throw this.wrap(err, 'list', prefix)
      }
      for (const o of out.Contents ?? []) {
        if (o.Key === undefined || !o.Key.startsWith(this.prefix)) continue
        const key = o.Key.slice(this.prefix.length)
        if (!isValidKey(key)) continue
        yield { key, size: o.Size ?? 0 }
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined
    } while (token)
  }

  async remove(key: string): Promise<void> {
    checkKey(key)
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }))
    } catch (err) {
      const e = this.wrap(err, 'remove', key)
      if (!isStorageNotFound(e)) throw e
    }
  }

  async removePrefix(prefix: string): Promise<void> {
    // One DeleteObject per key: DeleteObjects needs Content-MD5 on some servers and not others.
    const keys: string[] = []
    for await (const o of this.list(prefix)) keys.push(o.key)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < keys.length) await this.remove(keys[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(8, keys.length) }, worker))
  }

  isNotFound(err: unknown): boolean {
    return isStorageNotFound(err)
  }

  isPermanent(err: unknown): boolean {
    return isStoragePermanent(err)
  }

  async close(): Promise<void> {
    this.client.destroy()
  }

  /** `s3://bucket/prefix/key`, for messages. */
  nameOf(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`
  }

  private wrap(err: unknown, op: 'read' | 'write' | 'stat' | 'list' | 'remove', key: string): YqlError {
    if (err instanceof YqlError) return err
    const e = (err ?? {}) as { name?: string; message?: string; Code?: string; code?: string }
    const status = httpStatusOf(err)
    const what = op === 'list' ? `list of ${this.nameOf(key)}*` : `${op} of ${this.nameOf(key)}`
    const at = this.endpoint ? ` at ${this.endpoint}` : ''
    const name = e.Code ?? e.name ?? 'Error'
    const detail = `${status !== undefined ? `${status} ` : ''}${name}${e.message && e.message !== name && e.message !== 'UnknownError' ? `: ${e.message}` : ''}`
    if (e.name === 'AbortError') return storageError(StorageErrorCode.Aborted, `${what} aborted`, err)
    if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket' && name !== 'NoSuchUpload'))
      return storageError(StorageErrorCode.NotFound, `object not found: ${this.nameOf(key)}`, err)
    if (name === 'NoSuchBucket') return storageError(StorageErrorCode.Rejected, `S3 bucket '${this.bucket}' does not exist${at}`, err)
    if (status === 401 || status === 403)
      return storageError(
        StorageErrorCode.PermissionDenied,
        `S3 denied ${what}${at} (${detail}); check the credentials from ${this.credentialSource} and the bucket policy`,
        err,
      )
    if (isRetryableS3Error(err))
      return storageError(StorageErrorCode.Unavailable, `S3 unavailable for ${what}${at} after ${this.retryPolicy.retries} retries: ${detail}`, err)
    if (status !== undefined) return storageError(StorageErrorCode.Rejected, `S3 rejected ${what}${at}: ${detail}`, err)
    return storageError(StorageErrorCode.Unavailable, `S3 ${what}${at} failed: ${detail}`, err)
  }
}

/** `host:port` → `scheme://host:port`; an explicit scheme wins. */
export function normalizeEndpoint(endpoint: string, scheme: 'http' | 'https' = 'https'): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${scheme}://${endpoint}`
  let u: URL
  try {
    u = new URL(withScheme)
  } catch {
    throw storageError(StorageErrorCode.InvalidUrl, `invalid S3 endpoint: ${JSON.stringify(endpoint)}`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw storageError(StorageErrorCode.InvalidUrl, `S3 endpoint must be http or https: ${JSON.stringify(endpoint)}`)
  if (u.username || u.password) throw storageError(StorageErrorCode.InvalidUrl, 'credentials are not accepted in an S3 endpoint; use --access-key/--secret-key, AWS_* variables or a profile')
  return withScheme.replace(/\/+$/, '')
}

function isValidKey(key: string): boolean {
  try {
    checkKey(key)
    return true
  } catch {
    return false
  }
}

/** A list prefix: free text after its last '/', a valid key before it. */
function checkPrefix(prefix: string): void {
  if (prefix.startsWith('/') || prefix.includes('\\') || prefix.includes('\0'))
    throw storageError(StorageErrorCode.InvalidKey, `invalid storage prefix: ${JSON.stringify(prefix)}`)
  const cut = prefix.lastIndexOf('/')
  if (cut >= 0) checkKey(prefix.slice(0, cut))
}
