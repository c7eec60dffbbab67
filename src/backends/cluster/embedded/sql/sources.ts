// FROM / JOIN sources: resolve a table (and VIEW index) inside a transaction.
import type { Expr, TableSource } from '../../../../ast/nodes.js'
import type { Row } from '../../../../types/value.js'
import type { ReadTxn, TableHandle } from '../engine-api.js'
import type { CompileContext, SourceScope } from './compile-expr.js'
import { SqlErrorCode, sqlError, tableNotFound } from './errors.js'
import { keyRangeFor, readStats } from './key-range.js'
import { baseName, resolveRef } from './paths.js'

export interface BoundSource {
  readonly handle: TableHandle
  readonly scope: SourceScope
  /** `VIEW idx`: the index read, and its key columns. */
  readonly index?: { readonly name: string; readonly columns: readonly string[] }
}

export function openTable(tx: ReadTxn, ref: TableSource['table'], pathPrefix: string): TableHandle {
  const path = resolveRef(ref, pathPrefix)
  const handle = tx.resolveTable(path)
  if (handle === undefined) throw tableNotFound(path, ref.span)
  return handle
}

export function bindSource(tx: ReadTxn, src: TableSource, pathPrefix: string, outer = false): BoundSource {
  const handle = openTable(tx, src.table, pathPrefix)
  const schema = handle.schema
  let index: BoundSource['index']
  if (src.view) {
    const idx = schema.indexes.find((i) => i.name === src.view!.text)
    if (!idx) throw sqlError(SqlErrorCode.PathNotFound, `Index '${src.view.text}' not found in table '${handle.path}'`, src.view.span)
    index = { name: idx.name, columns: idx.columns }
  }
  const scope: SourceScope = {
    name: src.alias?.text ?? baseName(handle.path),
    path: handle.path,
    columns: schema.columns.map((c) => ({ name: c.name, type: c.type, nullable: !c.notNull })),
    ...(outer ? { outer } : {}),
  }
  return { handle, scope, ...(index ? { index } : {}) }
}

/** Reads a source's rows, through its key range when `where` constrains the key. */
export function* readSource(tx: ReadTxn, src: BoundSource, where: Expr | undefined, ctx: CompileContext): Iterable<Row> {
  const keyColumns = src.index ? src.index.columns : src.handle.schema.primaryKey
  const range = where ? keyRangeFor(where, src.scope, keyColumns, ctx) : undefined
  if (range) readStats.rangeScans++
  else readStats.fullScans++
  const rows = src.index ? tx.scanIndex(src.handle, src.index.name, range) : tx.scan(src.handle, range)
  for (const r of rows) {
    readStats.rowsRead++
    yield r
  }
}
