// Data directories whose last segment looks like a file name (mktemp -d's
// `tmp.Ab12`, `~/.yql-backup`, `db.v1`) open as directories like any other.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openEmbeddedDatabase } from '../../../src/backends/cluster/embedded/database.js'
import { KV, tempDir } from './helpers.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

const roundTrip = async (dir: string): Promise<void> => {
  const db = openEmbeddedDatabase(dir)
  db.write((tx) => {
    const t = tx.createTable('/local/d/T', KV)
    tx.writeRow(t, [1, 10], { kind: 'upsert', columns: [0, 1] })
  })
  await db.close()
  // Reopened: the data is there, in the directory's own data.mdb.
  const again = openEmbeddedDatabase(dir)
  expect(again.read((tx) => [...tx.scan(tx.resolveTable('/local/d/T')!)])).toEqual([[1, 10]])
  await again.close()
  expect(existsSync(join(dir, 'data.mdb'))).toBe(true)
  expect(existsSync(join(dir, 'lock.mdb'))).toBe(true)
}

describe('data directory names', () => {
  it.each([
    ['an extension-like suffix (mktemp -d)', 'tmp.'],
    ['a leading dot', '.yql-backup-'],
    ['several dots', 'db.v1.'],
  ])('opens a directory whose name has %s, existing or not', async (_what, prefix) => {
    const t = tempDir(prefix)
    cleanups.push(t.cleanup)
    await roundTrip(t.dir) // exists already (mkdtemp)
    await roundTrip(join(t.dir, 'nested.dir', 'data.v2')) // created on open
  })
})
