// Shared helpers for the embedded engine tests: temp data dirs and small schemas.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TableSchema } from '../../../src/types/table-schema.js'
import { primitive, type PrimitiveTypeName } from '../../../src/types/ydb-type.js'

export function tempDir(prefix = 'yqlb-engine-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A schema from `name: type` pairs; the first `keys` columns form the primary key. */
export function schema(cols: Record<string, PrimitiveTypeName>, keys = 1, extra: Partial<TableSchema> = {}): TableSchema {
  const names = Object.keys(cols)
  return {
    columns: names.map((n) => ({ name: n, type: primitive(cols[n]!), notNull: false })),
    primaryKey: names.slice(0, keys),
    indexes: [],
    ...extra,
  }
}

/** T(key Uint32, value Uint32) of the acceptance scenarios. */
export const KV = schema({ key: 'Uint32', value: 'Uint32' })
