// S3 credentials, resolved the way YDB's CLI does (spec §3.5): explicit
// --access-key/--secret-key, else an explicit --aws-profile, else the AWS_*
// environment variables, else a profile (AWS_PROFILE or "default") of the shared
// credentials file. Never from a storage URL. The secret never appears in a
// message, in JSON or in util.inspect output.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { StorageErrorCode, storageError } from '../storage-errors.js'

/** Static credentials for one S3 client; `source` says where they came from (for messages, never the secret). */
export interface S3Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly source: string
}

/** What the caller knows: CLI values, and the environment to read AWS_* from. */
export interface S3CredentialOptions {
  /** `--access-key`; must come with `secretKey`. */
  readonly accessKey?: string
  /** `--secret-key`. */
  readonly secretKey?: string
  /** `--aws-profile`. */
  readonly profile?: string
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Overrides AWS_SHARED_CREDENTIALS_FILE and ~/.aws/credentials. */
  readonly credentialsFile?: string
}

/** Resolves credentials or throws YqlError 'storage/credentials' naming where it looked. */
export async function resolveS3Credentials(opts: S3CredentialOptions = {}): Promise<S3Credentials> {
  const env = opts.env ?? process.env
  const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s)

  const accessKey = nonEmpty(opts.accessKey)
  const secretKey = nonEmpty(opts.secretKey)
  if (accessKey !== undefined || secretKey !== undefined) {
    if (accessKey === undefined || secretKey === undefined)
      throw storageError(StorageErrorCode.Credentials, '--access-key and --secret-key must be given together')
    return makeCredentials(accessKey, secretKey, undefined, 'command line')
  }

  const file = opts.credentialsFile ?? nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(nonEmpty(env.HOME) ?? homedir(), '.aws', 'credentials')
  if (opts.profile !== undefined) return fromProfile(file, opts.profile, true)

  const envKey = nonEmpty(env.AWS_ACCESS_KEY_ID)
  const envSecret = nonEmpty(env.AWS_SECRET_ACCESS_KEY)
  if (envKey !== undefined || envSecret !== undefined) {
    if (envKey === undefined || envSecret === undefined)
      throw storageError(
        StorageErrorCode.Credentials,
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together',
      )
    return makeCredentials(envKey, envSecret, nonEmpty(env.AWS_SESSION_TOKEN), 'environment')
  }

  const profile = nonEmpty(env.AWS_PROFILE)
  return fromProfile(file, profile ?? 'default', profile !== undefined)
}

async function fromProfile(file: string, profile: string, explicit: boolean): Promise<S3Credentials> {
  let text: string | undefined
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'ENOENT') throw storageError(StorageErrorCode.Credentials, `cannot read AWS credentials file ${file}: ${code ?? String(err)}`, err)
  }
  const section = text === undefined ? undefined : parseIni(text).get(profile)
  if (section === undefined) {
    throw storageError(
      StorageErrorCode.Credentials,
      explicit
        ? `AWS profile '${profile}' not found in ${file}`
        : `no S3 credentials: use --access-key/--secret-key, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a [default] profile to ${file}`,
    )
  }
  const key = section.get('aws_access_key_id')
  const secret = section.get('aws_secret_access_key')
  if (!key || !secret)
    throw storageError(StorageErrorCode.Credentials, `AWS profile '${profile}' in ${file} lacks aws_access_key_id or aws_secret_access_key`)
  return makeCredentials(key, secret, section.get('aws_session_token') || undefined, `profile ${profile} (${file})`)
}

/**
 * Parses the AWS shared credentials INI dialect: `[name]` sections (also
 * `[profile name]`, as in ~/.aws/config), `key = value` lines, `#`/`;` comments.
 * Keys are lower-cased; later duplicates win.
 */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>()
  let cur: Map<string, string> | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const sec = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line)
    if (sec) {
      const name = sec[1]!
      cur = out.get(name) ?? new Map()
      out.set(name, cur)
      continue
    }
    const eq = line.indexOf('=')
    if (cur === undefined || eq < 0) continue
    cur.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim())
  }
  return out
}

/** Credentials whose secret stays out of JSON.stringify, String() and util.inspect. */
function makeCredentials(accessKeyId: string, secretAccessKey: string, sessionToken: string | undefined, source: string): S3Credentials {
  const shown = { accessKeyId, secretAccessKey: '<redacted>', ...(sessionToken ? { sessionToken: '<redacted>' } : {}), source }
  const c = { accessKeyId, source } as S3Credentials & Record<string | symbol, unknown>
  Object.defineProperty(c, 'secretAccessKey', { value: secretAccessKey, enumerable: false })
  if (sessionToken !== undefined) Object.defineProperty(c, 'sessionToken', { value: sessionToken, enumerable: false })
  Object.defineProperty(c, 'toJSON', { value: () => shown, enumerable: false })
  Object.defineProperty(c, 'toString', { value: () => `S3 credentials from ${source}`, enumerable: false })
  Object.defineProperty(c, inspect.custom, { value: () => shown, enumerable: false })
  return c
}
