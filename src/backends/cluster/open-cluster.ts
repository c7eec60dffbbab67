// Chooses the cluster backend from the front end's options: the embedded
// database in a data directory, or a YDB cluster at an endpoint.
import type { ClusterBackend } from './cluster-backend.js'

/**
 * Credentials given explicitly (CLI options, library callers). What is not
 * given here the YDB backend reads from the environment as the ydb CLI does
 * (YDB_ACCESS_TOKEN_CREDENTIALS, YDB_USER/YDB_PASSWORD, ...).
 */
export interface ClusterAuth {
  readonly user?: string
  readonly password?: string
  readonly token?: string
  readonly anonymous?: boolean
  readonly saKeyFile?: string
  readonly useMetadataCredentials?: boolean
  readonly caFile?: string
}

/** What is needed to open a cluster: no endpoint means the embedded database. */
export interface OpenClusterOptions {
  /** `grpc://host:port` or `grpcs://host:port`; absent for the embedded database. */
  readonly endpoint?: string
  /** Database root, e.g. `/local`. */
  readonly database: string
  /** Where the embedded database keeps its files (ignored with an endpoint). */
  readonly dataDir: string
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly auth?: ClusterAuth
}

/** Opens the backend; throws YqlError when it cannot (bad endpoint, unreachable, bad credentials). */
export async function openCluster(opts: OpenClusterOptions): Promise<ClusterBackend> {
  // Backends are loaded on demand: the embedded engine needs lmdb, the YDB one ydb-sdk.
  if (opts.endpoint !== undefined) {
    const { openYdbCluster } = await import('./ydb/ydb-cluster.js')
    const a = opts.auth ?? {}
    return openYdbCluster({
      endpoint: opts.endpoint,
      database: opts.database,
      ...(opts.env ? { env: opts.env } : {}),
      ...(a.user !== undefined ? { user: a.user } : {}),
      ...(a.password !== undefined ? { password: a.password } : {}),
      ...(a.token !== undefined ? { token: a.token } : {}),
      ...(a.anonymous ? { anonymous: true } : {}),
      ...(a.saKeyFile !== undefined ? { serviceAccountKeyFile: a.saKeyFile } : {}),
      ...(a.useMetadataCredentials ? { metadataCredentials: true } : {}),
      ...(a.caFile !== undefined ? { caFile: a.caFile } : {}),
    })
  }
  const { openEmbeddedCluster } = await import('./embedded/embedded-cluster.js')
  return openEmbeddedCluster({ dataDir: opts.dataDir, database: opts.database })
}
