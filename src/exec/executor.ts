// The executor: runs a plan's steps in order against a ClusterBackend.
//
// 1. BACKUP and RESTORE first claim their collection as a long operation
//    (operations.ts); a busy collection refuses the statement.
// 2. Each step is one backend call (or a check). The backend's writing calls
//    are atomic (one consistent copy, one incremental rotation, one restore),
//    so a failed or killed step leaves no half-made backup or restored table.
// 3. The first failing step stops the statement: it is 'Error', every later
//    step 'NotExecuted'. The executor never throws for a failing step.
import type { ClusterBackend, CollectionDescription, Progress } from '../backends/cluster/cluster-backend.js'
import { BackendErrorCode } from '../backends/cluster/cluster-backend.js'
import { error, YqlError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { explainPlan } from '../plan/explain.js'
import { msg } from '../plan/messages.js'
import { parentPath } from '../plan/paths.js'
import { storagePrefix, type CollectionSpec, type Plan, type Step } from '../plan/plan.js'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { prefixedStorage } from './prefixed-storage.js'
import { beginOperation, checkNotBusy, type RunningOperation } from './operations.js'

export type StepStatus = 'Success' | 'Error' | 'NotExecuted'

/** What happened to one step. */
export interface StepResult {
  readonly step: Step
  readonly status: StepStatus
  readonly durationMs?: number
  readonly diagnostic?: Diagnostic
}

/** A plan's outcome: one result per step, and the diagnostics of the failure, if any. */
export interface ExecutionResult {
  readonly plan: Plan
  readonly results: readonly StepResult[]
  readonly diagnostics: readonly Diagnostic[]
  readonly operationId?: string
  /** `N:Kind` of the failed step. */
  readonly failedStep?: string
}

/** A progress report of a running operation. */
export interface ProgressEvent {
  readonly operationId: string
  readonly kind: string
  readonly subject: string
  readonly progress: Progress
}

/** Options of one plan's execution. */
export interface ExecuteOptions {
  readonly signal?: AbortSignal
  readonly onProgress?: (e: ProgressEvent) => void
  readonly now?: () => Date
  /** An operation the caller already claimed for this plan (the session claims before its final planning). */
  readonly operation?: RunningOperation
  /** Opens a collection's external storage (extension); default: openStorage from backends/storage. */
  readonly storageOpener?: (url: string) => Promise<StorageBackend>
}

/** The default opener of external storage URLs (loaded on first use). */
export async function defaultStorageOpener(url: string, env?: Readonly<Record<string, string | undefined>>): Promise<StorageBackend> {
  const { openStorage } = await import('../backends/storage/open-storage.js')
  return openStorage(url, env ? { env } : {})
}

/** Runs `fn` on the backup's folder of the collection's external storage. */
async function withBackupStorage<T>(
  opener: ((url: string) => Promise<StorageBackend>) | undefined,
  url: string,
  collection: string,
  backup: string,
  fn: (s: StorageBackend) => Promise<T>,
): Promise<T> {
  const inner = await (opener ?? ((u: string) => defaultStorageOpener(u)))(url)
  try {
    return await fn(prefixedStorage(inner, storagePrefix(collection, backup)))
  } finally {
    await inner.close()
  }
}

/** The backend's stored form of a collection spec. */
export function specToDescription(spec: CollectionSpec): CollectionDescription {
  return {
    tables: spec.tables,
    ...(spec.database ? { database: true } : {}),
    storage: spec.storage,
    incrementalBackupEnabled: spec.incrementalBackupEnabled,
    omitIndexes: spec.omitIndexes,
    ...(spec.chainResetAfter !== undefined ? { settings: { chain_reset_after: spec.chainResetAfter } } : {}),
  }
}

/** The planner's form of a stored collection description. */
export function descriptionToSpec(d: CollectionDescription): CollectionSpec {
  const reset = d.settings?.['chain_reset_after']
  return {
    tables: d.tables,
    ...(d.database ? { database: true } : {}),
    storage: d.storage,
    incrementalBackupEnabled: d.incrementalBackupEnabled,
    omitIndexes: d.omitIndexes,
    ...(reset !== undefined ? { chainResetAfter: reset } : {}),
  }
}

/** Turns anything a backend threw into diagnostics placed at the statement. */
export function toDiagnostics(e: unknown, plan: Pick<Plan, 'source' | 'span'>, signal?: AbortSignal): Diagnostic[] {
  if (signal?.aborted) return [error(BackendErrorCode.Cancelled, msg.cancelled(), plan.span, plan.source)]
  if (e instanceof YqlError)
    return e.diagnostics.map((d) => ({ ...d, span: d.span && d.source ? d.span : plan.span, source: d.source ?? plan.source }))
  const text = e instanceof Error ? e.message : String(e)
  return [{ ...error(BackendErrorCode.Internal, text, plan.span, plan.source), cause: e }]
}

async function nearestExisting(cluster: ClusterBackend, path: string): Promise<string> {
  let p = parentPath(path)
  while (p !== '/' && p !== cluster.database && !(await cluster.describePath(p))) p = parentPath(p)
  return p
}

async function runStep(cluster: ClusterBackend, step: Step, opts: ExecuteOptions, progress: (p: Progress) => void): Promise<void> {
  const signal = opts.signal
  signal?.throwIfAborted()
  const long = { ...(signal ? { signal } : {}), progress }
  switch (step.kind) {
    case 'CreateCollection':
      return cluster.createBackupCollection(step.collection, specToDescription(step.spec))
    case 'AlterCollection':
      // SchemeShard refuses scheme changes of a path under operation.
      await checkNotBusy(cluster.operations, step.collection)
      return cluster.alterBackupCollection(step.collection, specToDescription(step.spec))
    case 'DropCollection':
      await checkNotBusy(cluster.operations, step.collection)
      return cluster.dropBackupCollection(step.collection)
    case 'StopChangeCapture':
      return cluster.stopChangeCapture(step.tables)
    case 'CheckTablesExist':
      for (const t of step.tables) {
        const e = await cluster.describePath(t)
        if (!e) throw YqlError.of(BackendErrorCode.PathNotFound, msg.pathNotFound(t, await nearestExisting(cluster, t)))
        if (e.type !== 'table') throw YqlError.of(BackendErrorCode.WrongPathType, msg.notATable(t))
      }
      return
    case 'CheckTargetsAbsent':
      for (const t of step.tables) if (await cluster.describePath(t)) throw YqlError.of(BackendErrorCode.PathExists, msg.restoreTargetExists(t))
      return
    case 'FullBackup':
      return cluster.consistentCopy(step.items, {
        ...long,
        omitIndexes: step.omitIndexes,
        ...(step.changeCapture ? { changeCapture: step.changeCapture } : {}),
      })
    case 'IncrementalBackup':
      return cluster.takeIncrementalBackup(step.items, { ...long, nextStream: step.nextStream })
    case 'Restore':
      return cluster.restore(step.items, long)
    case 'ExportBackup':
      return withBackupStorage(opts.storageOpener, step.storage, step.collection, step.backup, async (st) => {
        // A previous attempt killed mid-way left an `incomplete` folder: start it afresh.
        await st.removePrefix('')
        const { dumpToStorage } = await import('../transfer/index.js')
        await dumpToStorage(cluster, st, { path: `${step.collection}/${step.backup}`, ...long })
      })
    case 'ImportBackup':
      return withBackupStorage(opts.storageOpener, step.storage, step.collection, step.backup, async (st) => {
        const { restoreFromStorage } = await import('../transfer/index.js')
        await restoreFromStorage(cluster, st, { path: `${step.collection}/${step.backup}`, ...long })
      })
  }
}

/** Runs a plan. Never throws for user or backend errors. */
export async function executePlan(plan: Plan, cluster: ClusterBackend, opts: ExecuteOptions = {}): Promise<ExecutionResult> {
  const now = opts.now ?? (() => new Date())
  let op: RunningOperation | undefined = opts.operation
  if (plan.operation && !op) {
    try {
      op = await beginOperation(cluster.operations, plan.operation.kind, plan.operation.subject, now().getTime())
    } catch (e) {
      const diagnostics = toDiagnostics(e, plan, opts.signal)
      return { plan, results: plan.steps.map((step) => ({ step, status: 'NotExecuted' })), diagnostics }
    }
  }
  const onProgress = (p: Progress) => {
    if (!op || !plan.operation) return
    void op.progress(p).catch(() => undefined)
    opts.onProgress?.({ operationId: op.id, kind: plan.operation.kind, subject: plan.operation.subject, progress: p })
  }
  const results: StepResult[] = []
  let failure: { diagnostics: Diagnostic[]; index: number } | undefined
  for (const [i, step] of plan.steps.entries()) {
    if (failure) {
      results.push({ step, status: 'NotExecuted' })
      continue
    }
    const t0 = performance.now()
    try {
      await runStep(cluster, step, opts, onProgress)
      results.push({ step, status: 'Success', durationMs: performance.now() - t0 })
    } catch (e) {
      const diagnostics = toDiagnostics(e, plan, opts.signal)
      failure = { diagnostics, index: i }
      results.push({ step, status: 'Error', durationMs: performance.now() - t0, diagnostic: diagnostics[0]! })
    }
  }
  if (op) {
    const status = !failure ? 'SUCCESS' : opts.signal?.aborted ? 'CANCELLED' : 'ERROR'
    await op.finish(status, failure ? failure.diagnostics.map((d) => d.message) : []).catch(() => undefined)
  }
  return {
    plan,
    results,
    diagnostics: failure?.diagnostics ?? [],
    ...(op ? { operationId: op.id } : {}),
    ...(failure ? { failedStep: `${failure.index + 1}:${plan.steps[failure.index]!.kind}` } : {}),
  }
}

export { explainPlan }
