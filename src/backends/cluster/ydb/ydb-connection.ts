// Connection settings for a YDB cluster, resolved the way the ydb CLI and SDKs
// do it: explicit options first, then the environment (YDB_ENDPOINT,
// YDB_DATABASE, YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS, YDB_ANONYMOUS_CREDENTIALS,
// YDB_METADATA_CREDENTIALS, YDB_ACCESS_TOKEN_CREDENTIALS, YDB_USER/YDB_PASSWORD,
// YDB_SSL_ROOT_CERTIFICATES_FILE). With nothing set the connection is anonymous
// (the ydb CLI's default; ydb-sdk's own default, metadata, would hang off-cloud).
import { readFileSync } from 'node:fs'
import { sdk } from './ydb-sdk-runtime.js'
import type { IAuthService, ISslCredentials, Logger } from 'ydb-sdk'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'

const { AnonymousAuthService, IamAuthService, MetadataAuthService, StaticCredentialsAuthService, TokenAuthService, getSACredentialsFromJson } = sdk

/** How to reach and authenticate to a YDB database. Every field falls back to the environment. */
export interface YdbConnectionOptions {
  /** `grpc://host:port` or `grpcs://host:port` (TLS). Env: YDB_ENDPOINT. */
  readonly endpoint?: string
  /** Database path, e.g. `/Root/db`. Env: YDB_DATABASE. */
  readonly database?: string
  /** Static credentials (YDB's built-in users). Env: YDB_USER, YDB_PASSWORD. */
  readonly user?: string
  readonly password?: string
  /** An access token (IAM or OAuth). Env: YDB_ACCESS_TOKEN_CREDENTIALS. */
  readonly token?: string
  /** A service-account key JSON file. Env: YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS. */
  readonly serviceAccountKeyFile?: string
  /** Use the cloud VM metadata service. Env: YDB_METADATA_CREDENTIALS=1. */
  readonly metadataCredentials?: boolean
  /** Force anonymous access. Env: YDB_ANONYMOUS_CREDENTIALS=1. */
  readonly anonymous?: boolean
  /** PEM file with the CA(s) to trust for grpcs://. Env: YDB_SSL_ROOT_CERTIFICATES_FILE. */
  readonly caFile?: string
  /** A ready auth service (tests, custom token providers); wins over every other credential. */
  readonly authService?: IAuthService
  /** How long to wait for endpoint discovery. Default 10 s. */
  readonly connectTimeoutMs?: number
  /** Environment to read instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** The resolved connection: what the driver and the raw service stubs share. */
export interface YdbConnection {
  /** `host:port`, no scheme. */
  readonly hostPort: string
  readonly secure: boolean
  readonly database: string
  readonly authService: IAuthService
  readonly credentialsKind: 'anonymous' | 'static' | 'token' | 'service-account' | 'metadata' | 'custom'
  readonly sslCredentials?: ISslCredentials
  readonly connectTimeoutMs: number
}

const noop = (): void => {}
/** ydb-sdk logs to the console by default; library code stays silent. */
export const silentLogger: Logger = { fatal: noop, error: noop, warn: noop, info: noop, debug: noop, trace: noop }

const usage = (message: string): YqlError => YqlError.of(BackendErrorCode.BadRequest, message)

export function resolveYdbConnection(opts: YdbConnectionOptions = {}): YdbConnection {
  const env = opts.env ?? process.env
  const endpoint = opts.endpoint ?? env.YDB_ENDPOINT
  const database = opts.database ?? env.YDB_DATABASE
  if (!endpoint) throw usage('No YDB endpoint: give -e grpc://host:port or set YDB_ENDPOINT')
  if (!database) throw usage('No YDB database: give -d /path/to/db or set YDB_DATABASE')
  const m = /^(grpcs?):\/\/([^/]+)\/?$/.exec(endpoint) ?? /^()([^/:]+:\d+)$/.exec(endpoint)
  if (!m) throw usage(`Invalid YDB endpoint ${endpoint}: expected grpc://host:port or grpcs://host:port`)
  const secure = m[1] === 'grpcs'
  const hostPort = m[2]!
  const db = database.startsWith('/') ? database.replace(/\/+$/, '') : `/${database.replace(/\/+$/, '')}`

  let sslCredentials: ISslCredentials | undefined
  const caFile = opts.caFile ?? env.YDB_SSL_ROOT_CERTIFICATES_FILE
  if (secure) {
    // Without a CA file ydb-sdk uses its bundled roots plus Node's.
    sslCredentials = caFile ? { rootCertificates: readFileSync(caFile) } : undefined
  }

  let authService: IAuthService
  let kind: YdbConnection['credentialsKind']
  const user = opts.user ?? env.YDB_USER
  const saFile = opts.serviceAccountKeyFile ?? env.YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS
  const token = opts.token ?? env.YDB_ACCESS_TOKEN_CREDENTIALS
  if (opts.authService) {
    authService = opts.authService
    kind = 'custom'
  } else if (opts.anonymous) {
    authService = new AnonymousAuthService()
    kind = 'anonymous'
  } else if (user !== undefined && user !== '') {
    const password = opts.password ?? env.YDB_PASSWORD ?? ''
    authService = new StaticCredentialsAuthService(user, password, `${secure ? 'grpcs' : 'grpc'}://${hostPort}`, silentLogger, {
      ...(sslCredentials ? { sslCredentials } : {}),
    })
    kind = 'static'
  } else if (token) {
    authService = new TokenAuthService(token)
    kind = 'token'
  } else if (saFile) {
    authService = new IamAuthService(getSACredentialsFromJson(saFile), sslCredentials, silentLogger)
    kind = 'service-account'
  } else if (opts.metadataCredentials || env.YDB_METADATA_CREDENTIALS === '1') {
    authService = new MetadataAuthService()
    kind = 'metadata'
  } else {
    authService = new AnonymousAuthService()
    kind = 'anonymous'
  }
  return {
    hostPort,
    secure,
    database: db,
    authService,
    credentialsKind: kind,
    ...(sslCredentials ? { sslCredentials } : {}),
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
  }
}
