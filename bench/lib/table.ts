// The benchmark table: 6 columns, about 100 bytes of CSV per row (so
// 1,000,000 rows make the ~100 MB dump the transfer issue speaks of).
import type { TableSchema } from '../../src/types/table-schema.js'
import { primitive as p } from '../../src/types/ydb-type.js'
import type { Row } from '../../src/types/value.js'

/** /local/t: id Uint64 key, name Utf8, qty Int32, price Double, at Timestamp, note String. */
export const BENCH_SCHEMA: TableSchema = {
  columns: [
    { name: 'id', type: p('Uint64'), notNull: true },
    { name: 'name', type: p('Utf8'), notNull: false },
    { name: 'qty', type: p('Int32'), notNull: false },
    { name: 'price', type: p('Double'), notNull: false },
    { name: 'at', type: p('Timestamp'), notNull: false },
    { name: 'note', type: p('String'), notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [],
}

const NOTE = new TextEncoder().encode('lorem ipsum dolor sit amet, consectetur')

/** Row `i` of the benchmark table (deterministic). */
export function benchRow(i: number): Row {
  return [BigInt(i), `customer_${i % 10007}`, i % 1000, (i % 100000) / 100, 1_700_000_000_000_000n + BigInt(i) * 1000n, NOTE]
}

/** The same row as YQL and as SQLite value lists (identical text but for the literal suffixes). */
export function benchRowSql(i: number, dialect: 'yql' | 'sqlite'): string {
  const at = 1_700_000_000_000_000 + i * 1000
  const ts = dialect === 'yql' ? `CAST(${at} AS Timestamp)` : String(at)
  const note = "'lorem ipsum dolor sit amet, consectetur'"
  const name = dialect === 'yql' ? `'customer_${i % 10007}'u` : `'customer_${i % 10007}'`
  return `(${i}, ${name}, ${i % 1000}, ${(i % 100000) / 100}, ${ts}, ${note})`
}
