// The table both YDB backend suites (test server and real YDB) round-trip:
// the 64-bit integers, Decimal, Utf8, String and Timestamp that cross the wire
// in their own encodings.
import type { TableSchema } from '../../../src/types/table-schema.js'

export const col = (name: string, t: string, notNull = false) => ({ name, type: { kind: 'Primitive' as const, name: t as never }, notNull })

export const TYPES_SCHEMA: TableSchema = {
  columns: [
    col('id', 'Int64', true),
    col('u', 'Uint64'),
    { name: 'd', type: { kind: 'Decimal', precision: 22, scale: 9 }, notNull: false },
    col('s', 'Utf8'),
    col('b', 'String'),
    col('ts', 'Timestamp'),
  ],
  primaryKey: ['id'],
  indexes: [],
}
