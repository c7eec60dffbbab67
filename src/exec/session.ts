// A session: the one core behind the library, the script runner and the REPL.
//
// 1. Parse the whole source; statements before a syntax error still run.
// 2. Validate; a statement with validation errors becomes an Error result.
// 3. USE / PRAGMA TablePathPrefix / DECLARE change session state, kept across
//    run() calls; table statements go to the cluster; backup statements are
//    planned against a freshly loaded catalogue and executed (or, with
//    EXPLAIN, only explained).
// 4. One result per statement; the first Error stops the run unless keepGoing.
import type { ClusterBackend, ResultSet } from '../backends/cluster/cluster-backend.js'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { isBackupStatement, type BackupStatement, type Expr, type Statement, type StatementEntry, type TableStatement, type TypeRef } from '../ast/nodes.js'
import { resolveType } from '../ast/resolve-type.js'
import { validateScript } from '../ast/validate.js'
import { error, hasErrors, YqlError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { explainPlan } from '../plan/explain.js'
import { PlanCode, msg } from '../plan/messages.js'
import type { Plan } from '../plan/plan.js'
import { planStatement } from '../plan/planner.js'
import { normalizePath, resolveCollectionPath, resolvePath } from '../plan/paths.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { prescannedWrite, scanBulkWrite, type PrescannedHead } from '../syntax/bulk-values.js'
import { parseScript } from '../syntax/parse.js'
import type { Value } from '../types/value.js'
import type { ColumnType } from '../types/ydb-type.js'
import { listBackups as listCollectionBackups } from './backup-listing.js'
import { loadCatalog } from './catalog-loader.js'
import { defaultStorageOpener, executePlan, toDiagnostics, type ProgressEvent } from './executor.js'
import { beginOperation, type RunningOperation } from './operations.js'
import { runServerSide, serverSideBackups, type ServerSideBackups } from './server-side.js'

export type { ProgressEvent } from './executor.js'

/** How a session is set up. */
export interface SessionOptions {
  cluster: ClusterBackend
  env?: Readonly<Record<string, string | undefined>>
  /** The clock that names backups (tests pass a fixed one). */
  now?: () => Date
  /** Opens a collection's external storage (STORAGE = 'file:///…' or 's3://…', extension); default openStorage. */
  storageOpener?: (url: string) => Promise<StorageBackend>
  /** Run lone VALUES writes of literals on the bulk path (src/syntax/bulk-values.ts); default true. Tests compare both ways. */
  bulkWrites?: boolean
}

/** Options of one run() call. */
export interface RunOptions {
  /** Plan backup statements and return their plans; run nothing. */
  explain?: boolean
  /** Continue after a failed statement. */
  keepGoing?: boolean
  signal?: AbortSignal
  onProgress?: (e: ProgressEvent) => void
  parameters?: ReadonlyMap<string, Value>
  /**
   * Called at each DECLARE: the declared parameter's value converted to its type
   * (kept by the session, overriding `parameters`), or undefined for none. May
   * throw a YqlError (a missing or mistyped value), reported at the DECLARE.
   */
  bindParameter?: (name: string, type: TypeRef) => Value | undefined
  /** The source is one bulk statement a worker already scanned (script-reader.ts): its head and encoded values. */
  prescanned?: { readonly head: PrescannedHead; readonly payload: unknown }
}

/** The outcome of one statement. */
export type StatementResult =
  | { kind: 'ResultSets'; source: SourceText; span: Span; resultSets: readonly ResultSet[] }
  | { kind: 'Ok'; source: SourceText; span: Span; message: string; rowsAffected?: number; operationId?: string }
  | { kind: 'Plan'; source: SourceText; span: Span; plan: Plan; text: string }
  | { kind: 'Error'; source: SourceText; span?: Span; diagnostics: readonly Diagnostic[]; failedStep?: string; notExecuted?: readonly string[] }

const decoder = new TextDecoder()

/** Parse + validate only: every diagnostic of `source`, no backend needed. */
export function checkSource(source: SourceText): Diagnostic[] {
  const { script, diagnostics } = parseScript(source)
  const all = [...diagnostics, ...(hasErrors(diagnostics) ? [] : validateScript(script))]
  return all.map((d) => (d.source ? d : { ...d, source }))
}

/** The text of a string-ish expression (`'x'`, `"x"`, an identifier), if it is one. */
function stringOf(e: Expr | undefined): string | undefined {
  if (!e) return undefined
  if (e.kind === 'Literal' && e.type === 'String') return decoder.decode(e.value)
  if (e.kind === 'ColumnRef' && !e.table) return e.column.text
  return undefined
}

const inside = (s: Span, outer: Span) => s.start >= outer.start && s.start < Math.max(outer.end, outer.start + 1)

const tableMessages: Record<TableStatement['kind'], string> = {
  CreateTable: 'Table created',
  DropTable: 'Table dropped',
  AlterTable: 'Table altered',
  Write: 'Rows written',
  Update: 'Rows updated',
  Delete: 'Rows deleted',
  Select: 'Selected',
}

export class Session {
  private readonly opts: SessionOptions
  /** PRAGMA TablePathPrefix, absolute; undefined = the database. */
  private prefix: string | undefined
  /** The cluster named by USE. */
  private clusterName: string | undefined
  private readonly declared = new Map<string, TypeRef>()
  /** Values bound at DECLAREs (RunOptions.bindParameter), by `$name`. */
  private readonly bound = new Map<string, Value>()
  /** Their declared types (StatementContext.parameterTypes). */
  private readonly boundTypes = new Map<string, ColumnType>()

  constructor(opts: SessionOptions) {
    this.opts = opts
  }

  /** Opens external collection storage: the option, else openStorage with the session's env. */
  private readonly storageOpener = (url: string): Promise<StorageBackend> =>
    this.opts.storageOpener ? this.opts.storageOpener(url) : defaultStorageOpener(url, this.opts.env)

  get cluster(): ClusterBackend {
    return this.opts.cluster
  }

  /** The directory relative table names resolve against. */
  get pathPrefix(): string {
    return this.prefix ?? this.cluster.database
  }

  /** Parses, validates, plans and runs each statement in order. Never throws for user errors. */
  async *run(source: SourceText, opts: RunOptions = {}): AsyncGenerator<StatementResult> {
    // A lone VALUES write of literals (a bulk load's statement): no parse tree, no
    // validation to do (the scanner accepts only what parses and validates cleanly).
    if (this.opts.bulkWrites !== false) {
      const entry = opts.prescanned ? prescannedWrite(source, opts.prescanned.head, opts.prescanned.payload) : scanBulkWrite(source)?.entry
      if (entry) {
        yield await this.runEntry(entry, source, opts)
        return
      }
    }
    const { script, diagnostics: parseDiags } = parseScript(source)
    const withSource = (d: Diagnostic): Diagnostic => (d.source ? d : { ...d, source })
    const parseErrors = parseDiags.filter((d) => d.severity === 'error' || d.severity === 'fatal').map(withSource)
    const firstErrorAt = parseErrors.reduce((m, d) => Math.min(m, d.span?.start ?? 0), Infinity)
    const entries = script.statements.filter((e) => e.span.end <= firstErrorAt)
    const validation = validateScript({ ...script, statements: entries }).map(withSource)
    for (const entry of entries) {
      // A diagnostic without a span stops the first statement rather than being lost.
      const own = validation.filter(
        (d) => (d.span ? inside(d.span, entry.span) : entry === entries[0]) && (d.severity === 'error' || d.severity === 'fatal'),
      )
      const result = own.length ? ({ kind: 'Error', source, span: entry.span, diagnostics: own } as const) : await this.runEntry(entry, source, opts)
      yield result
      if (result.kind === 'Error' && !opts.keepGoing) return
    }
    if (parseErrors.length) yield { kind: 'Error', source, ...(parseErrors[0]!.span ? { span: parseErrors[0]!.span } : {}), diagnostics: parseErrors }
  }

  private async runEntry(entry: StatementEntry, source: SourceText, opts: RunOptions): Promise<StatementResult> {
    const stmt = entry.statement
    const span = entry.span
    try {
      if (isBackupStatement(stmt)) return await this.runBackup(entry, source, opts)
      if (entry.explain || opts.explain) return { kind: 'Ok', source, span, message: `EXPLAIN: ${stmt.kind} is not a backup statement; nothing to plan` }
      switch (stmt.kind) {
        case 'Use':
          return this.use(stmt.cluster.text, source, span)
        case 'Pragma':
          return this.pragma(stmt, source, span)
        case 'Declare': {
          const value = opts.bindParameter?.(stmt.name, stmt.type)
          const key = `$${stmt.name.replace(/^\$/, '')}`
          const type = value === undefined ? undefined : resolveType(stmt.type)
          if (value !== undefined) this.bound.set(key, value)
          if (type) this.boundTypes.set(key, { type, nullable: stmt.type.optional })
          this.declared.set(stmt.name, stmt.type)
          return { kind: 'Ok', source, span, message: `Declared $${stmt.name.replace(/^\$/, '')}` }
        }
        default:
          return await this.runTable(stmt, source, span, opts)
      }
    } catch (e) {
      return { kind: 'Error', source, span, diagnostics: toDiagnostics(e, { source, span }, opts.signal) }
    }
  }

  private use(name: string, source: SourceText, span: Span): StatementResult {
    // `USE /local/dir` (a path) makes relative names resolve below it; `USE plato` names a cluster.
    if (name.startsWith('/')) {
      const p = normalizePath(name)
      const db = this.cluster.database
      if (p !== db && !p.startsWith(db + '/'))
        return { kind: 'Error', source, span, diagnostics: [error(PlanCode.InvalidCluster, msg.invalidCluster(name), span, source)] }
      this.prefix = p === db ? undefined : p
    } else this.clusterName = name
    return { kind: 'Ok', source, span, message: `Using ${name}` }
  }

  private pragma(stmt: Extract<Statement, { kind: 'Pragma' }>, source: SourceText, span: Span): StatementResult {
    if (stmt.name.text.toLowerCase() !== 'tablepathprefix') return { kind: 'Ok', source, span, message: `PRAGMA ${stmt.name.text} ignored` }
    const value = stringOf(stmt.values.at(-1))
    if (value === undefined)
      return { kind: 'Error', source, span, diagnostics: [error('exec/bad-pragma', 'TablePathPrefix expects a string path', stmt.span, source)] }
    const p = resolvePath(value, this.cluster.database)
    this.prefix = p === this.cluster.database ? undefined : p
    return { kind: 'Ok', source, span, message: `TablePathPrefix = ${p}` }
  }

  private async runTable(stmt: TableStatement, source: SourceText, span: Span, opts: RunOptions): Promise<StatementResult> {
    const parameters = this.bound.size ? new Map([...(opts.parameters ?? []), ...this.bound]) : opts.parameters
    const out = await this.cluster.executeStatement(stmt, {
      pathPrefix: this.pathPrefix,
      ...(parameters ? { parameters } : {}),
      ...(this.boundTypes.size ? { parameterTypes: this.boundTypes } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    if (stmt.kind === 'Select') return { kind: 'ResultSets', source, span, resultSets: out.resultSets }
    return { kind: 'Ok', source, span, message: tableMessages[stmt.kind], ...(out.rowsAffected !== undefined ? { rowsAffected: out.rowsAffected } : {}) }
  }

  private async runBackup(entry: StatementEntry, source: SourceText, opts: RunOptions): Promise<StatementResult> {
    const stmt = entry.statement
    if (!isBackupStatement(stmt)) throw new Error('not a backup statement')
    const span = entry.span
    const now = this.opts.now ?? (() => new Date())
    const planOnce = async () =>
      planStatement(
        stmt,
        { source, span, pathPrefix: this.pathPrefix, now: now(), ...(this.clusterName ? { cluster: this.clusterName } : {}) },
        await loadCatalog(this.cluster, stmt, this.pathPrefix, this.storageOpener),
      )
    let planned = await planOnce()
    const explain = entry.explain || opts.explain
    // YDB runs backup statements itself; the client plans them only to give the same diagnostics.
    const server = serverSideBackups(this.cluster)
    if (!planned.ok) {
      // On YDB a collection's member tables are known only from its backups: with none yet, the server decides.
      if (server && !explain && planned.diagnostics.every((d) => d.code === PlanCode.NoTables)) return this.onServer(server, stmt, undefined, source, span, opts)
      return { kind: 'Error', source, span, diagnostics: planned.diagnostics }
    }
    if (explain) return { kind: 'Plan', source, span, plan: planned.plan, text: explainPlan(planned.plan) }
    if (server) return this.onServer(server, stmt, planned.plan, source, span, opts)
    let operation: RunningOperation | undefined
    if (planned.plan.operation) {
      // Claim the collection, then plan again: another runner may have added a
      // backup since, and the new name must sort after it.
      const { kind, subject } = planned.plan.operation
      try {
        operation = await beginOperation(this.cluster.operations, kind, subject, now().getTime())
      } catch (e) {
        return { kind: 'Error', source, span, diagnostics: toDiagnostics(e, { source, span }, opts.signal) }
      }
      planned = await planOnce().catch((e: unknown) => ({ ok: false as const, diagnostics: toDiagnostics(e, { source, span }) }))
      if (!planned.ok) {
        await operation.finish('ERROR', planned.diagnostics.map((d) => d.message)).catch(() => undefined)
        return { kind: 'Error', source, span, diagnostics: planned.diagnostics }
      }
    }
    const plan = planned.plan
    const res = await executePlan(plan, this.cluster, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(operation ? { operation } : {}),
      storageOpener: this.storageOpener,
      now,
    })
    if (res.diagnostics.length) {
      const notExecuted = res.results.flatMap((r, i) => (r.status === 'NotExecuted' ? [`${i + 1}:${r.step.kind}`] : []))
      return {
        kind: 'Error',
        source,
        span,
        diagnostics: res.diagnostics,
        ...(res.failedStep ? { failedStep: res.failedStep } : {}),
        ...(notExecuted.length ? { notExecuted } : {}),
      }
    }
    return { kind: 'Ok', source, span, message: plan.message, ...(res.operationId ? { operationId: res.operationId } : {}) }
  }

  /** Sends a planned backup statement to YDB (server-side execution). */
  private async onServer(server: ServerSideBackups, stmt: BackupStatement, plan: Plan | undefined, source: SourceText, span: Span, opts: RunOptions): Promise<StatementResult> {
    const r = await runServerSide(server, stmt, plan, {
      database: this.cluster.database,
      pathPrefix: this.pathPrefix,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return { kind: 'Ok', source, span, message: r.message, ...(r.operationId ? { operationId: r.operationId } : {}) }
  }

  /** Backups of a collection as a result set: name, kind, time, chain, tables, rows, bytes, status (extension). */
  async listBackups(collection: string): Promise<ResultSet> {
    const path = resolveCollectionPath(collection, this.cluster.database)
    if (!path) throw YqlError.of(PlanCode.WrongCollectionPlace, msg.wrongPlace(this.cluster.database))
    return listCollectionBackups(this.cluster, path, this.storageOpener)
  }

  async close(): Promise<void> {
    await this.cluster.close()
  }
}
