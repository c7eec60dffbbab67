// The bulk-load fast path's statements: one statement of the form
//   (UPSERT | INSERT | REPLACE) INTO name [(col, ...)] VALUES (v, ...), (v, ...) ... [;]
// where every v is a literal, optionally signed (numbers), inside CAST(… AS Type)
// or as the single string argument of a call (`Timestamp('…')`). Unlike
// parseScript it builds no AST node per value: each value is a few numbers in
// typed arrays (its kind and token offsets, bulk-scan.ts), and the executor
// converts the token text straight into the target column's type (bulk-write.ts
// in the embedded SQL layer). The statement's AST is still there for anyone who
// asks: the VALUES rows are built on first access by the ordinary parser, so
// another backend, or the executor's fallback on any error, sees exactly the
// statement parseScript gives.
//
// Anything outside the subset (a parameter, an operator, a keyword as a name, a
// string it cannot read, a second statement) returns undefined: parse the usual way.
import { INTEGER_VALUE, KEYWORDS, REAL, STRING_VALUE } from '../../grammar/yql.js'
import type * as A from '../ast/nodes.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { scanBulkCells, type BulkCells, type BulkScanConfig } from './bulk-scan.js'
import { parseScript } from './parse.js'

export { CellKind, CellWrap, type BulkCells, type BulkScan, type BulkScanConfig } from './bulk-scan.js'

/** A statement on the bulk path: its AST entry (rows built lazily) and its cells. */
export interface BulkWrite {
  readonly entry: A.StatementEntry
  readonly statement: A.WriteStmt
  readonly cells: BulkCells
}

/** Where a WriteStmt made by scanBulkWrite keeps its cells (the executor reads it). */
const BULK_CELLS: unique symbol = Symbol('yql-backup.bulk-cells')
/** Where a WriteStmt made from a prescanned statement keeps its payload. */
const PRESCANNED: unique symbol = Symbol('yql-backup.prescanned')

/** The cells of a WriteStmt made by scanBulkWrite, if it is one. */
export function bulkCellsOf(stmt: A.WriteStmt): BulkCells | undefined {
  return (stmt as { [BULK_CELLS]?: BulkCells })[BULK_CELLS]
}

/** The payload of a WriteStmt made by prescannedWrite (with the statement's text), if it is one. */
export function prescannedOf<T>(stmt: A.WriteStmt): { readonly text: string; readonly payload: T } | undefined {
  return (stmt as { [PRESCANNED]?: { text: string; payload: T } })[PRESCANNED]
}

let config: BulkScanConfig | undefined

/** The scanner's view of the grammar (keywords, literal patterns); plain data a worker can receive. */
export function bulkScanConfig(): BulkScanConfig {
  config ??= {
    keywords: new Map([...KEYWORDS].map(([w, t]) => [w, (t.CATEGORIES?.length ?? 0) > 0])),
    real: (REAL.PATTERN as RegExp).source,
    integer: (INTEGER_VALUE.PATTERN as RegExp).source,
    string: (STRING_VALUE.PATTERN as RegExp).source,
  }
  return config
}

/** Scans `source` if it is exactly one bulk write; otherwise undefined. */
export function scanBulkWrite(source: SourceText): BulkWrite | undefined {
  const s = scanBulkCells(source.text, bulkScanConfig())
  if (!s) return undefined
  const statement = lazyWrite(source, s.mode, s.table, s.columns, s.valuesSpan, s.span)
  Object.defineProperty(statement, BULK_CELLS, { value: s.cells, enumerable: false })
  return { entry: { statement, explain: false, span: s.span }, statement, cells: s.cells }
}

/** The head of a bulk statement scanned elsewhere (a worker thread), with what it made of the values. */
export interface PrescannedHead {
  readonly mode: A.WriteStmt['mode']
  readonly table: A.ObjectRef
  readonly columns?: A.Name[]
  readonly valuesSpan: Span
  readonly span: Span
}

/** The statement entry of a prescanned bulk statement; `payload` rides along for the executor. */
export function prescannedWrite(source: SourceText, head: PrescannedHead, payload: unknown): A.StatementEntry {
  const statement = lazyWrite(source, head.mode, head.table, head.columns, head.valuesSpan, head.span)
  Object.defineProperty(statement, PRESCANNED, { value: { text: source.text, payload }, enumerable: false })
  return { statement, explain: false, span: head.span }
}

/** A WriteStmt whose VALUES rows the ordinary parser builds on first access. */
function lazyWrite(source: SourceText, mode: A.WriteStmt['mode'], table: A.ObjectRef, columns: A.Name[] | undefined, valuesSpan: Span, span: Span): A.WriteStmt {
  let rows: readonly (readonly A.Expr[])[] | undefined
  const values = {
    kind: 'Values' as const,
    span: valuesSpan,
    get rows(): readonly (readonly A.Expr[])[] {
      if (rows === undefined) {
        const { script } = parseScript(source)
        const st = script.statements[0]?.statement
        if (st?.kind !== 'Write' || st.source.kind !== 'Values') throw new Error('bulk VALUES statement did not parse as one')
        rows = st.source.rows
      }
      return rows
    },
  }
  return { kind: 'Write', mode, table, ...(columns ? { columns } : {}), source: values, span }
}
