// CREATE TABLE, DROP TABLE and ALTER TABLE: build and check a TableSchema, then
// hand it to the engine inside the statement's write transaction.
import type { AlterTableStmt, ColumnDef, CreateTableStmt, DropTableStmt, Expr, IndexDef, Name, TableSetting } from '../../../../ast/nodes.js'
import { valueToText } from '../../../../types/convert.js'
import type { ColumnSchema, IndexSchema, PartitioningSchema, TableSchema, TtlSchema } from '../../../../types/table-schema.js'
import { NON_KEY_TYPES, typeToString, type YdbType } from '../../../../types/ydb-type.js'
import type { StatementOutcome } from '../../cluster-backend.js'
import type { WriteTxn } from '../engine-api.js'
import { compileExpr, EMPTY_ENV } from './compile-expr.js'
import { SqlErrorCode, sqlError, tableNotFound } from './errors.js'
import { resolveRef } from './paths.js'
import type { QueryEnv } from './select.js'
import { resolveTypeRef } from './type-ref.js'
import { toColumn } from './write-values.js'

const DONE: StatementOutcome = { resultSets: [] }

function columnSchema(def: ColumnDef, table: string, q: QueryEnv): ColumnSchema {
  const type = resolveTypeRef(def.type)
  if (type === undefined) throw sqlError(SqlErrorCode.TypeMismatch, `Unknown type: ${def.type.name}`, def.type.span)
  const base: ColumnSchema = { name: def.name.text, type, notNull: def.notNull, ...(def.family ? { family: def.family.text } : {}) }
  if (!def.default) return base
  const c = compileExpr(def.default, { sources: [], now: q.now })
  const value = toColumn({ type: c.type, value: c.eval(EMPTY_ENV) }, base, table, def.default.span)
  return { ...base, default: value }
}

function checkKeyType(col: ColumnSchema, what: string, span: Name['span']): void {
  const t: YdbType = col.type
  if (t.kind === 'Primitive' && NON_KEY_TYPES.has(t.name)) {
    throw sqlError(SqlErrorCode.SchemeError, `Column ${col.name} has wrong ${what} type ${typeToString(t)}`, span)
  }
}

function indexSchema(def: IndexDef, columns: readonly ColumnSchema[]): IndexSchema {
  const find = (n: Name): ColumnSchema => {
    const c = columns.find((x) => x.name === n.text)
    if (!c) throw sqlError(SqlErrorCode.UnknownColumn, `Index ${def.name.text}: unknown column ${n.text}`, n.span)
    return c
  }
  const seen = new Set<string>()
  for (const n of [...def.columns, ...def.cover]) {
    if (seen.has(n.text)) throw sqlError(SqlErrorCode.SchemeError, `Index ${def.name.text}: column ${n.text} is listed twice`, n.span)
    seen.add(n.text)
  }
  def.columns.forEach((n) => checkKeyType(find(n), 'index key', n.span))
  def.cover.forEach(find)
  return { name: def.name.text, columns: def.columns.map((n) => n.text), cover: def.cover.map((n) => n.text), unique: def.unique, mode: def.mode }
}

/** A setting's value as text: `ENABLED`, `10`, `'x'`. */
function settingText(e: Expr, q: QueryEnv): string {
  if (e.kind === 'ColumnRef') return e.column.text
  const c = compileExpr(e, { sources: [], now: q.now })
  return valueToText({ type: c.type, value: c.eval(EMPTY_ENV) }) ?? ''
}

const PARTITIONING_KEYS: Record<string, keyof PartitioningSchema> = {
  AUTO_PARTITIONING_BY_SIZE: 'autoPartitioningBySize',
  AUTO_PARTITIONING_BY_LOAD: 'autoPartitioningByLoad',
  AUTO_PARTITIONING_PARTITION_SIZE_MB: 'partitionSizeMb',
  AUTO_PARTITIONING_MIN_PARTITIONS_COUNT: 'minPartitionsCount',
  AUTO_PARTITIONING_MAX_PARTITIONS_COUNT: 'maxPartitionsCount',
  UNIFORM_PARTITIONS: 'uniformPartitions',
}

interface SettingsOut {
  ttl?: TtlSchema
  partitioning?: PartitioningSchema
  attributes?: Record<string, string>
}

function applySettings(settings: readonly TableSetting[], columns: readonly ColumnSchema[], into: SettingsOut, q: QueryEnv): void {
  for (const s of settings) {
    const key = s.key.text.toUpperCase()
    const v = s.value
    if (v.kind === 'TtlSetting') {
      const col = columns.find((c) => c.name === v.column.text)
      if (!col) throw sqlError(SqlErrorCode.UnknownColumn, `TTL: unknown column ${v.column.text}`, v.column.span)
      const c = compileExpr(v.expireAfter, { sources: [], now: q.now })
      const us = c.eval(EMPTY_ENV)
      if (typeof us !== 'bigint' || !(c.type?.kind === 'Primitive' && c.type.name.startsWith('Interval'))) {
        throw sqlError(SqlErrorCode.TypeMismatch, 'TTL needs an Interval', v.expireAfter.span)
      }
      into.ttl = { column: col.name, expireAfterSeconds: Number(us / 1_000_000n), ...(v.unit ? { unit: v.unit } : {}) }
      continue
    }
    const text = settingText(v, q)
    const p = PARTITIONING_KEYS[key]
    if (p) {
      const upper = text.toUpperCase()
      const value = p === 'autoPartitioningBySize' || p === 'autoPartitioningByLoad' ? upper === 'ENABLED' || upper === 'TRUE' : Number(text)
      into.partitioning = { ...into.partitioning, [p]: value }
    } else into.attributes = { ...into.attributes, [key]: text }
  }
}

export function executeCreateTable(tx: WriteTxn, stmt: CreateTableStmt, q: QueryEnv): StatementOutcome {
  const path = resolveRef(stmt.table, q.pathPrefix)
  const existing = tx.getPath(path)
  if (existing) {
    if (stmt.ifNotExists && existing.type === 'table') return DONE
    throw sqlError(SqlErrorCode.PathExists, `Check failed: path: '${path}', error: path exist, request accepts it`, stmt.table.span)
  }
  const columns: ColumnSchema[] = []
  for (const def of stmt.columns) {
    if (columns.some((c) => c.name === def.name.text)) throw sqlError(SqlErrorCode.SchemeError, `Duplicate column name: ${def.name.text}`, def.name.span)
    columns.push(columnSchema(def, path, q))
  }
  if (stmt.primaryKey.length === 0) throw sqlError(SqlErrorCode.SchemeError, `Table '${path}' needs a PRIMARY KEY`, stmt.table.span)
  const pk: string[] = []
  for (const n of stmt.primaryKey) {
    const col = columns.find((c) => c.name === n.text)
    if (!col) throw sqlError(SqlErrorCode.UnknownColumn, `Undefined column: ${n.text} in PRIMARY KEY`, n.span)
    if (pk.includes(n.text)) throw sqlError(SqlErrorCode.SchemeError, `Column ${n.text} is listed twice in PRIMARY KEY`, n.span)
    checkKeyType(col, 'key', n.span)
    pk.push(n.text)
  }
  const indexes: IndexSchema[] = []
  for (const def of stmt.indexes) {
    if (indexes.some((i) => i.name === def.name.text)) throw sqlError(SqlErrorCode.SchemeError, `Duplicate index name: ${def.name.text}`, def.name.span)
    indexes.push(indexSchema(def, columns))
  }
  const settings: SettingsOut = {}
  applySettings(stmt.settings, columns, settings, q)
  const schema: TableSchema = { columns, primaryKey: pk, indexes, ...settings }
  tx.createTable(path, schema)
  return DONE
}

export function executeDropTable(tx: WriteTxn, stmt: DropTableStmt, q: QueryEnv): StatementOutcome {
  const path = resolveRef(stmt.table, q.pathPrefix)
  const entry = tx.getPath(path)
  if (!entry) {
    if (stmt.ifExists) return DONE
    throw tableNotFound(path, stmt.table.span)
  }
  if (entry.type !== 'table') throw sqlError(SqlErrorCode.WrongPathType, `Check failed: path: '${path}', error: path is not a table`, stmt.table.span)
  tx.dropTable(path)
  return DONE
}

export function executeAlterTable(tx: WriteTxn, stmt: AlterTableStmt, q: QueryEnv): StatementOutcome {
  const path = resolveRef(stmt.table, q.pathPrefix)
  const t = tx.resolveTable(path)
  if (!t) throw tableNotFound(path, stmt.table.span)
  let columns = [...t.schema.columns]
  let indexes = [...t.schema.indexes]
  const settings: SettingsOut = {
    ...(t.schema.ttl ? { ttl: t.schema.ttl } : {}),
    ...(t.schema.partitioning ? { partitioning: t.schema.partitioning } : {}),
    ...(t.schema.attributes ? { attributes: { ...t.schema.attributes } } : {}),
  }
  for (const a of stmt.actions) {
    switch (a.kind) {
      case 'AddColumn': {
        const name = a.column.name.text
        if (columns.some((c) => c.name === name)) throw sqlError(SqlErrorCode.SchemeError, `Column '${name}' already exists in table '${path}'`, a.column.name.span)
        const col = columnSchema(a.column, path, q)
        if (col.notNull && col.default === undefined) {
          throw sqlError(SqlErrorCode.SchemeError, `Cannot add NOT NULL column '${name}' without a DEFAULT to table '${path}'`, a.column.span)
        }
        columns.push(col)
        break
      }
      case 'DropColumn': {
        const name = a.column.text
        if (!columns.some((c) => c.name === name)) throw sqlError(SqlErrorCode.UnknownColumn, `Column '${name}' does not exist in table '${path}'`, a.column.span)
        if (t.schema.primaryKey.includes(name)) throw sqlError(SqlErrorCode.SchemeError, `Cannot drop key column '${name}' of table '${path}'`, a.column.span)
        const ix = indexes.find((i) => i.columns.includes(name) || i.cover.includes(name))
        if (ix) throw sqlError(SqlErrorCode.SchemeError, `Cannot drop column '${name}': index ${ix.name} uses it`, a.column.span)
        columns = columns.filter((c) => c.name !== name)
        break
      }
      case 'AddIndex': {
        if (indexes.some((i) => i.name === a.index.name.text)) throw sqlError(SqlErrorCode.SchemeError, `Index '${a.index.name.text}' already exists in table '${path}'`, a.index.name.span)
        indexes.push(indexSchema(a.index, columns))
        break
      }
      case 'DropIndex': {
        if (!indexes.some((i) => i.name === a.index.text)) throw sqlError(SqlErrorCode.PathNotFound, `Index '${a.index.text}' not found in table '${path}'`, a.index.span)
        indexes = indexes.filter((i) => i.name !== a.index.text)
        break
      }
      case 'SetSettings':
        applySettings(a.settings, columns, settings, q)
        break
    }
  }
  tx.alterTable(path, { columns, primaryKey: t.schema.primaryKey, indexes, ...settings })
  return DONE
}
