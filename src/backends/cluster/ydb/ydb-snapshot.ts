// snapshot() on a real YDB: one CopyTables of every table into a temporary
// directory (CopyTables copies all items at one global snapshot, copy-on-write,
// like `ydb tools dump --consistency-level database`), then StreamReadTable of
// the copies. Releasing drops the copies.
import type { ClusterBackend, Snapshot } from '../cluster-backend.js'
import type { Row } from '../../../types/value.js'
import type { TableSchema } from '../../../types/table-schema.js'
import { protoToValue } from './ydb-values.js'
import type { RawRpc } from './ydb-raw-rpc.js'
import { toYqlError } from './ydb-errors.js'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'

const SUCCESS = 400000

/** What the snapshot needs from the cluster. */
export interface SnapshotHost {
  readonly rpc: RawRpc
  createSession(): Promise<string>
  deleteSession(id: string): Promise<void>
}

/** What taking a snapshot needs from the cluster besides reading. */
export interface SnapshotSource extends SnapshotHost, Pick<ClusterBackend, 'describePath' | 'listDirectory' | 'describeTable' | 'consistentCopy' | 'removeDirectory'> {
  /** The path relative to the database. */
  rel(path: string): string
}

const joinPath = (dir: string, name: string): string => (dir.endsWith('/') ? dir + name : `${dir}/${name}`)

/** Every table under `dir`, skipping system (`.sys*`) directories and `skip`. */
async function allTables(c: SnapshotSource, dir: string, skip: string, out: string[]): Promise<void> {
  for (const e of await c.listDirectory(dir)) {
    if (e.name.startsWith('.sys') || e.path === skip) continue
    if (e.type === 'table') out.push(e.path)
    else if (e.type === 'directory') await allTables(c, e.path, skip, out)
  }
}

/**
 * Copies every table under `roots` into `dir` with one CopyTables (one global
 * snapshot) and returns a Snapshot reading the copies. `onRelease` receives the
 * promise of dropping them.
 */
export async function takeSnapshot(
  c: SnapshotSource,
  dir: string,
  tempRoot: string,
  roots: readonly string[],
  onRelease: (dropped: Promise<void>) => void,
): Promise<YdbSnapshot> {
  const tables: string[] = []
  for (const root of roots) {
    const e = await c.describePath(root)
    if (e?.type === 'table') tables.push(root)
    else if (e?.type === 'directory') await allTables(c, root, tempRoot, tables)
  }
  const copies = new Map<string, string>()
  for (const t of tables) copies.set(t, joinPath(dir, c.rel(t)))
  const schemas = new Map<string, TableSchema>()
  if (tables.length) {
    await c.consistentCopy([...copies].map(([src, dst]) => ({ src, dst })), {})
    for (const [src, dst] of copies) {
      const s = await c.describeTable(dst)
      if (s) schemas.set(src, s)
    }
  }
  return new YdbSnapshot(c, copies, schemas, () => {
    // A leftover temp dir is harmless; YdbCluster.close() waits for the drop.
    onRelease(tables.length ? c.removeDirectory(dir, { recursive: true }).catch(() => undefined) : Promise.resolve())
  })
}

export class YdbSnapshot implements Snapshot {
  private released = false

  /** `copies` maps an original absolute table path to its copy's path. */
  constructor(
    private readonly host: SnapshotHost,
    private readonly copies: ReadonlyMap<string, string>,
    private readonly schemas: ReadonlyMap<string, TableSchema>,
    private readonly onRelease: () => void,
  ) {}

  describeTable(path: string): TableSchema | undefined {
    return this.schemas.get(path)
  }

  async *readTable(path: string, opts: { signal?: AbortSignal; batchRows?: number } = {}): AsyncIterable<readonly Row[]> {
    if (this.released) throw YqlError.of(BackendErrorCode.PreconditionFailed, 'Snapshot already released')
    const copy = this.copies.get(path)
    if (!copy) throw YqlError.of(BackendErrorCode.PathNotFound, `Table ${path} does not exist in the snapshot`)
    const batchRows = opts.batchRows ?? 1000
    const sessionId = await this.host.createSession()
    let pending: Row[] = []
    try {
      for await (const msg of this.host.rpc.streamReadTable({ sessionId, path: copy, ordered: true }, opts.signal)) {
        if (msg.status && msg.status !== SUCCESS) {
          throw toYqlError(Object.assign(new Error('ReadTable failed'), { issues: msg.issues }), `read ${path}`)
        }
        const rs = msg.result?.resultSet
        if (!rs) continue
        const types = (rs.columns ?? []).map((c) => c.type)
        for (const r of rs.rows ?? []) {
          const items = r.items ?? []
          pending.push(types.map((t, i) => protoToValue(items[i], t)))
          if (pending.length >= batchRows) {
            yield pending
            pending = []
          }
        }
      }
      if (pending.length) yield pending
    } catch (e) {
      throw toYqlError(e, `read ${path}`)
    } finally {
      await this.host.deleteSession(sessionId).catch(() => undefined)
    }
  }

  release(): void {
    if (this.released) return
    this.released = true
    this.onRelease()
  }
}
