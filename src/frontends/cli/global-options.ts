// Global options shared by every command, mirroring the ydb CLI's names.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ClusterAuth, OpenClusterOptions } from '../../backends/cluster/open-cluster.js'

/** The parsed global options (commander's `program.opts()`). */
export interface GlobalOptions {
  readonly endpoint?: string
  readonly database: string
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
 * Credentials in the ydb CLI's order: options first, then the environment
 * (YDB_TOKEN / YDB_ACCESS_TOKEN_CREDENTIALS, YDB_USER / YDB_PASSWORD,
 * YDB_ANONYMOUS_CREDENTIALS, YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS,
 * YDB_METADATA_CREDENTIALS).
 */
export function resolveAuth(o: GlobalOptions, env: Env): ClusterAuth {
  if (o.tokenFile) return { token: readSecret(o.tokenFile) }
  if (o.user) {
    const password = o.password === false ? '' : o.passwordFile ? readSecret(o.passwordFile) : env['YDB_PASSWORD']
    return { user: o.user, ...(password !== undefined ? { password } : {}) }
  }
  if (o.saKeyFile) return { saKeyFile: o.saKeyFile }
  if (o.useMetadataCredentials) return { useMetadataCredentials: true }
  const token = env['YDB_ACCESS_TOKEN_CREDENTIALS'] ?? env['YDB_TOKEN']
  if (token) return { token }
  if (env['YDB_USER']) return { user: env['YDB_USER'], ...(env['YDB_PASSWORD'] !== undefined ? { password: env['YDB_PASSWORD'] } : {}) }
  if (env['YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS']) return { saKeyFile: env['YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS'] }
  if (env['YDB_METADATA_CREDENTIALS'] === '1') return { useMetadataCredentials: true }
  return { anonymous: true }
}

/** The options `openCluster` takes. */
export function clusterOptions(o: GlobalOptions, env: Env): OpenClusterOptions {
  return {
    ...(o.endpoint !== undefined ? { endpoint: o.endpoint, auth: { ...resolveAuth(o, env), ...(o.caFile ? { caFile: o.caFile } : {}) } } : {}),
    database: o.database,
    dataDir: resolveDataDir(o.dataDir, env),
    env,
  }
}
