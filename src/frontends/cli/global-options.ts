// Global options shared by every command, mirroring the ydb CLI's names.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ClusterAuth, OpenClusterOptions } from '../../backends/cluster/open-cluster.js'

/** The parsed global options (commander's `program.opts()`). */
export interface GlobalOptions {
  readonly endpoint?: string
  readonly database: string
  /** True when `-d` was given (not commander's default): then YDB_DATABASE does not apply. */
  readonly databaseGiven?: boolean
  readonly dataDir?: string
  readonly user?: string
  readonly passwordFile?: string
  /** false with `--no-password`. */
  readonly password?: boolean
  readonly tokenFile?: string
  readonly saKeyFile?: string
  readonly useMetadataCredentials?: boolean
  readonly caFile?: string
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * The embedded database's directory: `--data-dir`, else `$YQL_BACKUP_DATA_DIR`,
 * else `$XDG_DATA_HOME/yql-backup`, else `~/.local/share/yql-backup`.
 */
export function resolveDataDir(opt: string | undefined, env: Env): string {
  if (opt) return opt
  if (env['YQL_BACKUP_DATA_DIR']) return env['YQL_BACKUP_DATA_DIR']
  const xdg = env['XDG_DATA_HOME']
  return xdg ? join(xdg, 'yql-backup') : join(env['HOME'] || homedir(), '.local', 'share', 'yql-backup')
}

const readSecret = (path: string): string => readFileSync(path, 'utf8').replace(/\r?\n$/, '')

/**
 * Credentials given by options (`--token-file`, `--user` with `--password-file`
 * or `--no-password`, `--sa-key-file`, `--use-metadata-credentials`). The
 * environment (YDB_TOKEN here; YDB_ACCESS_TOKEN_CREDENTIALS, YDB_USER / YDB_PASSWORD,
 * YDB_ANONYMOUS_CREDENTIALS, YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS,
 * YDB_METADATA_CREDENTIALS, YDB_SSL_ROOT_CERTIFICATES_FILE) is read by the
 * YDB backend when no option is given, in the ydb CLI's order.
 */
export function resolveAuth(o: GlobalOptions, env: Env): ClusterAuth {
  const ca = o.caFile ? { caFile: o.caFile } : {}
  if (o.tokenFile) return { token: readSecret(o.tokenFile), ...ca }
  if (o.user) {
    const password = o.password === false ? '' : o.passwordFile ? readSecret(o.passwordFile) : env['YDB_PASSWORD']
    return { user: o.user, ...(password !== undefined ? { password } : {}), ...ca }
  }
  if (o.saKeyFile) return { saKeyFile: o.saKeyFile, ...ca }
  if (o.useMetadataCredentials) return { useMetadataCredentials: true, ...ca }
  // The ydb CLI's own token variable; the backend knows YDB_ACCESS_TOKEN_CREDENTIALS.
  if (env['YDB_TOKEN'] && !env['YDB_ACCESS_TOKEN_CREDENTIALS']) return { token: env['YDB_TOKEN'], ...ca }
  return ca
}

/** The options `openCluster` takes. */
export function clusterOptions(o: GlobalOptions, env: Env): OpenClusterOptions {
  return {
    ...(o.endpoint !== undefined ? { endpoint: o.endpoint, auth: resolveAuth(o, env) } : {}),
    // As the ydb CLI: with an endpoint and no -d, YDB_DATABASE names the database.
    database: o.endpoint !== undefined && !o.databaseGiven && env['YDB_DATABASE'] ? env['YDB_DATABASE'] : o.database,
    dataDir: resolveDataDir(o.dataDir, env),
    env,
  }
}
