// Parsing of the transfer commands' options (ydb CLI names, spec §3.5) into
// the option objects of src/transfer/ and storage URLs. No IO except reading
// key files.
import { readFileSync } from 'node:fs'
import { YqlError } from '../../diagnostics/diagnostic.js'

type Env = Readonly<Record<string, string | undefined>>

/** A usage problem with YDB's words; the command turns it into exit code 2 or 1. */
export class TransferUsageError extends Error {}

/** `--item src=..,dst=..` (aliases source/s, destination/d). */
export interface TransferItem {
  readonly src: string
  readonly dst: string
}

export function parseItem(text: string): TransferItem {
  let src: string | undefined
  let dst: string | undefined
  for (const part of text.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new TransferUsageError(`Invalid item '${text}': expected src=<path>,dst=<path>`)
    const k = part.slice(0, eq).trim().toLowerCase()
    const v = part.slice(eq + 1).trim()
    if (k === 'src' || k === 'source' || k === 's') src = v
    else if (k === 'dst' || k === 'destination' || k === 'd') dst = v
    else throw new TransferUsageError(`Invalid item '${text}': unknown key '${k}'`)
  }
  if (!src || dst === undefined) throw new TransferUsageError(`Invalid item '${text}': both src and dst are required`)
  return { src, dst }
}

/** `zstd` or `zstd-N` (N 1..22) → zstd level (3 by default, as the ydb CLI). */
export function parseCompression(text: string): { level: number } {
  const m = /^zstd(?:-(\d+))?$/i.exec(text)
  const level = m ? (m[1] ? Number(m[1]) : 3) : NaN
  if (!m || level < 1 || level > 22) throw new TransferUsageError(`Unsupported compression '${text}': expected zstd or zstd-N (N from 1 to 22)`)
  return { level }
}

/** `0|1` (also true/false) for ydb's --restore-* options. */
export function parseFlag01(text: string): boolean {
  const t = text.toLowerCase()
  if (t === '1' || t === 'true') return true
  if (t === '0' || t === 'false') return false
  throw new TransferUsageError(`Expected 0 or 1, got '${text}'`)
}

export function parseBool(text: string): boolean {
  const t = text.toLowerCase()
  if (t === 'true' || t === '1' || t === 'yes') return true
  if (t === 'false' || t === '0' || t === 'no') return false
  throw new TransferUsageError(`Expected true or false, got '${text}'`)
}

export function parsePositiveInt(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new TransferUsageError(`Expected a positive integer, got '${text}'`)
  return Number(text)
}

/** A size: bytes, or with a K/M/G/T suffix (binary multiples; `KiB`, `MB` also read as binary). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim())
  if (!m) throw new TransferUsageError(`Invalid size '${text}': expected a number with an optional K, M, G or T suffix`)
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T']
  return Math.floor(Number(m[1]) * mult)
}

/** Regexes of `--exclude` (PCRE in YDB; JavaScript syntax here). */
export function parseExcludes(list: readonly string[] | undefined): RegExp[] {
  return (list ?? []).map((p) => {
    try {
      return new RegExp(p)
    } catch (e) {
      throw new TransferUsageError(`Invalid --exclude regular expression '${p}': ${(e as Error).message}`)
    }
  })
}

/**
 * The encryption key: `--encryption-key-file` (raw bytes), else
 * `YDB_ENCRYPTION_KEY` (hex), else `YDB_ENCRYPTION_KEY_FILE`.
 */
export function readEncryptionKey(file: string | undefined, env: Env): Uint8Array | undefined {
  if (file) return readFileSync(file)
  const hex = env['YDB_ENCRYPTION_KEY']
  if (hex !== undefined && hex !== '') {
    if (!/^([0-9a-f]{2})+$/i.test(hex.trim())) throw YqlError.of('transfer/bad-key', 'Failed to decode encryption key from hex')
    return Buffer.from(hex.trim(), 'hex')
  }
  const keyFile = env['YDB_ENCRYPTION_KEY_FILE']
  return keyFile ? readFileSync(keyFile) : undefined
}

/** S3 connection options shared by export and import. */
export interface S3Options {
  readonly s3Endpoint?: string
  readonly bucket?: string
  readonly scheme: 'http' | 'https'
  readonly accessKey?: string
  readonly secretKey?: string
  readonly awsProfile?: string
  readonly retries: string
  readonly useVirtualAddressing: string
  readonly storageClass?: string
}

/** `s3://bucket/prefix?endpoint=...` for openStorage; credentials travel separately. */
export function s3Url(o: S3Options, prefix: string): string {
  if (!o.s3Endpoint) throw new TransferUsageError("required option '--s3-endpoint <endpoint>' not specified")
  if (!o.bucket) throw new TransferUsageError("required option '--bucket <bucket>' not specified")
  const endpoint = /^[a-z][a-z0-9+.-]*:\/\//i.test(o.s3Endpoint) ? o.s3Endpoint : `${o.scheme}://${o.s3Endpoint}`
  const q = new URLSearchParams({ endpoint, virtual: String(parseBool(o.useVirtualAddressing)), retries: String(parsePositiveInt(o.retries)) })
  if (o.storageClass) q.set('storage_class', o.storageClass)
  const path = prefix
    .split('/')
    .filter((s) => s !== '')
    .map(encodeURIComponent)
    .join('/')
  return `s3://${o.bucket}/${path}?${q.toString()}`
}

/** openStorage's credential options from `--access-key`/`--secret-key`/`--aws-profile`. */
export function s3Credentials(o: S3Options): { accessKey?: string; secretKey?: string; profile?: string } {
  return {
    ...(o.accessKey !== undefined ? { accessKey: o.accessKey } : {}),
    ...(o.secretKey !== undefined ? { secretKey: o.secretKey } : {}),
    ...(o.awsProfile !== undefined ? { profile: o.awsProfile } : {}),
  }
}

/** `backup_YYYYMMDDTHHMMSS`, the ydb CLI's default dump directory name. */
export function defaultDumpDir(now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `backup_${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}T${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`
}
