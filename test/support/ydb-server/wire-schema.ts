// CreateTableRequest → TableSchema and TableSchema → DescribeTableResult, for
// the test server (@ydbjs/api messages). Columns, primary key, indexes, TTL
// and literal defaults; partitioning and storage settings are not modelled.
import { create } from '@bufbuild/protobuf'
import {
  ColumnMetaSchema,
  DescribeTableResultSchema,
  TableIndexDescriptionSchema,
  type CreateTableRequest,
  type DescribeTableResult,
} from '@ydbjs/api/table'
import { EntrySchema, Entry_Type } from '@ydbjs/api/scheme'
import type { ColumnSchema, IndexSchema, TableSchema, TtlSchema } from '../../../src/types/table-schema.js'
import { typeFromWire, typeToWire, valueFromWire, valueToWire } from './wire-values.js'

const UNITS = ['SECONDS', 'MILLISECONDS', 'MICROSECONDS', 'NANOSECONDS'] as const

export function createRequestToSchema(req: CreateTableRequest): TableSchema {
  const columns: ColumnSchema[] = req.columns.map((c) => {
    const ct = typeFromWire(c.type)
    const def = c.defaultValue.case === 'fromLiteral' ? valueFromWire(c.defaultValue.value.value, typeFromWire(c.defaultValue.value.type)) : undefined
    return {
      name: c.name,
      type: ct.type,
      notNull: c.notNull === true || !ct.nullable,
      ...(def !== undefined ? { default: def } : {}),
      ...(c.family ? { family: c.family } : {}),
    }
  })
  const indexes: IndexSchema[] = req.indexes.map((i) => ({
    name: i.name,
    columns: [...i.indexColumns],
    cover: [...i.dataColumns],
    unique: i.type.case === 'globalUniqueIndex',
    mode: i.type.case === 'globalAsyncIndex' ? 'ASYNC' : 'SYNC',
  }))
  let ttl: TtlSchema | undefined
  const m = req.ttlSettings?.mode
  if (m?.case === 'dateTypeColumn') ttl = { column: m.value.columnName, expireAfterSeconds: m.value.expireAfterSeconds }
  if (m?.case === 'valueSinceUnixEpoch') {
    ttl = { column: m.value.columnName, expireAfterSeconds: m.value.expireAfterSeconds, unit: UNITS[m.value.columnUnit - 1] ?? 'SECONDS' }
  }
  return { columns, primaryKey: [...req.primaryKey], indexes, ...(ttl ? { ttl } : {}) }
}

export function schemaToDescribeResult(name: string, s: TableSchema): DescribeTableResult {
  return create(DescribeTableResultSchema, {
    self: create(EntrySchema, { name, owner: 'root@builtin', type: Entry_Type.TABLE }),
    columns: s.columns.map((c) => {
      const ct = { type: c.type, nullable: !c.notNull }
      return create(ColumnMetaSchema, {
        name: c.name,
        type: typeToWire(ct),
        family: c.family ?? '',
        ...(c.notNull ? { notNull: true } : {}),
        ...(c.default !== undefined ? { defaultValue: { case: 'fromLiteral' as const, value: { type: typeToWire(ct), value: valueToWire(c.default, ct) } } } : {}),
      })
    }),
    primaryKey: [...s.primaryKey],
    indexes: s.indexes.map((i) =>
      create(TableIndexDescriptionSchema, {
        name: i.name,
        indexColumns: [...i.columns],
        dataColumns: [...i.cover],
        type: i.unique
          ? { case: 'globalUniqueIndex', value: {} }
          : i.mode === 'ASYNC' ? { case: 'globalAsyncIndex', value: {} } : { case: 'globalIndex', value: {} },
      }),
    ),
    ...(s.ttl
      ? {
          ttlSettings: {
            mode: s.ttl.unit
              ? { case: 'valueSinceUnixEpoch' as const, value: { columnName: s.ttl.column, expireAfterSeconds: s.ttl.expireAfterSeconds, columnUnit: UNITS.indexOf(s.ttl.unit) + 1 } }
              : { case: 'dateTypeColumn' as const, value: { columnName: s.ttl.column, expireAfterSeconds: s.ttl.expireAfterSeconds } },
            runIntervalSeconds: s.ttl.runIntervalSeconds ?? 0,
          },
        }
      : {}),
  })
}
