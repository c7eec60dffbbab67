// The planner: a pure function from a backup statement and a read-only
// catalogue view to a Plan, or to diagnostics. No IO.
//
// 1. Resolve names: the collection below `<db>/.backups/collections`, tables
//    against PRAGMA TablePathPrefix (spec §1.3).
// 2. Check what SchemeShard checks before it starts (existence, settings,
//    chain rules), with YDB's words (spec §2.10).
// 3. Emit one step per unit of work; BACKUP and RESTORE also name the long
//    operation they run as, so the executor can refuse a busy collection.
import type {
  AlterBackupCollectionStmt,
  BackupStatement,
  BackupStmt,
  CreateBackupCollectionStmt,
  DropBackupCollectionStmt,
  ObjectRef,
  RestoreStmt,
} from '../ast/nodes.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import type { TableSchema } from '../types/table-schema.js'
import { sameType } from '../types/ydb-type.js'
import type { BackupInfo, CatalogView, CollectionInfo } from './catalog.js'
import { msg, PlanCode } from './messages.js'
import { backupName, nextStamp, parseRestorePoint, streamName } from './naming.js'
import { baseName, collectionsRoot, parentPath, relativeToDatabase, resolveCollectionPath, resolvePath } from './paths.js'
import type { CollectionSpec, Plan, PlanRestoreItem, Step } from './plan.js'
import { applySettings, DEFAULT_SPEC, readSettings } from './settings.js'

/** What the planner needs besides the statement and the catalogue. */
export interface PlanContext {
  readonly source: SourceText
  /** The statement entry's span (EXPLAIN included). */
  readonly span: Span
  /** Absolute directory for relative table names (PRAGMA TablePathPrefix), default the database. */
  readonly pathPrefix: string
  /** The clock reading that names new backups. */
  readonly now: Date
  /** The cluster named by USE, if any: another cluster in a name is `Invalid cluster`. */
  readonly cluster?: string
}

export type PlanResult = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }

/** Plans one backup statement. */
export function planStatement(stmt: BackupStatement, ctx: PlanContext, catalog: CatalogView): PlanResult {
  const p = new Planner(ctx, catalog)
  switch (stmt.kind) {
    case 'CreateBackupCollection':
      return p.create(stmt)
    case 'AlterBackupCollection':
      return p.alter(stmt)
    case 'DropBackupCollection':
      return p.drop(stmt)
    case 'Backup':
      return p.backup(stmt)
    case 'Restore':
      return p.restore(stmt)
  }
}

class Planner {
  private readonly db: string
  constructor(
    private readonly ctx: PlanContext,
    private readonly catalog: CatalogView,
  ) {
    this.db = catalog.database
  }

  private fail(code: string, message: string, span?: Span): PlanResult {
    return { ok: false, diagnostics: [error(code, message, span, this.ctx.source)] }
  }

  private plan(statement: BackupStatement, steps: Step[], message: string, operation?: Plan['operation']): PlanResult {
    return { ok: true, plan: { statement, source: this.ctx.source, span: this.ctx.span, steps, message, ...(operation ? { operation } : {}) } }
  }

  /** The collection's path, or a diagnostic (wrong place, other cluster). */
  private collectionPath(ref: ObjectRef): { path: string } | { result: PlanResult } {
    if (ref.cluster && this.ctx.cluster !== undefined && ref.cluster.text.toLowerCase() !== this.ctx.cluster.toLowerCase())
      return { result: this.fail(PlanCode.InvalidCluster, msg.invalidCluster(ref.cluster.text), ref.cluster.span) }
    const path = resolveCollectionPath(ref.name.text, this.db)
    if (!path) return { result: this.fail(PlanCode.WrongCollectionPlace, msg.wrongPlace(this.db), ref.name.span) }
    return { path }
  }

  /** The nearest existing ancestor, for YDB's path-not-found message. */
  private nearest(path: string): string {
    let p = parentPath(path)
    while (p !== '/' && p !== this.db && this.catalog.pathType(p) === undefined) p = parentPath(p)
    return p
  }

  private existingCollection(ref: ObjectRef): { path: string; info: CollectionInfo } | { result: PlanResult } {
    const r = this.collectionPath(ref)
    if ('result' in r) return r
    const info = this.catalog.collection(r.path)
    if (info) return { path: r.path, info }
    const type = this.catalog.pathType(r.path)
    if (type !== undefined) return { result: this.fail(PlanCode.WrongPathType, msg.notACollection(r.path), ref.span) }
    return { result: this.fail(PlanCode.PathNotFound, msg.pathNotFound(r.path, this.nearest(r.path)), ref.span) }
  }

  private table(name: string, span: Span): { path: string } | { result: PlanResult } {
    const path = resolvePath(name, this.ctx.pathPrefix)
    if (relativeToDatabase(path, this.db) === undefined) return { result: this.fail(PlanCode.SchemeError, msg.tableOutsideDatabase(path, this.db), span) }
    return { path }
  }

  /**
   * Change capture is per table: two collections taking incrementals of one
   * table would steal each other's stream, so that is refused.
   */
  private captureConflict(self: string, spec: CollectionSpec, span: Span): PlanResult | undefined {
    if (!spec.incrementalBackupEnabled) return undefined
    for (const o of this.catalog.allCollections()) {
      if (o.path === self || !o.spec.incrementalBackupEnabled) continue
      const t = spec.tables.find((x) => o.spec.tables.includes(x))
      if (t !== undefined) return this.fail(PlanCode.CaptureConflict, msg.captureConflict(t, o.path), span)
    }
    return undefined
  }

  // ── CREATE ──

  create(stmt: CreateBackupCollectionStmt): PlanResult {
    // KQP checks settings and entries first; SchemeShard then the place and the name.
    const read = readSettings(stmt.settings, this.ctx.source)
    if (read.diagnostics.length) return { ok: false, diagnostics: read.diagnostics }
    const applied = applySettings(DEFAULT_SPEC, read.entries, this.ctx.source)
    if (applied.diagnostics.length) return { ok: false, diagnostics: [applied.diagnostics[0]!] }
    const tables: string[] = []
    if (stmt.entries?.kind === 'DatabaseEntry') return this.fail(PlanCode.Unimplemented, msg.unimplemented(), stmt.entries.span)
    for (const t of stmt.entries?.tables ?? []) {
      const tr = this.table(t.text, t.span)
      if ('result' in tr) return tr.result
      if (!tables.includes(tr.path)) tables.push(tr.path)
    }
    const r = this.collectionPath(stmt.name)
    if ('result' in r) return r.result
    if (this.catalog.pathType(r.path) !== undefined) return this.fail(PlanCode.PathExists, msg.pathExists(r.path), stmt.name.span)
    const spec: CollectionSpec = { tables, ...applied.spec }
    const conflict = this.captureConflict(r.path, spec, stmt.name.span)
    if (conflict) return conflict
    return this.plan(stmt, [{ kind: 'CreateCollection', collection: r.path, spec }], `Backup collection ${r.path} created`)
  }

  // ── ALTER (extension; YDB parses it and rejects every setting) ──

  alter(stmt: AlterBackupCollectionStmt): PlanResult {
    const c = this.existingCollection(stmt.name)
    if ('result' in c) return c.result
    const old = c.info.spec
    let spec: CollectionSpec = old
    const changes: string[] = []
    for (const a of stmt.actions) {
      if (a.kind === 'SetSettings') {
        const read = readSettings(a.settings, this.ctx.source)
        if (read.diagnostics.length) return { ok: false, diagnostics: read.diagnostics }
        const applied = applySettings(spec, read.entries, this.ctx.source)
        if (applied.diagnostics.length) return { ok: false, diagnostics: [applied.diagnostics[0]!] }
        spec = applied.spec
        for (const e of read.entries) changes.push(`SET ${e.key.toUpperCase()} = '${e.value}'`)
      } else {
        for (const k of a.keys) {
          const key = k.text.toLowerCase()
          if (key === 'storage') spec = { ...spec, storage: DEFAULT_SPEC.storage }
          else if (key === 'incremental_backup_enabled') spec = { ...spec, incrementalBackupEnabled: DEFAULT_SPEC.incrementalBackupEnabled }
          else if (key === 'omit_indexes') spec = { ...spec, omitIndexes: DEFAULT_SPEC.omitIndexes }
          else return this.fail(PlanCode.UnsupportedSetting, msg.unsupportedSetting(key), k.span)
          changes.push(`RESET ${key.toUpperCase()}`)
        }
      }
    }
    const dropped: string[] = []
    let tables = [...spec.tables]
    for (const e of stmt.entries) {
      if (e.kind === 'AddDatabase' || e.kind === 'DropDatabase') return this.fail(PlanCode.Unimplemented, msg.unimplemented(), e.span)
      const tr = this.table(e.table.text, e.table.span)
      if ('result' in tr) return tr.result
      if (e.kind === 'AddTable') {
        if (tables.includes(tr.path)) return this.fail(PlanCode.BadRequest, msg.alreadyMember(tr.path, c.path), e.table.span)
        tables.push(tr.path)
        changes.push(`ADD TABLE ${tr.path}`)
      } else {
        if (!tables.includes(tr.path)) return this.fail(PlanCode.BadRequest, msg.notMember(tr.path, c.path), e.table.span)
        tables = tables.filter((t) => t !== tr.path)
        dropped.push(tr.path)
        changes.push(`DROP TABLE ${tr.path}`)
      }
    }
    spec = { ...spec, tables }
    // A chain must not span a change of its table set or of change capture.
    const chainChanged =
      dropped.length > 0 || tables.length !== old.tables.length || spec.incrementalBackupEnabled !== old.incrementalBackupEnabled || spec.omitIndexes !== old.omitIndexes
    const newest = c.info.backups.at(-1)?.name
    if (chainChanged && newest !== undefined) spec = { ...spec, chainResetAfter: newest }
    const conflict = this.captureConflict(c.path, spec, stmt.name.span)
    if (conflict) return conflict
    const steps: Step[] = [{ kind: 'AlterCollection', collection: c.path, spec, changes }]
    const stop = old.incrementalBackupEnabled && !spec.incrementalBackupEnabled ? old.tables : old.incrementalBackupEnabled ? dropped : []
    if (stop.length) steps.push({ kind: 'StopChangeCapture', tables: stop })
    return this.plan(stmt, steps, `Backup collection ${c.path} altered`)
  }

  // ── DROP ──

  drop(stmt: DropBackupCollectionStmt): PlanResult {
    const c = this.existingCollection(stmt.name)
    if ('result' in c) return c.result
    return this.plan(stmt, [{ kind: 'DropCollection', collection: c.path }], `Backup collection ${c.path} dropped`)
  }

  // ── BACKUP [INCREMENTAL] ──

  backup(stmt: BackupStmt): PlanResult {
    const c = this.existingCollection(stmt.collection)
    if ('result' in c) return c.result
    const { spec, backups } = c.info
    const tables = spec.database ? this.catalog.databaseTables() : spec.tables
    if (tables.length === 0) return this.fail(PlanCode.NoTables, msg.noTables(c.path), stmt.collection.span)
    if (stmt.incremental && !spec.incrementalBackupEnabled) return this.fail(PlanCode.IncrementalDisabled, msg.incrementalDisabled(), stmt.span)
    const missing = tables.find((t) => this.catalog.pathType(t) !== 'table')
    // SCHEME_ERROR for a missing member table, full or incremental (YDB PR #26201).
    if (missing !== undefined) return this.fail(PlanCode.PathNotFound, msg.pathNotFound(missing, this.nearest(missing)), stmt.collection.span)
    const conflict = this.captureConflict(c.path, { ...spec, tables }, stmt.collection.span)
    if (conflict) return conflict
    const stamp = nextStamp(this.ctx.now, backups)
    const kind = stmt.incremental ? 'incremental' : 'full'
    const name = backupName(stamp, kind)
    const items = tables.map((src) => ({ src, dst: `${c.path}/${name}/${relativeToDatabase(src, this.db)!}` }))
    const steps: Step[] = [{ kind: 'CheckTablesExist', tables: [...tables] }]
    if (!stmt.incremental) {
      steps.push({
        kind: 'FullBackup',
        collection: c.path,
        backup: name,
        items,
        omitIndexes: spec.omitIndexes,
        ...(spec.incrementalBackupEnabled ? { changeCapture: streamName(stamp) } : {}),
      })
    } else {
      const why = this.incrementalBlocker(c.path, c.info, tables)
      if (why) return why
      steps.push({ kind: 'IncrementalBackup', collection: c.path, backup: name, items, nextStream: streamName(stamp) })
    }
    if (spec.storage !== 'cluster') steps.push({ kind: 'ExportBackup', collection: c.path, backup: name, storage: spec.storage })
    const opText = stmt.incremental ? 'Incremental backup' : 'Full backup'
    return this.plan(stmt, steps, `${opText} ${name} of ${c.path} taken`, { kind: 'incbackup', subject: c.path })
  }

  /** Why an incremental cannot continue the current chain, if it cannot. */
  private incrementalBlocker(path: string, info: CollectionInfo, tables: readonly string[]): PlanResult | undefined {
    const full = [...info.backups].reverse().find((b) => b.kind === 'full')
    const span = this.ctx.span
    if (!full) return this.fail(PlanCode.NoContinuousBackup, msg.noStream(), span)
    const name = baseName(path)
    if (info.spec.chainResetAfter !== undefined && full.name <= info.spec.chainResetAfter)
      return this.fail(PlanCode.ChainBroken, msg.fullRequired(name, `The tables or settings of backup collection ${name} changed after its last full backup ${full.name}`), span)
    const rels = tables.map((t) => relativeToDatabase(t, this.db)!).sort()
    if (rels.join('\n') !== [...full.tables].sort().join('\n'))
      return this.fail(PlanCode.ChainBroken, msg.fullRequired(name, `The table set of backup collection ${name} differs from its last full backup ${full.name}`), span)
    for (const t of tables) {
      const now = this.catalog.tableSchema(t)
      const then = this.catalog.tableSchema(`${path}/${full.name}/${relativeToDatabase(t, this.db)!}`)
      if (now && then && !sameShape(now, then))
        return this.fail(PlanCode.ChainBroken, msg.fullRequired(name, `The schema of table ${t} changed after the last full backup ${full.name}`), span)
    }
    return undefined
  }

  // ── RESTORE ──

  restore(stmt: RestoreStmt): PlanResult {
    const c = this.existingCollection(stmt.collection)
    if ('result' in c) return c.result
    let backups: readonly BackupInfo[] = c.info.backups
    if (backups.length === 0) return this.fail(PlanCode.NothingToRestore, msg.nothingToRestore(), stmt.span)
    if (stmt.at) {
      const point = parseRestorePoint(stmt.at.value)
      if (!point) return this.fail(PlanCode.BadRestorePoint, msg.badAt(stmt.at.value), stmt.at.span)
      if (point.name !== undefined && !backups.some((b) => b.name === point.name))
        return this.fail(PlanCode.BadRestorePoint, msg.atNotFound(point.name, c.path), stmt.at.span)
      backups = backups.filter((b) => b.stamp <= point.stamp)
      if (!backups.some((b) => b.kind === 'full')) return this.fail(PlanCode.NoFullBackup, msg.atBeforeFirstFull(stmt.at.value, c.path), stmt.at.span)
    }
    const chain = selectChain(backups)
    if (!chain) return this.fail(PlanCode.NoFullBackup, msg.noFullBackup(c.path), stmt.span)
    const [full, ...incs] = chain
    const items: PlanRestoreItem[] = full!.tables.map((rel) => ({
      target: `${this.db}/${rel}`,
      full: `${c.path}/${full!.name}/${rel}`,
      incrementals: incs.filter((b) => b.tables.includes(rel)).map((b) => `${c.path}/${b.name}/${rel}`),
    }))
    const targets = items.map((i) => i.target)
    const existing = targets.find((t) => this.catalog.pathType(t) !== undefined)
    if (existing !== undefined) return this.fail(PlanCode.PathExists, msg.restoreTargetExists(existing), stmt.span)
    const steps: Step[] = [{ kind: 'CheckTargetsAbsent', tables: targets }]
    for (const b of chain)
      if (b.inCluster === false) steps.push({ kind: 'ImportBackup', collection: c.path, backup: b.name, storage: c.info.spec.storage })
    steps.push({ kind: 'Restore', collection: c.path, chain: chain.map((b) => b.name), items })
    return this.plan(stmt, steps, `Restored ${targets.length} table(s) of ${c.path} from ${chain.map((b) => b.name).join(', ')}`, {
      kind: 'restore',
      subject: c.path,
    })
  }
}

/** YDB's chain rule (spec §2.6): the latest full, then every incremental after it. */
export function selectChain(backups: readonly BackupInfo[]): BackupInfo[] | undefined {
  let chain: BackupInfo[] | undefined
  for (const b of [...backups].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (b.kind === 'full') chain = [b]
    else chain?.push(b)
  }
  return chain
}

/** Same columns (names, types; nullability aside) and key: an incremental can continue the chain. */
function sameShape(a: TableSchema, b: TableSchema): boolean {
  const cols = (s: TableSchema) => s.columns.filter((c) => !c.name.startsWith('__ydb_incrBackupImpl_'))
  const ca = cols(a)
  const cb = cols(b)
  return (
    ca.length === cb.length &&
    ca.every((c, i) => c.name === cb[i]!.name && sameType(c.type, cb[i]!.type)) &&
    a.primaryKey.join(',') === b.primaryKey.join(',')
  )
}

export { collectionsRoot }
