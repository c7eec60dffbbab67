// S-28: delta semantics of change capture, checked through incremental tables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeChangeMetadata, encodeChangeMetadata } from '../../../src/backends/cluster/embedded/incremental-format.js'
import { schema } from './helpers.js'
import { harness, withCollection, type Harness } from './cluster-helpers.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => {
  await h.close()
})

describe('change capture (S-28)', () => {
  it('SimpleBackup: a key inserted and deleted within one interval leaves a tombstone; later writes do not change a taken delta', async () => {
    h.create()
    h.upsert('/local/T', [[1, 10], [2, 20], [3, 30]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert('/local/T', [[1, 100], [5, 200], [6, 300]])
    h.del('/local/T', 2, 6)
    const inc = await h.backupIncremental('C')
    expect(h.delta(`${inc}/T`)).toBe('{1:100, ~2, 5:200, ~6}')
    h.upsert('/local/T', [[1, 1], [7, 7]])
    h.del('/local/T', 5)
    expect(h.delta(`${inc}/T`)).toBe('{1:100, ~2, 5:200, ~6}')
  })

  it('MultiBackup: deleting a key that never existed still records a tombstone', async () => {
    h.create()
    h.upsert('/local/T', [[1, 10], [2, 20], [3, 30]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert('/local/T', [[1, 100], [5, 200], [6, 300]])
    h.del('/local/T', 2, 6)
    await h.backupIncremental('C')
    h.upsert('/local/T', [[2, 2000], [5, 5000], [7, 7000]])
    h.del('/local/T', 3, 5, 8)
    expect(h.delta(`${await h.backupIncremental('C')}/T`)).toBe('{2:2000, ~3, ~5, 7:7000, ~8}')
    h.upsert('/local/T', [[20, 2000], [50, 5000], [70, 7000]])
    h.del('/local/T', 1, 2, 3)
    expect(h.delta(`${await h.backupIncremental('C')}/T`)).toBe('{~1, ~2, ~3, 20:2000, 50:5000, 70:7000}')
  })

  it('ResetVsUpsert: UPSERT keeps unlisted columns, REPLACE resets them, in the metadata and after restore', async () => {
    const s = schema({ key: 'Uint32', value: 'Uint32', extra: 'Uint32' })
    h.create('/local/T', s)
    h.upsert('/local/T', [[1, 10, 100], [2, 20, 200]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert('/local/T', [[1, 15]], ['key', 'value'])
    h.replace('/local/T', [[2, 25]], ['key', 'value'])
    const inc = await h.backupIncremental('C')
    const meta = h.rows(`${inc}/T`).map((r) => decodeChangeMetadata(r[3] as Uint8Array))
    expect(meta[0]).toEqual({ isDeleted: false, columnStates: [{ tag: 2, isNull: false, isChanged: true }, { tag: 3, isNull: true, isChanged: false }] })
    expect(meta[1]).toEqual({ isDeleted: false, columnStates: [{ tag: 2, isNull: false, isChanged: true }, { tag: 3, isNull: true, isChanged: true }] })
    expect(h.rows('/local/T')).toEqual([[1, 15, 100], [2, 25, null]])
    await h.c.dropTable('/local/T')
    await h.restoreColl('C')
    expect(h.rows('/local/T')).toEqual([[1, 15, 100], [2, 25, null]])
  })

  it('UPSERT (k, NULL) restores to a present row with NULL, not a deletion', async () => {
    h.create()
    h.upsert('/local/T', [[1, 10], [2, 20]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert('/local/T', [[1, null]])
    const inc = await h.backupIncremental('C')
    expect(h.delta(`${inc}/T`)).toBe('{1:NULL}')
    await h.c.dropTable('/local/T')
    await h.restoreColl('C')
    expect(h.rows('/local/T')).toEqual([[1, null], [2, 20]])
  })

  it('delete then re-insert within one interval restores the new image only', async () => {
    const s = schema({ key: 'Uint32', value: 'Uint32', extra: 'Uint32' })
    h.create('/local/T', s)
    h.upsert('/local/T', [[1, 10, 100]])
    await withCollection(h)
    await h.backupFull('C')
    h.del('/local/T', 1)
    h.upsert('/local/T', [[1, 11]], ['key', 'value'])
    await h.backupIncremental('C')
    await h.c.dropTable('/local/T')
    await h.restoreColl('C')
    expect(h.rows('/local/T')).toEqual([[1, 11, null]])
  })

  it('writes TChangeMetadata as protobuf wire bytes', () => {
    const b = encodeChangeMetadata({ isDeleted: true, columnStates: [{ tag: 2, isNull: true, isChanged: true }] })
    expect(Buffer.from(b).toString('hex')).toBe('0a060802100118011001')
    expect(decodeChangeMetadata(b)).toEqual({ isDeleted: true, columnStates: [{ tag: 2, isNull: true, isChanged: true }] })
  })
})
