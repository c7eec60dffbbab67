// Backup statements on a YDB cluster: validated and planned here like on the
// embedded database (same diagnostics, same --explain), then carried out by
// YDB itself, whose SchemeShard owns backup collections (YDB 25.x):
//
// 1. CREATE / DROP BACKUP COLLECTION are sent as YQL (ExecuteSchemeQuery).
// 2. BACKUP [INCREMENTAL] / RESTORE are sent once; the ids of the operations
//    they started come from YDB's Operation service (`incbackup`, `restore`).
// 3. Our extensions YDB has no equivalent for (ALTER, RESTORE AT, collections
//    in external storage) are refused with a message saying so: they are
//    embedded-only for now.
import type { BackupStatement } from '../ast/nodes.js'
import { printStatement } from '../ast/print.js'
import type { ClusterBackend } from '../backends/cluster/cluster-backend.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import type { Plan } from '../plan/plan.js'

/** The YDB backend's methods that send backup statements to the server. */
export interface ServerSideBackups {
  executeSchemeYql(text: string, signal?: AbortSignal): Promise<void>
  executeBackupStatement(text: string, kind: 'incbackup' | 'restore', signal?: AbortSignal): Promise<{ operationIds: string[]; uncertain: boolean }>
}

/** Code of the refusal of an extension YDB has no equivalent for. */
export const EMBEDDED_ONLY = 'exec/embedded-only'

/** The cluster as a server that runs backup statements itself (a YDB cluster), if it is one. */
export function serverSideBackups(cluster: ClusterBackend): ServerSideBackups | undefined {
  if (cluster.kind !== 'ydb') return undefined
  const c = cluster as ClusterBackend & Partial<ServerSideBackups>
  return typeof c.executeSchemeYql === 'function' && typeof c.executeBackupStatement === 'function' ? (c as ServerSideBackups) : undefined
}

const embeddedOnly = (what: string, ydb: string) =>
  YqlError.of(EMBEDDED_ONLY, `${what} is a yql-backup extension carried out on the embedded database only for now; ${ydb}`)

/** What a server-side statement reports. */
export interface ServerSideOutcome {
  readonly message: string
  readonly operationId?: string
}

/**
 * Sends one planned backup statement to YDB. `plan` is the local plan (absent
 * when the client could not know enough to plan, e.g. the member tables of a
 * collection with no backup yet: then the server has the final word).
 */
export async function runServerSide(
  server: ServerSideBackups,
  stmt: BackupStatement,
  plan: Plan | undefined,
  ctx: { readonly database: string; readonly pathPrefix: string; readonly signal?: AbortSignal },
): Promise<ServerSideOutcome> {
  // Relative table names resolve as they did here.
  const prefix = ctx.pathPrefix !== ctx.database ? `PRAGMA TablePathPrefix("${ctx.pathPrefix.replace(/["\\]/g, '\\$&')}");\n` : ''
  const text = prefix + printStatement(stmt)
  switch (stmt.kind) {
    case 'AlterBackupCollection':
      throw embeddedOnly('ALTER BACKUP COLLECTION', 'YDB parses it but does not implement it')
    case 'CreateBackupCollection': {
      const step = plan?.steps.find((s) => s.kind === 'CreateCollection')
      if (step?.kind === 'CreateCollection' && step.spec.storage !== 'cluster')
        throw embeddedOnly(`A collection in external storage (STORAGE = '${step.spec.storage.replace(/\/\/[^@/]*@/, '//***@')}')`, "YDB accepts STORAGE = 'cluster' only")
      await server.executeSchemeYql(text, ctx.signal)
      return { message: plan?.message ?? 'Backup collection created' }
    }
    case 'DropBackupCollection':
      await server.executeSchemeYql(text, ctx.signal)
      return { message: plan?.message ?? 'Backup collection dropped' }
    case 'Backup':
    case 'Restore': {
      if (stmt.kind === 'Restore' && stmt.at) throw embeddedOnly('RESTORE ... AT', 'YDB ignores AT and restores the latest chain')
      const kind = stmt.kind === 'Backup' ? 'incbackup' : 'restore'
      const r = await server.executeBackupStatement(text, kind, ctx.signal)
      const what = stmt.kind === 'Restore' ? 'RESTORE' : stmt.incremental ? 'BACKUP INCREMENTAL' : 'BACKUP'
      const ops = r.operationIds.length ? `operation ${r.operationIds.join(', ')}` : 'no operation reported'
      const note = r.uncertain ? ' (the answer was lost; the operation was found in the Operation service)' : ''
      return { message: `${what} of ${stmt.collection.name.text} run by YDB: ${ops}${note}`, ...(r.operationIds[0] ? { operationId: r.operationIds[0] } : {}) }
    }
  }
}
