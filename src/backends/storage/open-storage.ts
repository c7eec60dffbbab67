// Storage URLs → backends, for STORAGE = '...' of externally stored collections,
// `tools dump -o`, and export/import s3:
//   file:///abs/dir
//   s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&virtual=false
// Credentials are never part of a URL (a URL with user:password@ or a secret in its
// query is rejected, and error messages show the URL redacted): they come from the
// caller's CLI values, the AWS_* environment or a profile (s3/credentials.ts).
import { fileURLToPath } from 'node:url'
import { FsStorage } from './fs/fs-backend.js'
import { resolveS3Credentials } from './s3/credentials.js'
import type { StorageBackend } from './storage-backend.js'
import { StorageErrorCode, storageError } from './storage-errors.js'

/** A parsed storage URL (no IO, no credentials). */
export type StorageUrl =
  | { readonly kind: 'file'; readonly root: string }
  | {
      readonly kind: 's3'
      readonly bucket: string
      /** '' or without slashes at either end. */
      readonly prefix: string
      readonly endpoint?: string
      readonly scheme?: 'http' | 'https'
      readonly region?: string
      readonly virtualAddressing: boolean
      readonly storageClass?: string
      readonly partSize?: number
      readonly queueSize?: number
      readonly retries?: number
      readonly profile?: string
    }

/** What openStorage may take besides the URL. */
export interface OpenStorageOptions {
  /** Where AWS_* variables and HOME are read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Retries per S3 request (default: the URL's `retries`, else 10). */
  readonly retries?: number
  /** `--access-key` / `--secret-key` / `--aws-profile` values. */
  readonly accessKey?: string
  readonly secretKey?: string
  readonly profile?: string
  /** Overrides of the URL's S3 tuning. */
  readonly partSize?: number
  readonly queueSize?: number
  /** fsync on fs puts (default true). */
  readonly fsync?: boolean
}

const S3_QUERY_KEYS = ['endpoint', 'region', 'virtual', 'scheme', 'storage_class', 'part_size', 'queue_size', 'retries', 'profile']
const SECRET_QUERY = /^(access[_-]?key|secret|secret[_-]?key|aws_access_key_id|aws_secret_access_key|session[_-]?token|token|password|x-amz-credential|x-amz-signature|x-amz-security-token)$/i

/** Opens the backend for `url`; throws YqlError ('storage/invalid-url', 'storage/credentials'). */
export async function openStorage(url: string, opts: OpenStorageOptions = {}): Promise<StorageBackend> {
  const cfg = parseStorageUrl(url)
  if (cfg.kind === 'file') return new FsStorage(cfg.root, opts.fsync === undefined ? {} : { fsync: opts.fsync })
  const credentials = await resolveS3Credentials({
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.accessKey !== undefined ? { accessKey: opts.accessKey } : {}),
    ...(opts.secretKey !== undefined ? { secretKey: opts.secretKey } : {}),
    ...((opts.profile ?? cfg.profile) !== undefined ? { profile: (opts.profile ?? cfg.profile)! } : {}),
  })
  const env = opts.env ?? process.env
  const retries = opts.retries ?? cfg.retries
  const partSize = opts.partSize ?? cfg.partSize
  const queueSize = opts.queueSize ?? cfg.queueSize
  // Loaded on first use: the AWS SDK takes ~0.2 s to load, which every other command would pay.
  const { S3Storage } = await import('./s3/s3-backend.js')
  return new S3Storage({
    bucket: cfg.bucket,
    prefix: cfg.prefix,
    ...(cfg.endpoint !== undefined ? { endpoint: cfg.endpoint } : {}),
    ...(cfg.scheme !== undefined ? { scheme: cfg.scheme } : {}),
    region: cfg.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    virtualAddressing: cfg.virtualAddressing,
    credentials,
    ...(cfg.storageClass !== undefined ? { storageClass: cfg.storageClass } : {}),
    ...(partSize !== undefined ? { partSize } : {}),
    ...(queueSize !== undefined ? { queueSize } : {}),
    ...(retries !== undefined ? { retries } : {}),
  })
}

/** Parses and checks a storage URL without touching the storage. */
export function parseStorageUrl(url: string): StorageUrl {
  const shown = redactStorageUrl(url)
  const credentialsError = (): Error =>
    storageError(
      StorageErrorCode.InvalidUrl,
      `storage URL ${JSON.stringify(shown)} must not contain credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use AWS_PROFILE, or pass --access-key/--secret-key`,
    )
  // Checked on the raw text: the URL parser rejects some user info outright and folds '..' away.
  const raw = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(url)
  if (raw) {
    if (raw[2]!.includes('@')) throw credentialsError()
    if (raw[3]!.split('/').some((seg) => ['.', '..'].includes(safeDecode(seg))))
      throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} must not contain '.' or '..' segments`)
  }
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw storageError(StorageErrorCode.InvalidUrl, `invalid storage URL ${JSON.stringify(shown)}: expected file:///abs/dir or s3://bucket/prefix`)
  }
  if (u.username !== '' || u.password !== '') throw credentialsError()
  for (const k of u.searchParams.keys())
    if (SECRET_QUERY.test(k))
      throw storageError(
        StorageErrorCode.InvalidUrl,
        `storage URL ${JSON.stringify(shown)} must not contain credentials (${k}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use AWS_PROFILE, or pass --access-key/--secret-key`,
      )

  if (u.protocol === 'file:') {
    if (u.host !== '' && u.host !== 'localhost')
      throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} names a remote host; use file:///abs/dir`)
    if (u.search !== '' || u.hash !== '') throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} takes no query or fragment`)
    let root: string
    try {
      root = fileURLToPath(u)
    } catch (err) {
      throw storageError(StorageErrorCode.InvalidUrl, `invalid file URL ${JSON.stringify(shown)}: ${(err as Error).message}`, err)
    }
    if (root.length > 1) root = root.replace(/\/+$/, '')
    if (root.split('/').includes('..')) throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} must not contain '..'`)
    return { kind: 'file', root }
  }

  if (u.protocol !== 's3:')
    throw storageError(StorageErrorCode.InvalidUrl, `unsupported storage URL ${JSON.stringify(shown)}: expected file:///abs/dir or s3://bucket/prefix`)
  if (u.hash !== '') throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} takes no fragment`)
  const bucket = u.hostname
  if (bucket === '' || u.port !== '') throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} needs a bucket: s3://bucket/prefix`)
  let prefix: string
  try {
    prefix = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '')
  } catch {
    throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} has a malformed percent-encoding`)
  }
  if (prefix !== '' && prefix.split('/').some((s) => s === '' || s === '.' || s === '..'))
    throw storageError(StorageErrorCode.InvalidUrl, `storage URL ${JSON.stringify(shown)} has an invalid prefix (empty, '.' or '..' segments)`)

  const q = u.searchParams
  for (const k of q.keys())
    if (!S3_QUERY_KEYS.includes(k))
      throw storageError(StorageErrorCode.InvalidUrl, `unknown parameter '${k}' in storage URL ${JSON.stringify(shown)}; known: ${S3_QUERY_KEYS.join(', ')}`)
  const bool = (k: string): boolean | undefined => {
    const v = q.get(k)
    if (v === null) return undefined
    if (/^(true|1|yes)$/i.test(v)) return true
    if (/^(false|0|no)$/i.test(v)) return false
    throw storageError(StorageErrorCode.InvalidUrl, `parameter '${k}' in storage URL ${JSON.stringify(shown)} must be true or false`)
  }
  const int = (k: string, min: number): number | undefined => {
    const v = q.get(k)
    if (v === null) return undefined
    const n = parseSize(v)
    if (n === undefined || n < min)
      throw storageError(StorageErrorCode.InvalidUrl, `parameter '${k}' in storage URL ${JSON.stringify(shown)} must be an integer >= ${min}`)
    return n
  }
  const scheme = q.get('scheme')
  if (scheme !== null && scheme !== 'http' && scheme !== 'https')
    throw storageError(StorageErrorCode.InvalidUrl, `parameter 'scheme' in storage URL ${JSON.stringify(shown)} must be http or https`)
  const endpoint = q.get('endpoint') ?? undefined
  const region = q.get('region') ?? undefined
  const storageClass = q.get('storage_class') ?? undefined
  const partSize = int('part_size', 5 * 1024 * 1024)
  const queueSize = int('queue_size', 1)
  const retries = int('retries', 0)
  const profile = q.get('profile') ?? undefined
  return {
    kind: 's3',
    bucket,
    prefix,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(scheme !== null ? { scheme } : {}),
    ...(region !== undefined ? { region } : {}),
    virtualAddressing: bool('virtual') ?? false,
    ...(storageClass !== undefined ? { storageClass } : {}),
    ...(partSize !== undefined ? { partSize } : {}),
    ...(queueSize !== undefined ? { queueSize } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(profile !== undefined ? { profile } : {}),
  }
}

/** The URL with any user:password@ and secret-looking query values replaced by '***', for messages. */
export function redactStorageUrl(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1***@')
  out = out.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep: string, k: string) =>
    SECRET_QUERY.test(safeDecode(k)) ? `${sep}${k}=***` : m,
  )
  return out
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** `8388608`, `8MiB`, `8M`, `16KiB` → bytes. */
function parseSize(v: string): number | undefined {
  const m = /^(\d+)\s*(k|ki|kib|kb|m|mi|mib|mb|g|gi|gib|gb)?$/i.exec(v.trim())
  if (!m) return undefined
  const unit = (m[2] ?? '').toLowerCase()[0]
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1
  return Number(m[1]) * mult
}
