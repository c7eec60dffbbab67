// Parameters and results of data queries: our Values as typed Ydb.TypedValue
// parameters (with the DECLAREs YDB wants), result sets back as Values, and the
// row count from YDB's query statistics.
import type { Ydb as YdbNs } from 'ydb-sdk'
import type { ResultSet } from '../cluster-backend.js'
import { isDecimal, type Value } from '../../../types/value.js'
import { typeToString, type ColumnType, type YdbType } from '../../../types/ydb-type.js'
import { columnTypeToProto, columnValueToProto, protoToColumnType, protoToValue } from './ydb-values.js'

/** A YQL literal type for a parameter value that carries no declared type. */
export function inferType(v: Value): YdbType {
  if (typeof v === 'boolean') return { kind: 'Primitive', name: 'Bool' }
  if (typeof v === 'number') {
    return { kind: 'Primitive', name: Number.isInteger(v) && Math.abs(v) <= 2147483647 ? 'Int32' : 'Double' }
  }
  if (typeof v === 'bigint') return { kind: 'Primitive', name: 'Int64' }
  if (typeof v === 'string') return { kind: 'Primitive', name: 'Utf8' }
  if (v instanceof Uint8Array) return { kind: 'Primitive', name: 'String' }
  if (isDecimal(v)) return { kind: 'Decimal', precision: 35, scale: v.scale }
  return { kind: 'Primitive', name: 'Utf8' }
}

/** Sums the rows a data query wrote or deleted, from YDB's BASIC query stats. */
export function affectedRows(stats: YdbNs.TableStats.IQueryStats | null | undefined): number | undefined {
  if (!stats?.queryPhases) return undefined
  let n = 0
  for (const ph of stats.queryPhases) {
    for (const ta of ph.tableAccess ?? []) n += Number(ta.updates?.rows ?? 0) + Number(ta.deletes?.rows ?? 0)
  }
  return n
}

/**
 * Typed parameters for a query text. Types come from `paramTypes` where given,
 * otherwise from the value; each parameter is declared unless the text does.
 */
export function encodeParameters(
  text: string,
  parameters?: ReadonlyMap<string, Value>,
  paramTypes?: ReadonlyMap<string, ColumnType>,
): { declares: string; params: Record<string, YdbNs.ITypedValue> } {
  const params: Record<string, YdbNs.ITypedValue> = {}
  let declares = ''
  for (const [rawName, v] of parameters ?? []) {
    const name = rawName.startsWith('$') ? rawName : `$${rawName}`
    const ct: ColumnType = paramTypes?.get(rawName) ?? paramTypes?.get(name) ?? { type: inferType(v), nullable: v === null }
    params[name] = { type: columnTypeToProto(ct), value: columnValueToProto(v, ct) }
    if (!new RegExp(`DECLARE\\s+\\${name}\\b`, 'i').test(text)) {
      declares += `DECLARE ${name} AS ${typeToString(ct.type)}${ct.nullable ? '?' : ''};\n`
    }
  }
  return { declares, params }
}

/** Result sets of ExecuteDataQuery as ours. */
export function decodeResultSets(sets: readonly YdbNs.IResultSet[] | null | undefined): ResultSet[] {
  return (sets ?? []).map((rs) => {
    const types = (rs.columns ?? []).map((c) => c.type)
    return {
      columns: (rs.columns ?? []).map((c) => ({ name: c.name ?? '', type: protoToColumnType(c.type) })),
      rows: (rs.rows ?? []).map((r) => types.map((t, i) => protoToValue(r.items?.[i], t))),
    }
  })
}
