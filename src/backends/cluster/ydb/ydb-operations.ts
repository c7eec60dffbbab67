// The OperationStore of a YDB cluster: long operations (BACKUP → `incbackup`,
// RESTORE → `restore`, export/import) live on the server and are read through
// YDB's Operation service. Records of client-side work (`dump`,
// `tools-restore`) have no server-side home; they are kept for the lifetime of
// this process only.
import { sdk } from './ydb-sdk-runtime.js'
import type { Ydb as YdbNs } from 'ydb-sdk'
import type { OperationRecord, OperationStore } from '../cluster-backend.js'
import { toYqlError, retryIdempotent } from './ydb-errors.js'
import type { RawRpc } from './ydb-raw-rpc.js'

const { Ydb } = sdk

/** The kinds YDB's ListOperations accepts that concern backups (spec §2.8). */
export const SERVER_OPERATION_KINDS = ['incbackup', 'restore', 'export/s3', 'import/s3'] as const

const SUCCESS = 400000
const CANCELLED = 400160

/** The kind encoded in a YDB operation id: `ydb://export/6?id=…&kind=s3` → `export/s3`. */
export function operationKindOf(id: string): string {
  const m = /^ydb:\/\/([^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/.exec(id)
  if (!m) return 'unknown'
  const sub = new URLSearchParams(m[2] ?? '').get('kind')
  return sub && m[1] !== sub ? `${m[1]}/${sub}` : m[1]!
}

/** A YDB Operation message as our record. */
export function operationToRecord(op: YdbNs.Operations.IOperation, kind?: string): OperationRecord {
  const ready = Boolean(op.ready)
  const status = !ready ? 'PROGRESS' : op.status === SUCCESS ? 'SUCCESS' : op.status === CANCELLED ? 'CANCELLED' : 'ERROR'
  const issues = (op.issues ?? []).map((i) => i.message ?? '').filter(Boolean)
  return {
    id: op.id ?? '',
    kind: kind ?? operationKindOf(op.id ?? ''),
    status,
    ready,
    createdAt: 0, // YDB's Operation message carries no times in this protocol version
    subject: op.metadata?.type_url ?? '',
    ...(issues.length ? { issues } : {}),
  }
}

export class YdbOperationStore implements OperationStore {
  private readonly local = new Map<string, OperationRecord>()

  constructor(private readonly rpc: RawRpc) {}

  async put(op: OperationRecord): Promise<void> {
    this.local.set(op.id, op)
  }

  async get(id: string): Promise<OperationRecord | undefined> {
    const mine = this.local.get(id)
    if (mine) return mine
    if (!id.startsWith('ydb://')) return undefined
    try {
      const res = await retryIdempotent(async () => (await this.rpc.operations()).getOperation({ id }))
      const op = res.operation
      if (!op || op.status === 400140 /* NOT_FOUND */) return undefined
      return operationToRecord(op)
    } catch (e) {
      throw toYqlError(e, `operation get ${id}`)
    }
  }

  async list(kind?: string): Promise<readonly OperationRecord[]> {
    const kinds = kind ? [kind] : [...SERVER_OPERATION_KINDS]
    const out: OperationRecord[] = [...this.local.values()].filter((r) => !kind || r.kind === kind)
    for (const k of kinds) {
      if (!(SERVER_OPERATION_KINDS as readonly string[]).includes(k)) continue
      let pageToken = ''
      do {
        const res = await retryIdempotent(async () =>
          (await this.rpc.operations()).listOperations(Ydb.Operations.ListOperationsRequest.create({ kind: k, pageSize: 100, pageToken })),
        ).catch((e: unknown) => {
          throw toYqlError(e, `operation list ${k}`)
        })
        if (res.status !== SUCCESS) {
          // Older servers reject kinds they do not know; an empty list is the honest answer.
          if (res.status === 400010 /* BAD_REQUEST */ || res.status === 400180 /* UNSUPPORTED */) break
          throw toYqlError(Object.assign(new Error('ListOperations failed'), { issues: res.issues }), `operation list ${k}`)
        }
        for (const op of res.operations ?? []) out.push(operationToRecord(op, k))
        pageToken = res.nextPageToken ?? ''
      } while (pageToken)
    }
    return out
  }

  async forget(id: string): Promise<boolean> {
    if (this.local.delete(id)) return true
    if (!id.startsWith('ydb://')) return false
    // Forget is idempotent on the server: forgetting twice answers NOT_FOUND.
    const res = await retryIdempotent(async () => (await this.rpc.operations()).forgetOperation({ id })).catch((e: unknown) => {
      throw toYqlError(e, `operation forget ${id}`)
    })
    return res.status === SUCCESS
  }
}
