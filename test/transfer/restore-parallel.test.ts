// The restore's worker (parse + encode in a worker thread, puts in the main
// thread) loads the same rows and fails with the same words as the restore in
// one thread; a failed restore leaves nothing of what it created.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dumpToStorage, restoreFromStorage } from '../../src/transfer/index.js'
import { PARALLEL_RESTORE_MIN_BYTES } from '../../src/transfer/restore.js'
import { primitive as p } from '../../src/types/ydb-type.js'
import type { TableSchema } from '../../src/types/table-schema.js'
import { openWorld, type World } from './helpers.js'

const SCHEMA: TableSchema = {
  columns: [
    { name: 'id', type: p('Uint64'), notNull: true },
    { name: 'name', type: p('Utf8'), notNull: false },
    { name: 'qty', type: p('Int32'), notNull: false },
    { name: 'at', type: p('Timestamp'), notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [],
}
const ROWS = 40_000

let w: World
let csv: string
beforeAll(async () => {
  w = await openWorld()
  await w.cluster.createTable('/local/t', SCHEMA)
  for (let i = 0; i < ROWS; i += 10_000)
    await w.cluster.bulkUpsert('/local/t', Array.from({ length: 10_000 }, (_, k) => [BigInt(i + k), `имя ${i + k}, "q"`, (i + k) % 1000, 1_700_000_000_000_000n + BigInt(i + k)]))
  await dumpToStorage(w.cluster, w.storage('d'), { path: 't' })
  csv = readFileSync(join(w.dir, 'd/t/data_00.csv'), 'latin1')
  expect(csv.length).toBeGreaterThan(PARALLEL_RESTORE_MIN_BYTES)
}, 60_000)
afterAll(async () => w.close())

const countRows = (path: string): number =>
  w.cluster.db.read((tx) => {
    const t = tx.resolveTable(path)
    return t ? tx.countRows(t) : -1
  })

describe('restore through the worker', () => {
  it('loads every row, as the one-thread restore does', async () => {
    const a = await restoreFromStorage(w.cluster, w.storage('d'), { path: 'one', workers: 0 })
    const b = await restoreFromStorage(w.cluster, w.storage('d'), { path: 'two' })
    expect(b).toEqual({ ...a, created: ['/local/two/t'] })
    expect(countRows('/local/two/t')).toBe(ROWS)
    await dumpToStorage(w.cluster, w.storage('again'), { path: 'two/t' })
    expect(readFileSync(join(w.dir, 'again/t/data_00.csv'), 'latin1')).toBe(csv)
  })

  it('a bad line deep in the file: the same error, and nothing left behind', async () => {
    const lines = csv.split('\n')
    lines[31_234] = lines[31_234]!.replace(/,(\d+),/, ',12x,')
    writeFileSync(join(w.dir, 'd/t/data_00.csv'), lines.join('\n'), 'latin1')
    try {
      const errors: string[] = []
      for (const workers of [0, 1]) {
        const e = await restoreFromStorage(w.cluster, w.storage('d'), { path: `bad${workers}`, workers }).catch((x: unknown) => x as Error)
        expect(e).toBeInstanceOf(Error)
        errors.push((e as Error).message.replace(`bad${workers}`, 'bad'))
        expect(await w.cluster.describePath(`/local/bad${workers}/t`)).toBeUndefined()
      }
      expect(errors[1]).toBe(errors[0])
      expect(errors[0]).toMatch(/data_00\.csv:31235:3: column qty/)
    } finally {
      writeFileSync(join(w.dir, 'd/t/data_00.csv'), csv, 'latin1')
    }
  })

  it('NOT NULL of an existing table: the engine\'s words', async () => {
    await w.cluster.createTable('/local/strict/t', { ...SCHEMA, columns: SCHEMA.columns.map((c) => (c.name === 'name' ? { ...c, notNull: true } : c)) })
    const lines = csv.split('\n')
    lines[20_000] = lines[20_000]!.replace(/^(\d+),[^,]*,/, '$1,null,')
    writeFileSync(join(w.dir, 'd/t/data_00.csv'), lines.join('\n'), 'latin1')
    try {
      const e = await restoreFromStorage(w.cluster, w.storage('d'), { path: 'strict' }).catch((x: unknown) => x as Error)
      expect((e as Error).message).toBe('NOT NULL column name of table /local/strict/t cannot be set to NULL')
    } finally {
      writeFileSync(join(w.dir, 'd/t/data_00.csv'), csv, 'latin1')
    }
  })
})
