// End to end over a real embedded database and real directories: dump →
// restore into another path with equal data; the dump tree; split data files;
// markers; dot-names; exclude; scheme-only; existing tables.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dumpToStorage, restoreFromStorage } from '../../src/transfer/index.js'
import { openWorld, ORDERS, populate, readAll, SMALL, type World } from './helpers.js'

let w: World
beforeEach(async () => {
  w = await openWorld()
  await populate(w.cluster, 2500)
})
afterEach(async () => w.close())

const tree = (root: string, rel = ''): string[] =>
  readdirSync(join(root, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tree(root, join(rel, e.name)) : [join(rel, e.name)],
  ).sort()

describe('tools dump', () => {
  it('writes the YDB tree: permissions.pb per directory, empty_dir, scheme.pb + data per table, no markers left', async () => {
    const s = w.storage('out')
    const r = await dumpToStorage(w.cluster, s, { path: 'shop' })
    expect(r).toMatchObject({ tables: 2, rows: 2503, resumed: 0 })
    expect(tree(s.root)).toEqual([
      'empty/empty_dir', 'empty/permissions.pb',
      'misc/permissions.pb', 'misc/small/data_00.csv', 'misc/small/permissions.pb', 'misc/small/scheme.pb',
      'orders/data_00.csv', 'orders/permissions.pb', 'orders/scheme.pb',
      'permissions.pb',
    ])
    expect(readFileSync(join(s.root, 'misc/small/data_00.csv'), 'utf8')).toBe('"",-5\n"a",1\n"b%2Cc",null\n')
    expect(readFileSync(join(s.root, 'orders/data_00.csv'), 'utf8').split('\n')[1]).toBe(
      '1,"name%2C+%221%22+%D0%96%0A","%01%00%2C%0A",1.000000001,2020-09-13T12:26:40.000001Z,0,0.125',
    )
  })
  it('splits data files at the threshold and names them data_NN.csv', async () => {
    const s = w.storage('out')
    await dumpToStorage(w.cluster, s, { path: '/local/shop/orders', splitBytes: 40_000 })
    const files = tree(s.root).filter((f) => f.includes('data_'))
    expect(files.length).toBeGreaterThan(3)
    expect(files[0]).toBe('orders/data_00.csv')
    expect(files).toContain('orders/data_03.csv')
    const total = files.map((f) => readFileSync(join(s.root, f), 'utf8')).join('')
    expect(total.split('\n').length - 1).toBe(2500)
  })
  it('skips dot-names unless named, honours exclude and scheme-only', async () => {
    const s1 = w.storage('a')
    await dumpToStorage(w.cluster, s1, { path: '/local/shop/.hidden', schemeOnly: true })
    expect(tree(s1.root)).toEqual(['permissions.pb', 't/permissions.pb', 't/scheme.pb'])
    const s2 = w.storage('b')
    await dumpToStorage(w.cluster, s2, { path: 'shop', exclude: [/orders$/, /empty/] })
    expect(tree(s2.root).some((f) => f.startsWith('orders') || f.startsWith('empty'))).toBe(false)
  })
  it('refuses a non-empty target and a missing path', async () => {
    const s = w.storage('out')
    await s.put('x', Buffer.from('1'))
    await expect(dumpToStorage(w.cluster, s, { path: 'shop' })).rejects.toThrow(/not empty/)
    await expect(dumpToStorage(w.cluster, w.storage('o2'), { path: 'nope' })).rejects.toThrow(/Path not found/)
  })
})

describe('tools restore', () => {
  it('restores into another path with equal data, schema and missing directories', async () => {
    const s = w.storage('out')
    await dumpToStorage(w.cluster, s, { path: 'shop', splitBytes: 50_000 })
    const r = await restoreFromStorage(w.cluster, s, { path: 'copy/of/shop' })
    expect(r.rows).toBe(2503)
    expect(await readAll(w.cluster, '/local/copy/of/shop/orders')).toEqual(await readAll(w.cluster, '/local/shop/orders'))
    expect(await readAll(w.cluster, '/local/copy/of/shop/misc/small')).toEqual(await readAll(w.cluster, '/local/shop/misc/small'))
    expect(await w.cluster.describeTable('/local/copy/of/shop/orders')).toMatchObject({ columns: ORDERS.columns, primaryKey: ['id'] })
    expect((await w.cluster.describePath('/local/copy/of/shop/empty'))?.type).toBe('directory')
  })
  it('R-52: an incomplete marker in the root or a table directory is refused and nothing is created', async () => {
    const s = w.storage('out')
    await dumpToStorage(w.cluster, s, { path: 'shop' })
    for (const marker of ['incomplete', 'misc/small/incomplete']) {
      writeFileSync(join(s.root, marker), '')
      const dir = marker === 'incomplete' ? s.root : join(s.root, 'misc/small')
      await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`There is incomplete file in folder: "${dir}"`)
      expect(await w.cluster.describePath('/local/r')).toBeUndefined()
      await s.remove(marker)
    }
  })
  it('restoreData=false creates empty tables; restoreIndexes=false drops indexes', async () => {
    const s = w.storage('out')
    await dumpToStorage(w.cluster, s, { path: 'shop/orders' })
    await restoreFromStorage(w.cluster, s, { path: 'r', restoreData: false, restoreIndexes: false })
    expect(await readAll(w.cluster, '/local/r/orders')).toEqual([])
    expect((await w.cluster.describeTable('/local/r/orders'))?.indexes).toEqual([])
  })
  it('upserts into an existing matching table, refuses a mismatching one, dry-run reports, replace recreates', async () => {
    const s = w.storage('out')
    await dumpToStorage(w.cluster, s, { path: 'shop/misc' })
    await w.cluster.createTable('/local/r/small', SMALL)
    await w.cluster.bulkUpsert('/local/r/small', [['zzz', 9], ['a', 100]])
    await restoreFromStorage(w.cluster, s, { path: 'r' })
    expect(await readAll(w.cluster, '/local/r/small')).toEqual([['', -5], ['a', 1], ['b,c', null], ['zzz', 9]])
    await w.cluster.createTable('/local/bad/small', { ...SMALL, columns: [SMALL.columns[0]!, { name: 'v', type: { kind: 'Primitive', name: 'Utf8' }, notNull: false }] })
    await expect(restoreFromStorage(w.cluster, s, { path: 'bad' })).rejects.toThrow(/column v has type Utf8, the dump has Int32/)
    const dry = await restoreFromStorage(w.cluster, s, { path: 'bad', dryRun: true })
    expect(dry.problems).toEqual(['/local/bad/small: column v has type Utf8, the dump has Int32'])
    expect((await restoreFromStorage(w.cluster, s, { path: 'nowhere', dryRun: true })).problems).toEqual(['/local/nowhere/small: table does not exist'])
    expect(await w.cluster.describePath('/local/nowhere')).toBeUndefined()
    await restoreFromStorage(w.cluster, s, { path: 'bad', replace: true })
    expect(await readAll(w.cluster, '/local/bad/small')).toEqual(await readAll(w.cluster, '/local/shop/misc/small'))
  })
  it('a bad row rolls back every table this restore created and names file, line and column', async () => {
    const s = w.storage('out')
    await dumpToStorage(w.cluster, s, { path: 'shop' })
    writeFileSync(join(s.root, 'misc/small/data_00.csv'), '"a",1\n"b",x\n')
    await expect(restoreFromStorage(w.cluster, s, { path: 'r', inFlight: 1 })).rejects.toThrow(
      `${join(s.root, 'misc/small/data_00.csv')}:2:2: column v: cannot read "x" as Int32`,
    )
    expect(await w.cluster.describePath('/local/r')).toBeUndefined()
    await expect(restoreFromStorage(w.cluster, s, { path: 'r2', savePartialResult: true, inFlight: 1 })).rejects.toThrow()
    expect((await w.cluster.describePath('/local/r2/misc/small'))?.type).toBe('table')
  })
})
