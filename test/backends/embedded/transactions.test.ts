import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEmbeddedDatabase, type EmbeddedDb } from '../../../src/backends/cluster/embedded/database.js'
import type { TableHandle, WriteTxn } from '../../../src/backends/cluster/embedded/engine-api.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { primitive } from '../../../src/types/ydb-type.js'
import { KV, schema, tempDir } from './helpers.js'

let db: EmbeddedDb
let cleanup: () => void
beforeEach(() => {
  const t = tempDir()
  cleanup = t.cleanup
  db = openEmbeddedDatabase(t.dir)
})
afterEach(async () => {
  await db.close()
  cleanup()
})

const all = (tx: WriteTxn, t: TableHandle) => t.schema.columns.map((_c, i) => i)
const upsert = (path: string, ...rows: (readonly (number | string | null)[])[]) =>
  db.write((tx) => {
    const t = tx.resolveTable(path)!
    for (const r of rows) tx.writeRow(t, r, { kind: 'upsert', columns: all(tx, t) })
  })
const rows = (path: string) => db.read((tx) => [...tx.scan(tx.resolveTable(path)!)])
const codeOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(YqlError)
    return (e as YqlError).diagnostics[0]!.code + ': ' + (e as YqlError).message
  }
  return 'no error'
}

describe('embedded engine transactions', () => {
  it('writes, reads by key, scans in key order, deletes', () => {
    db.write((tx) => tx.createTable('/local/t', KV))
    upsert('/local/t', [3, 30], [1, 10], [2, null])
    expect(rows('/local/t')).toEqual([[1, 10], [2, null], [3, 30]])
    expect(db.read((tx) => tx.get(tx.resolveTable('/local/t')!, [3]))).toEqual([3, 30])
    expect(db.write((tx) => tx.deleteRow(tx.resolveTable('/local/t')!, [2]))).toBe(true)
    expect(db.write((tx) => tx.deleteRow(tx.resolveTable('/local/t')!, [9]))).toBe(false)
    expect(rows('/local/t')).toEqual([[1, 10], [3, 30]])
  })

  it('a write transaction may write the table it is scanning', () => {
    db.write((tx) => tx.createTable('/local/t', KV))
    upsert('/local/t', ...Array.from({ length: 2500 }, (_v, i) => [i, i]))
    db.write((tx) => {
      const t = tx.resolveTable('/local/t')!
      for (const r of tx.scan(t)) {
        if ((r[0] as number) % 2 === 0) tx.deleteRow(t, [r[0]!])
        else tx.writeRow(t, [r[0]!, (r[1] as number) * 10], { kind: 'upsert', columns: [1] })
      }
    })
    const after = rows('/local/t')
    expect(after).toHaveLength(1250)
    expect(after.every((r) => (r[0] as number) % 2 === 1 && r[1] === (r[0] as number) * 10)).toBe(true)
  })

  it('a throwing statement changes nothing', () => {
    db.write((tx) => tx.createTable('/local/t', KV))
    upsert('/local/t', [1, 10])
    expect(() =>
      db.write((tx) => {
        const t = tx.resolveTable('/local/t')!
        tx.writeRow(t, [2, 20], { kind: 'upsert', columns: [0, 1] })
        tx.createTable('/local/u', KV)
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(rows('/local/t')).toEqual([[1, 10]])
    expect(db.read((tx) => tx.getPath('/local/u'))).toBeUndefined()
  })

  it('scans key ranges given by (prefix) bounds', () => {
    db.write((tx) => tx.createTable('/local/c', schema({ a: 'Uint32', b: 'Utf8', v: 'Int64' }, 2)))
    db.write((tx) => {
      const t = tx.resolveTable('/local/c')!
      for (const a of [1, 2, 3]) for (const b of ['x', 'y', null]) tx.writeRow(t, [a, b, 0n], { kind: 'upsert', columns: [0, 1, 2] })
    })
    const scan = (range: Parameters<WriteTxn['scan']>[1]) =>
      db.read((tx) => [...tx.scan(tx.resolveTable('/local/c')!, range)].map((r) => `${r[0]}${r[1] ?? '_'}`))
    expect(scan({ from: { key: [2], inclusive: true }, to: { key: [2], inclusive: true } })).toEqual(['2_', '2x', '2y'])
    expect(scan({ from: { key: [1], inclusive: false }, to: { key: [3], inclusive: false } })).toEqual(['2_', '2x', '2y'])
    expect(scan({ from: { key: [2, 'x'], inclusive: false } })).toEqual(['2y', '3_', '3x', '3y'])
    expect(scan({ to: { key: [1, 'x'], inclusive: true } })).toEqual(['1_', '1x'])
  })

  it('a read snapshot does not see later commits and does not block writers', () => {
    db.write((tx) => tx.createTable('/local/t', KV))
    upsert('/local/t', [1, 10])
    const snap = db.hold()
    upsert('/local/t', [2, 20])
    expect([...snap.tx.scan(snap.tx.resolveTable('/local/t')!)]).toEqual([[1, 10]])
    snap.release()
    expect(rows('/local/t')).toEqual([[1, 10], [2, 20]])
  })

  it('maintains secondary indexes and enforces UNIQUE', () => {
    const s = schema({ id: 'Uint32', email: 'Utf8', age: 'Uint32' }, 1, {
      indexes: [
        { name: 'by_email', columns: ['email'], cover: [], unique: true, mode: 'SYNC' },
        { name: 'by_age', columns: ['age'], cover: [], unique: false, mode: 'SYNC' },
      ],
    })
    db.write((tx) => tx.createTable('/local/u', s))
    upsert('/local/u', [1, 'a@x', 30], [2, 'b@x', 20], [3, null, 30], [4, null, 10])
    const byAge = () => db.read((tx) => [...tx.scanIndex(tx.resolveTable('/local/u')!, 'by_age')].map((r) => r[0]))
    expect(byAge()).toEqual([4, 2, 1, 3])
    expect(codeOf(() => upsert('/local/u', [5, 'a@x', 1]))).toBe(
      'exec/constraint-violation: Duplicate key violation in unique index by_email of table /local/u',
    )
    upsert('/local/u', [1, 'a@x', 5]) // same row keeps its own value
    upsert('/local/u', [2, 'c@x', 20])
    upsert('/local/u', [5, 'b@x', 40]) // freed by the update of row 2
    db.write((tx) => tx.deleteRow(tx.resolveTable('/local/u')!, [3]))
    expect(byAge()).toEqual([1, 4, 2, 5])
    const byEmail = db.read((tx) =>
      [...tx.scanIndex(tx.resolveTable('/local/u')!, 'by_email', { from: { key: ['b@x'], inclusive: true } })].map((r) => r[0]),
    )
    expect(byEmail).toEqual([5, 2])
  })

  it('enforces NOT NULL and refuses writes to read-only tables', () => {
    const s = { ...KV, columns: [KV.columns[0]!, { name: 'value', type: primitive('Uint32'), notNull: true }] }
    db.write((tx) => tx.createTable('/local/n', s))
    expect(codeOf(() => upsert('/local/n', [1, null]))).toBe(
      'exec/constraint-violation: NOT NULL column value of table /local/n cannot be set to NULL',
    )
    db.writeInternal((tx) => tx.createTableInternal('/local/ro', KV, { readOnly: true }))
    expect(codeOf(() => upsert('/local/ro', [1, 1]))).toMatch(/^exec\/bad-request: Table \/local\/ro is read-only/)
  })

  it('keeps a scheme tree with YDB path errors', () => {
    db.write((tx) => tx.createTable('/local/a/b/t', KV))
    expect(db.read((tx) => tx.listDirectory('/local/a').map((e) => [e.name, e.type]))).toEqual([['b', 'directory']])
    expect(db.read((tx) => tx.getPath('/local/a/b/t')?.type)).toBe('table')
    expect(codeOf(() => db.write((tx) => tx.createTable('/local/a/b/t', KV)))).toBe(
      "scheme/path-exists: Check failed: path: '/local/a/b/t', error: path exist, request accepts it",
    )
    expect(codeOf(() => db.read((tx) => tx.listDirectory('/local/zz/q')))).toBe(
      "scheme/path-not-found: Check failed: path: '/local/zz/q', error: path hasn't been resolved, nearest resolved path: '/local'",
    )
    expect(codeOf(() => db.write((tx) => tx.removeDirectory('/local/a', false)))).toMatch(/directory is not empty/)
    db.write((tx) => tx.makeDirectory('/local/.backups'))
    db.write((tx) => tx.removeDirectory('/local/a', true))
    expect(db.read((tx) => tx.listDirectory('/local').map((e) => e.name))).toEqual(['.backups'])
  })

  it('ALTER TABLE adds and drops columns and indexes, rebuilding index data', () => {
    db.write((tx) => tx.createTable('/local/t', KV))
    upsert('/local/t', [1, 10], [2, 20])
    const withExtra = {
      ...KV,
      columns: [...KV.columns, { name: 'extra', type: primitive('Utf8'), notNull: false, default: 'd' }],
      indexes: [{ name: 'by_value', columns: ['value'], cover: [], unique: true, mode: 'SYNC' as const }],
    }
    db.write((tx) => tx.alterTable('/local/t', withExtra))
    expect(rows('/local/t')).toEqual([[1, 10, 'd'], [2, 20, 'd']])
    expect(db.read((tx) => [...tx.scanIndex(tx.resolveTable('/local/t')!, 'by_value')].length)).toBe(2)
    db.write((tx) => tx.alterTable('/local/t', { ...KV, columns: [KV.columns[0]!, withExtra.columns[2]!] }))
    expect(rows('/local/t')).toEqual([[1, 'd'], [2, 'd']])
  })
})

describe('operation records', () => {
  it('are written without moving the commit counter, so a held snapshot keeps its identity', async () => {
    const { LmdbOperationStore } = await import('../../../src/backends/cluster/embedded/operation-store.js')
    const ops = new LmdbOperationStore(db)
    db.write((tx) => tx.createTable('/local/T', schema({ k: 'Uint64' })))
    const held = db.hold()
    try {
      const before = db.currentSeq()
      expect(held.seq).toBe(before)
      const op = { id: 'op1', kind: 'export/s3', status: 'PROGRESS', ready: false, createdAt: 1, subject: 's3://b' } as const
      await ops.put(op)
      await ops.put({ ...op, status: 'SUCCESS', ready: true })
      expect(await ops.get('op1')).toMatchObject({ status: 'SUCCESS' })
      expect(await ops.forget('op1')).toBe(true)
      expect(db.currentSeq()).toBe(before)
      // a data commit still moves it
      db.write((tx) => tx.createTable('/local/U', schema({ k: 'Uint64' })))
      expect(db.currentSeq()).toBe(before + 1n)
    } finally {
      held.release()
    }
  })
})
