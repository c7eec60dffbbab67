// YDB's recipe for moving a backup collection (spec §2.11): dump the
// collection's directory (a dot-path named explicitly), restore it under
// another collection, and the full backup's tables are there with their data.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { dumpToStorage, restoreFromStorage } from '../../src/transfer/index.js'
import { openWorld, populate, readAll, type World } from './helpers.js'

let w: World
beforeEach(async () => {
  w = await openWorld()
  await populate(w.cluster, 300)
})
afterEach(async () => w.close())

it('dump -p .backups/collections/c, then restore into another collection', async () => {
  const desc = { tables: ['/local/shop/misc/small', '/local/shop/orders'], storage: 'cluster', incrementalBackupEnabled: false, omitIndexes: false }
  await w.cluster.createBackupCollection('/local/.backups/collections/c', desc)
  const full = '/local/.backups/collections/c/20250101000000Z_full'
  await w.cluster.consistentCopy(
    [
      { src: '/local/shop/misc/small', dst: `${full}/shop/misc/small` },
      { src: '/local/shop/orders', dst: `${full}/shop/orders` },
    ],
    {},
  )
  const s = w.storage('coll')
  const r = await dumpToStorage(w.cluster, s, { path: '.backups/collections/c' })
  expect(r.tables).toBe(2)
  await w.cluster.createBackupCollection('/local/.backups/collections/c2', { ...desc })
  await restoreFromStorage(w.cluster, s, { path: '.backups/collections/c2' })
  const full2 = '/local/.backups/collections/c2/20250101000000Z_full'
  expect(await readAll(w.cluster, `${full2}/shop/orders`)).toEqual(await readAll(w.cluster, '/local/shop/orders'))
  expect(await readAll(w.cluster, `${full2}/shop/misc/small`)).toEqual(await readAll(w.cluster, '/local/shop/misc/small'))
})
