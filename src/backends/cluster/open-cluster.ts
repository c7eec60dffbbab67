// Chooses the cluster backend from the front end's options: the embedded
// database in a data directory, or (later) a YDB cluster at an endpoint.
import { YqlError } from '../../diagnostics/diagnostic.js'
import type { ClusterBackend } from './cluster-backend.js'

/** YDB authentication, as the ydb CLI takes it (options or environment). */
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
  /** Where the embedded database keeps its files. */
  readonly dataDir: string
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly auth?: ClusterAuth
}

/** Opens the backend; throws YqlError (`cluster/unavailable`) when it cannot. */
export async function openCluster(opts: OpenClusterOptions): Promise<ClusterBackend> {
  if (opts.endpoint !== undefined) {
    if (!/^grpcs?:\/\/[^/]+/.test(opts.endpoint)) {
      throw YqlError.of('cluster/bad-endpoint', `Invalid endpoint '${opts.endpoint}': expected grpc://host:port or grpcs://host:port`)
    }
    throw YqlError.of(
      'cluster/unavailable',
      `The YDB backend is not available yet: cannot connect to ${opts.endpoint}. Omit --endpoint to use the embedded database (--data-dir).`,
    )
  }
  // Loaded on demand so commands that need no cluster (check) start without the engine.
  const { openEmbeddedCluster } = await import('./embedded/embedded-cluster.js')
  return openEmbeddedCluster({ dataDir: opts.dataDir, database: opts.database })
}
