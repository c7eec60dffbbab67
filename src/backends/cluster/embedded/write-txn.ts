// WriteTxn: one LMDB write transaction. Rows, index entries, change records and
// the catalogue change together or not at all.
import { NON_KEY_TYPES, typeToString } from '../../../types/ydb-type.js'
import type { TableSchema } from '../../../types/table-schema.js'
import type { Row, Value } from '../../../types/value.js'
import { catalogKey, encodeJson, joinPath, normalizePath, pathParts, type CatalogEntry, type StreamInfo } from './catalog.js'
import { decodeChange, encodeChange, mergeWrite, tombstone } from './change-record.js'
import type { CreateTableFlags, KeyRange, RowChange, TableHandle, WriteTxn } from './engine-api.js'
import { badRequest, constraint, pathExists, pathNotFound, schemeError, wrongPathType } from './errors.js'
import { rangeBounds, ReadTxnImpl } from './read-txn.js'
import { META_NEXT_ID, type Store } from './store.js'
import { idPrefix, MAX_KEY, type TableRuntime } from './table-runtime.js'
import type { Database } from 'lmdb'

const EMPTY = Buffer.alloc(0)
/** YDB's reserved column-name prefix (incremental backup tables' system columns). */
const SYSTEM_PREFIX = '__ydb_'

/** Options of the engine-internal table creation (backup copies, incremental tables). */
export interface CreateTableOptions {
  readonly readOnly?: boolean
  /** Skip user-level schema checks (system columns of incremental tables, any key type). */
  readonly system?: boolean
  /** Accept `__ydb_` column names only (an incremental backup table restored or imported). */
  readonly allowSystemColumns?: boolean
  /** Use already allocated ids (a staged copy being published). */
  readonly tableId?: number
  readonly indexIds?: Readonly<Record<string, number>>
}

export class WriteTxnImpl extends ReadTxnImpl implements WriteTxn {
  constructor(store: Store) {
    super(store)
  }

  /**
   * Inside a write transaction the statement may write the table it scans:
   * read in bounded chunks, restarting after the last key, instead of keeping
   * an LMDB cursor open across writes.
   */
  override *scan(t: TableHandle, range?: KeyRange): Iterable<Row> {
    const rt = this.runtime(t)
    const { start, end } = rangeBounds(rt.prefix, rt.keyCodec, range)
    let from = start
    for (;;) {
      const batch = [...this.store.rows.getRange({ start: from, end, limit: 1000 })]
      if (batch.length === 0) return
      for (const { key, value } of batch) yield rt.decodeRow(key, value)
      if (batch.length < 1000) return
      from = Buffer.concat([batch[batch.length - 1]!.key, Buffer.from([0])])
    }
  }

  override *scanIndex(t: TableHandle, index: string, range?: KeyRange): Iterable<Row> {
    const rt = this.runtime(t)
    const ix = rt.indexes.find((i) => i.schema.name === index)
    if (!ix) throw schemeError(`Index ${index} of table ${rt.path} does not exist`)
    const { start, end } = rangeBounds(ix.prefix, ix.codec, range)
    let from = start
    for (;;) {
      const keys = [...this.store.index.getKeys({ start: from, end, limit: 1000 })]
      if (keys.length === 0) return
      for (const key of keys) {
        const { end: at } = ix.codec.decode(key, 4)
        const row = this.get(rt, rt.keyCodec.decode(key, at).values)
        if (row) yield row
      }
      if (keys.length < 1000) return
      from = Buffer.concat([keys[keys.length - 1]!, Buffer.from([0])])
    }
  }

  // ── ids and raw helpers ──

  allocId(): number {
    const raw = this.store.meta.get(META_NEXT_ID)
    const id = raw ? raw.readUInt32BE(0) : 1
    const next = Buffer.allocUnsafe(4)
    next.writeUInt32BE(id + 1, 0)
    this.store.meta.putSync(META_NEXT_ID, next)
    return id
  }

  putEntry(path: string, e: CatalogEntry): void {
    this.store.catalog.putSync(catalogKey(normalizePath(path)), encodeJson(e))
    this.forget(path)
  }

  deleteEntry(path: string): void {
    this.store.catalog.removeSync(catalogKey(normalizePath(path)))
    this.forget(path)
  }

  /** Removes every key in [start, end) of a sub-database, in batches. */
  removeRange(db: Database<Buffer, Buffer>, start: Buffer, end: Buffer): number {
    let n = 0
    for (;;) {
      const keys = [...db.getKeys({ start, end, limit: 10000 })]
      if (keys.length === 0) return n
      for (const k of keys) db.removeSync(k)
      n += keys.length
    }
  }

  /** Removes all keys with this 4-byte id prefix. */
  removeId(db: Database<Buffer, Buffer>, id: number): number {
    return this.removeRange(db, idPrefix(id), idPrefix(id + 1))
  }

  setStreams(path: string, streams: readonly StreamInfo[]): void {
    const e = this.entry(path)
    if (!e || e.type !== 'table') throw pathNotFound(path, this.nearest(path))
    const { streams: _old, ...rest } = e
    this.putEntry(path, streams.length > 0 ? { ...rest, streams } : rest)
  }

  // ── rows ──

  private requireWritable(t: TableHandle): TableRuntime {
    const rt = this.runtime(t)
    if (rt.readOnly) throw badRequest(`Table ${rt.path} is read-only (a backup table): writes are not allowed`)
    return rt
  }

  writeRow(t: TableHandle, row: Row, change: RowChange): void {
    this.writeRowInternal(this.requireWritable(t), row, change)
  }

  /**
   * writeRow without the read-only check (building backup copies and restores).
   * `skipUnique`: a restore replays a consistent end state key by key, so an
   * intermediate state may collide (two rows swapping a unique value).
   */
  writeRowInternal(rt: TableRuntime, row: Row, change: RowChange, skipUnique = false): void {
    // A view into the key codec's buffer (LMDB copies it on put): no allocation
    // on the common path of a table without indexes and capture.
    const keyView = rt.checkedKey(row)
    const needOld = rt.indexes.length > 0 || rt.streams.length > 0
    let old: Value[] | undefined
    if (needOld) {
      const key = Buffer.from(keyView)
      const raw = this.store.rows.get(key)
      old = raw === undefined ? undefined : rt.decodeRow(key, raw)
      for (const ix of rt.indexes) {
        const newKey = rt.indexKey(ix, row)
        const oldKey = old ? rt.indexKey(ix, old) : undefined
        if (oldKey && oldKey.equals(newKey)) continue
        if (newKey.length > MAX_KEY) throw badRequest(`Key of index ${ix.schema.name} of table ${rt.path} is too long (${newKey.length} bytes; the embedded engine allows ${MAX_KEY})`)
        if (ix.schema.unique && !skipUnique) this.checkUnique(rt, ix, row)
        if (oldKey) this.store.index.removeSync(oldKey)
        this.store.index.putSync(newKey, EMPTY)
      }
      this.store.rows.putSync(key, rt.valueCodec.encodeView(row, rt.valuePositions))
    } else {
      this.store.rows.putSync(keyView, rt.valueCodec.encodeView(row, rt.valuePositions))
    }
    for (const s of rt.streams) {
      const ck = rt.keyCodec.encode(rt.keyOf(row), idPrefix(s.id))
      const prevRaw = this.store.changes.get(ck)
      const prev = prevRaw === undefined ? undefined : decodeChange(rt, prevRaw)
      this.store.changes.putSync(ck, encodeChange(rt, mergeWrite(rt, prev, row, change, old !== undefined)))
    }
  }

  private checkUnique(rt: TableRuntime, ix: TableRuntime['indexes'][number], row: Row): void {
    const vals = ix.positions.map((i) => row[i]!)
    if (vals.some((v) => v === null)) return // NULLs never collide
    const head = ix.codec.encode(vals, ix.prefix)
    const end = Buffer.concat([head, Buffer.from([0xff])])
    const myPk = rt.keyCodec.encode(rt.keyOf(row))
    for (const k of this.store.index.getKeys({ start: head, end })) {
      if (!k.subarray(head.length).equals(myPk)) {
        throw constraint(`Duplicate key violation in unique index ${ix.schema.name} of table ${rt.path}`)
      }
    }
  }

  deleteRow(t: TableHandle, key: readonly Value[]): boolean {
    return this.deleteRowInternal(this.requireWritable(t), key)
  }

  deleteRowInternal(rt: TableRuntime, key: readonly Value[]): boolean {
    const k = rt.rowKey(key)
    const raw = this.store.rows.get(k)
    if (raw !== undefined) {
      const old = rt.decodeRow(k, raw)
      for (const ix of rt.indexes) this.store.index.removeSync(rt.indexKey(ix, old))
      this.store.rows.removeSync(k)
    }
    for (const s of rt.streams) {
      this.store.changes.putSync(rt.keyCodec.encode(key, idPrefix(s.id)), encodeChange(rt, tombstone(rt)))
    }
    return raw !== undefined
  }

  // ── scheme ──

  /** Creates missing directories up to and including `dir`. */
  ensureDirectory(dir: string): void {
    const parts = pathParts(dir)
    let p = '/'
    for (const name of parts) {
      p = joinPath(p, name)
      const e = this.entry(p)
      if (!e) this.putEntry(p, { type: 'directory', createdAt: Date.now() })
      else if (e.type === 'table') throw wrongPathType(p, 'directory', 'table')
    }
  }

  makeDirectory(path: string): void {
    const p = normalizePath(path)
    const e = this.entry(p)
    if (e && e.type !== 'directory') throw pathExists(p)
    this.ensureDirectory(p)
  }

  removeDirectory(path: string, recursive: boolean): void {
    const p = normalizePath(path)
    const e = this.entry(p)
    if (!e) throw pathNotFound(p, this.nearest(p))
    if (e.type === 'table') throw wrongPathType(p, 'directory', 'table')
    if (p === '/') throw schemeError('Cannot remove the root directory')
    const kids = this.children(p)
    if (kids.length > 0 && !recursive) throw schemeError(`Check failed: path: '${p}', error: directory is not empty`)
    for (const [name, c] of kids) {
      const child = joinPath(p, name)
      if (c.type === 'table') this.dropTable(child)
      else this.removeDirectory(child, true)
    }
    this.deleteEntry(p)
  }

  createTable(path: string, schema: TableSchema, opts: CreateTableFlags = {}): TableHandle {
    return this.createTableInternal(path, schema, { allowSystemColumns: opts.allowSystemColumns === true })
  }

  createTableInternal(path: string, schema: TableSchema, opts: CreateTableOptions): TableRuntime {
    const p = normalizePath(path)
    if (pathParts(p).length === 0) throw schemeError('Cannot create a table at the root')
    if (this.entry(p)) throw pathExists(p)
    validateSchema(p, schema, opts.system === true, opts.system === true || opts.allowSystemColumns === true)
    this.ensureDirectory(p.slice(0, p.lastIndexOf('/')) || '/')
    const tableId = opts.tableId ?? this.allocId()
    const indexIds: Record<string, number> = {}
    for (const ix of schema.indexes) indexIds[ix.name] = opts.indexIds?.[ix.name] ?? this.allocId()
    this.putEntry(p, {
      type: 'table',
      createdAt: Date.now(),
      tableId,
      schema,
      indexIds,
      ...(opts.readOnly ? { readOnly: true } : {}),
    })
    return this.requireTable(p)
  }

  dropTable(path: string): void {
    const rt = this.requireTable(path)
    this.removeId(this.store.rows, rt.id)
    for (const ix of rt.indexes) this.removeId(this.store.index, ix.id)
    for (const s of rt.streams) this.removeId(this.store.changes, s.id)
    this.deleteEntry(rt.path)
  }

  alterTable(path: string, schema: TableSchema): void {
    const rt = this.requireTable(path)
    if (rt.readOnly) throw badRequest(`Table ${rt.path} is read-only (a backup table): ALTER is not allowed`)
    validateSchema(rt.path, schema, false)
    const oldPk = rt.schema.primaryKey.join('\u0000')
    if (schema.primaryKey.join('\u0000') !== oldPk) throw schemeError(`Cannot change the primary key of table ${rt.path}`)
    const oldCols = rt.schema.columns.map((c) => c.name)
    // Where each new column's value comes from: an old position, or its DEFAULT.
    const source = schema.columns.map((c) => oldCols.indexOf(c.name))
    const sameColumns = source.length === oldCols.length && source.every((s, i) => s === i) &&
      schema.columns.every((c, i) => typeToString(c.type) === typeToString(rt.schema.columns[i]!.type))
    const remap = (row: readonly Value[]): Value[] =>
      schema.columns.map((c, i) => (source[i]! >= 0 ? row[source[i]!]! : (c.default ?? null)))
    const empty = !this.hasRows(rt, 1)
    for (const [i, c] of schema.columns.entries()) {
      if (source[i]! < 0 && c.notNull && c.default === undefined && !empty) {
        throw constraint(`Cannot add NOT NULL column ${c.name} without DEFAULT to non-empty table ${rt.path}`)
      }
    }
    // Keep ids of indexes that stay; new indexes get new ids.
    const indexIds: Record<string, number> = {}
    const oldIx = new Map(rt.indexes.map((ix) => [ix.schema.name, ix]))
    for (const ix of schema.indexes) {
      const o = oldIx.get(ix.name)
      const same = o && o.schema.columns.join() === ix.columns.join() && o.schema.unique === ix.unique
      indexIds[ix.name] = same && sameColumns ? o.id : this.allocId()
    }
    const tmpEntry: CatalogEntry = { ...rt.entry, schema, indexIds }
    for (const o of rt.indexes) {
      if (indexIds[o.schema.name] !== o.id) this.removeId(this.store.index, o.id)
    }
    this.putEntry(rt.path, tmpEntry)
    const nt = this.requireTable(rt.path)
    const rebuild = nt.indexes.filter((ix) => !rt.indexes.some((o) => o.id === ix.id))
    if (!sameColumns || rebuild.length > 0) {
      // Rewrite rows in batches of keys (values may change size).
      let start: Buffer = rt.prefix
      const end = idPrefix(rt.id + 1)
      for (;;) {
        const batch = [...this.store.rows.getRange({ start, end, limit: 5000 })]
        if (batch.length === 0) break
        for (const { key, value } of batch) {
          const row = sameColumns ? rt.decodeRow(key, value) : remap(rt.decodeRow(key, value))
          if (!sameColumns) this.store.rows.putSync(key, nt.encodeValue(row))
          for (const ix of rebuild) {
            if (ix.schema.unique) this.checkUnique(nt, ix, row)
            this.store.index.putSync(nt.indexKey(ix, row), Buffer.alloc(0))
          }
        }
        start = Buffer.concat([batch[batch.length - 1]!.key, Buffer.from([0])])
      }
      // Change records follow the new column layout.
      if (!sameColumns) {
        for (const s of rt.streams) {
          const recs = [...this.store.changes.getRange({ start: idPrefix(s.id), end: idPrefix(s.id + 1) })]
          for (const { key, value } of recs) {
            const r = decodeChange(rt, value)
            const changed = schema.columns.map((_c, i) => (source[i]! >= 0 ? r.changed[source[i]!]! : !r.deleted))
            this.store.changes.putSync(key, encodeChange(nt, { deleted: r.deleted, changed, ...(r.image ? { image: remap(r.image) } : {}) }))
          }
        }
      }
    }
  }
}

/** The checks YDB's SchemeShard makes on a new table's description. */
export function validateSchema(path: string, schema: TableSchema, system: boolean, systemColumns = system): void {
  if (schema.columns.length === 0) throw schemeError(`Table ${path} must have at least one column`)
  const names = new Set<string>()
  for (const c of schema.columns) {
    if (names.has(c.name)) throw schemeError(`Column ${c.name} of table ${path} is declared twice`)
    names.add(c.name)
    if (!systemColumns && c.name.startsWith(SYSTEM_PREFIX)) {
      throw schemeError(
        `Column name ${c.name} of table ${path} uses the reserved prefix ${SYSTEM_PREFIX}: it is kept for the system columns of backup tables`,
      )
    }
  }
  if (schema.primaryKey.length === 0) throw schemeError(`Table ${path} must have a primary key`)
  const byName = new Map(schema.columns.map((c) => [c.name, c]))
  const seen = new Set<string>()
  for (const k of schema.primaryKey) {
    const c = byName.get(k)
    if (!c) throw schemeError(`Primary key column ${k} of table ${path} is not a column of the table`)
    if (seen.has(k)) throw schemeError(`Primary key column ${k} of table ${path} is listed twice`)
    seen.add(k)
    if (!system && c.type.kind === 'Primitive' && NON_KEY_TYPES.has(c.type.name)) {
      throw schemeError(`Column ${k} of type ${typeToString(c.type)} cannot be a primary key column of table ${path}`)
    }
  }
  const ixNames = new Set<string>()
  for (const ix of schema.indexes) {
    if (ixNames.has(ix.name)) throw schemeError(`Index ${ix.name} of table ${path} is declared twice`)
    ixNames.add(ix.name)
    if (ix.columns.length === 0) throw schemeError(`Index ${ix.name} of table ${path} has no columns`)
    for (const col of [...ix.columns, ...ix.cover]) {
      const c = byName.get(col)
      if (!c) throw schemeError(`Index ${ix.name} of table ${path}: column ${col} does not exist`)
    }
    for (const col of ix.columns) {
      const c = byName.get(col)!
      if (c.type.kind === 'Primitive' && NON_KEY_TYPES.has(c.type.name)) {
        throw schemeError(`Column ${col} of type ${typeToString(c.type)} cannot be an index key column (index ${ix.name} of table ${path})`)
      }
    }
  }
}
