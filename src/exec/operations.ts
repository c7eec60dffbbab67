// Long operations (spec §2.8): every BACKUP and RESTORE is an OperationRecord
// in the cluster's operation store, PROGRESS → SUCCESS | ERROR | CANCELLED.
//
// A collection runs one operation at a time, as SchemeShard's
// `NotUnderOperation` check enforces: a second one is refused, never
// interleaved. Within a process a lock serialises the check-and-claim; across
// processes each runner claims, re-reads, and yields to an older live claim.
// A PROGRESS record whose runner process is gone is shown as ERROR.
import type { OperationRecord, OperationStore, Progress } from '../backends/cluster/cluster-backend.js'
import { BackendErrorCode } from '../backends/cluster/cluster-backend.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import { msg } from '../plan/messages.js'
import { processAlive } from '../backends/cluster/process-alive.js'

export type OperationKind = 'incbackup' | 'restore'

let counter = 0

/** A new operation id in YDB's form, unique across processes. */
export function newOperationId(kind: string, now: number): string {
  counter = (counter + 1) % 1000
  const id = BigInt(now) * 1_000_000n + BigInt(process.pid % 1000) * 1000n + BigInt(counter)
  return `ydb://${kind}/7?id=${id}&kind=${kind}`
}

export { processAlive }

/** Marks PROGRESS records of dead runners as ERROR; returns the list as it now stands. */
export async function reapStale(store: OperationStore, kind?: string): Promise<readonly OperationRecord[]> {
  const ops = await store.list(kind)
  const out: OperationRecord[] = []
  for (const op of ops) {
    if (op.status === 'PROGRESS' && !processAlive(op.pid)) {
      const dead: OperationRecord = { ...op, status: 'ERROR', ready: true, endedAt: Date.now(), issues: [...(op.issues ?? []), `runner process ${op.pid} is gone`] }
      await store.put(dead)
      out.push(dead)
    } else out.push(op)
  }
  return out
}

const locks = new Map<string, Promise<unknown>>()

/** Runs `fn` while holding the in-process lock of `key`. */
async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(key) ?? Promise.resolve()
  let release!: () => void
  const mine = new Promise<void>((r) => (release = r))
  const chained = prev.then(() => mine)
  locks.set(key, chained)
  await prev
  try {
    return await fn()
  } finally {
    release()
    if (locks.get(key) === chained) locks.delete(key)
  }
}

const busyError = (subject: string, running: OperationRecord) =>
  YqlError.of(BackendErrorCode.Busy, `${msg.busy(subject)} (operation ${running.id}, ${running.kind}, ${running.status})`)

const live = (ops: readonly OperationRecord[], subject: string, exceptId?: string) =>
  ops.filter((o) => o.subject === subject && o.status === 'PROGRESS' && o.id !== exceptId && processAlive(o.pid))

/** An operation this process runs; `finish` records the outcome. */
export class RunningOperation {
  private record: OperationRecord
  private lastPut = 0
  /** Puts run one after another, so a late progress put never overwrites the final state. */
  private queue: Promise<void> = Promise.resolve()
  constructor(
    private readonly store: OperationStore,
    record: OperationRecord,
  ) {
    this.record = record
  }

  get id(): string {
    return this.record.id
  }

  /** Stores progress, at most every 200 ms (the final state is always stored by finish). */
  async progress(p: Progress): Promise<void> {
    this.record = { ...this.record, progress: p }
    const t = Date.now()
    if (t - this.lastPut < 200) return
    this.lastPut = t
    await this.enqueue(this.record)
  }

  private enqueue(r: OperationRecord): Promise<void> {
    this.queue = this.queue.then(() => this.store.put(r)).catch(() => undefined)
    return this.queue
  }

  async finish(status: 'SUCCESS' | 'ERROR' | 'CANCELLED', issues: readonly string[] = []): Promise<void> {
    this.record = { ...this.record, status, ready: true, endedAt: Date.now(), ...(issues.length ? { issues } : {}) }
    await this.queue
    await this.store.put(this.record)
  }
}

/** Claims `subject` for a new operation, or throws the busy error. */
export async function beginOperation(store: OperationStore, kind: OperationKind, subject: string, now: number): Promise<RunningOperation> {
  return withLock(subject, async () => {
    const before = live(await reapStale(store), subject)
    if (before.length) throw busyError(subject, before[0]!)
    const record: OperationRecord = { id: newOperationId(kind, now), kind, status: 'PROGRESS', ready: false, createdAt: now, subject, pid: process.pid }
    await store.put(record)
    // Another process may have claimed at the same moment: the older claim wins.
    const rivals = live(await store.list(), subject, record.id).filter((o) => o.createdAt < record.createdAt || (o.createdAt === record.createdAt && o.id < record.id))
    if (rivals.length) {
      await store.put({ ...record, status: 'ERROR', ready: true, endedAt: Date.now(), issues: ['collection busy'] })
      throw busyError(subject, rivals[0]!)
    }
    return new RunningOperation(store, record)
  })
}

/** DROP BACKUP COLLECTION's check: refused while a BACKUP or RESTORE runs on the collection. */
export async function checkNotBusy(store: OperationStore, subject: string): Promise<void> {
  const running = live(await reapStale(store), subject)
  const restore = running.find((o) => o.kind === 'restore')
  if (restore) throw YqlError.of(BackendErrorCode.Busy, msg.dropDuringRestore())
  if (running.length) throw busyError(subject, running[0]!)
}
