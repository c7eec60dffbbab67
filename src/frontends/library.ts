// The library face: open a database (embedded data directory or YDB
// endpoint), run YQL text, get typed results. Every Database is independent:
// its own cluster handle and Session, no module-level state.
import type { ClusterBackend, ResultSet } from '../backends/cluster/cluster-backend.js'
import { openCluster, type ClusterAuth } from '../backends/cluster/open-cluster.js'
import { YqlError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { checkSource, Session, type ProgressEvent, type StatementResult } from '../exec/session.js'
import { SourceText } from '../source/source-text.js'
import type { Value } from '../types/value.js'

/** Common options of openDatabase. */
interface CommonOptions {
  /** Environment for credentials and storage (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The clock that names backups (tests). */
  readonly now?: () => Date
}

/** Where the database is: an embedded data directory, a YDB endpoint, or a ready backend. */
export type OpenDatabaseOptions =
  | (CommonOptions & { readonly dataDir: string; readonly database?: string })
  | (CommonOptions & { readonly endpoint: string; readonly database: string; readonly auth?: ClusterAuth })
  | (CommonOptions & { readonly cluster: ClusterBackend })

/** Options of one `run` or `query` call. */
export interface DatabaseRunOptions {
  readonly signal?: AbortSignal
  readonly onProgress?: (e: ProgressEvent) => void
  /** Source name in diagnostics (default `<input>`). */
  readonly name?: string
  /** Plan backup statements and run nothing. */
  readonly explain?: boolean
  /** Continue after a failed statement. */
  readonly keepGoing?: boolean
  /** Values of DECLAREd `$parameters`. */
  readonly parameters?: ReadonlyMap<string, Value>
}

/** An open database: run YQL text on it; close it when done. */
export interface Database {
  readonly cluster: ClusterBackend
  /** Runs every statement of `text` in order; one result per statement. Never throws for user errors. */
  run(text: string, opts?: DatabaseRunOptions): AsyncIterable<StatementResult>
  /** Runs `text` and returns every result set; throws YqlError on the first failed statement. */
  query(text: string, opts?: DatabaseRunOptions): Promise<ResultSet[]>
  /** The backups of a collection as a result set (name, kind, time, chain, ...). */
  listBackups(collection: string): Promise<ResultSet>
  close(): Promise<void>
}

/** Opens a database. Session state (USE, PRAGMA TablePathPrefix, DECLARE) lives in the returned object. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const env = opts.env ?? process.env
  const cluster =
    'cluster' in opts
      ? opts.cluster
      : 'endpoint' in opts
        ? await openCluster({ endpoint: opts.endpoint, database: opts.database, dataDir: '', env, ...(opts.auth ? { auth: opts.auth } : {}) })
        : await openCluster({ database: opts.database ?? '/local', dataDir: opts.dataDir, env })
  const session = new Session({ cluster, env, ...(opts.now ? { now: opts.now } : {}) })
  let closed = false
  const run = (text: string, o: DatabaseRunOptions = {}): AsyncIterable<StatementResult> => {
    if (closed) throw YqlError.of('library/closed', 'The database is closed')
    return session.run(new SourceText(text, o.name ?? '<input>'), {
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.explain !== undefined ? { explain: o.explain } : {}),
      ...(o.keepGoing !== undefined ? { keepGoing: o.keepGoing } : {}),
      ...(o.parameters ? { parameters: o.parameters } : {}),
    })
  }
  return {
    cluster,
    run,
    async query(text, o) {
      const out: ResultSet[] = []
      for await (const r of run(text, { ...o, keepGoing: false })) {
        if (r.kind === 'Error') throw new YqlError(r.diagnostics)
        if (r.kind === 'ResultSets') out.push(...r.resultSets)
      }
      return out
    },
    listBackups: (collection) => session.listBackups(collection),
    async close() {
      if (closed) return
      closed = true
      await session.close()
    },
  }
}

/** Parses and validates `text` without any backend (editors, linters). */
export function check(text: string, name = '<input>'): Diagnostic[] {
  return checkSource(new SourceText(text, name))
}
