// Export layout (metadata.json, SchemaMapping, .sha256 sidecars, .zst, .enc),
// import round trips, integrity failures reported by name with nothing restored
// (new tables are dropped again; existing tables are never touched), unsafe
// names, verifyStorage, and resuming an interrupted dump.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dumpToStorage, restoreFromStorage, verifyStorage } from '../../src/transfer/index.js'
import { openWorld, populate, readAll, type World } from './helpers.js'

let w: World
beforeEach(async () => {
  w = await openWorld()
  await populate(w.cluster, 1500)
})
afterEach(async () => w.close())

const tree = (root: string, rel = ''): string[] =>
  readdirSync(join(root, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tree(root, join(rel, e.name)) : [join(rel, e.name)])).sort()

const hasSha256sum = ((): boolean => {
  try {
    execFileSync('sha256sum', ['--version'])
    return true
  } catch {
    return false
  }
})()

describe('export s3 layout', () => {
  it('writes metadata.json, SchemaMapping, sidecars and .zst data files', async () => {
    const s = w.storage('exp')
    await dumpToStorage(w.cluster, s, { path: 'shop', exportMetadata: true, checksums: true, compression: { level: 3 } })
    const files = tree(s.root)
    expect(files).toEqual(expect.arrayContaining([
      'metadata.json', 'SchemaMapping/metadata.json', 'SchemaMapping/mapping.json',
      'orders/scheme.pb', 'orders/scheme.pb.sha256', 'orders/metadata.json', 'orders/metadata.json.sha256',
      'orders/permissions.pb', 'orders/data_00.csv.zst', 'orders/data_00.csv.zst.sha256',
    ]))
    expect(JSON.parse(readFileSync(join(s.root, 'metadata.json'), 'utf8'))).toEqual({ kind: 'SimpleExportV0', compression: 'zstd', checksum: 'sha256' })
    expect(JSON.parse(readFileSync(join(s.root, 'SchemaMapping/mapping.json'), 'utf8')).exportedObjects).toEqual({
      'misc/small': { exportPrefix: 'misc/small' },
      orders: { exportPrefix: 'orders' },
    })
    expect(JSON.parse(readFileSync(join(s.root, 'orders/metadata.json'), 'utf8'))).toEqual({
      version: 0, full_backups: [{ snapshot_vts: [0, 0] }], permissions: 1, changefeeds: [],
    })
    expect(readFileSync(join(s.root, 'orders/scheme.pb.sha256'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}scheme\.pb\n$/)
    if (hasSha256sum) execFileSync('sha256sum', ['-c', 'data_00.csv.zst.sha256', 'scheme.pb.sha256'], { cwd: join(s.root, 'orders') })
    const r = await restoreFromStorage(w.cluster, s, { path: 'imported' })
    expect(r.rows).toBe(1503)
    expect(await readAll(w.cluster, '/local/imported/orders')).toEqual(await readAll(w.cluster, '/local/shop/orders'))
  })

  for (const [algorithm, keyLen] of [['AES-128-GCM', 16], ['aes-256-gcm', 32], ['ChaCha20-Poly1305', 32]] as const) {
    it(`encrypts every item file with ${algorithm} under anonymised prefixes, and imports with the key`, async () => {
      const s = w.storage('enc')
      const key = randomBytes(keyLen)
      await dumpToStorage(w.cluster, s, { path: 'shop', exportMetadata: true, checksums: true, compression: { level: 1 }, encryption: { algorithm, key } })
      const files = tree(s.root)
      expect(files).toContain('001/scheme.pb.enc')
      expect(files).toContain('001/scheme.pb.sha256')
      expect(files).toContain('002/data_00.csv.zst.enc')
      expect(files.some((f) => f.includes('orders'))).toBe(false)
      const mapping = JSON.parse(readFileSync(join(s.root, 'SchemaMapping/mapping.json'), 'utf8')).exportedObjects
      expect(mapping['orders'].exportPrefix).toBe('002')
      expect(mapping['orders'].iv).toMatch(/^[0-9a-f]{24}$/)
      await expect(restoreFromStorage(w.cluster, s, { path: 'x' })).rejects.toThrow('No encryption key provided')
      await expect(restoreFromStorage(w.cluster, s, { path: 'x', encryptionKey: randomBytes(keyLen) })).rejects.toThrow(/authentication failed/)
      expect(await w.cluster.describePath('/local/x')).toBeUndefined()
      await restoreFromStorage(w.cluster, s, { path: 'x', encryptionKey: key })
      expect(await readAll(w.cluster, '/local/x/orders')).toEqual(await readAll(w.cluster, '/local/shop/orders'))
      expect(await readAll(w.cluster, '/local/x/misc/small')).toEqual(await readAll(w.cluster, '/local/shop/misc/small'))
    })
  }
  it('refuses encryption without an export prefix, unknown algorithms and bad key lengths', async () => {
    await expect(dumpToStorage(w.cluster, w.storage('a'), { path: 'shop', encryption: { algorithm: 'AES-128-GCM', key: randomBytes(16) } })).rejects.toThrow(
      '--destination-prefix parameter is required for exports with encryption',
    )
    await expect(dumpToStorage(w.cluster, w.storage('b'), { path: 'shop', exportMetadata: true, encryption: { algorithm: 'DES', key: randomBytes(16) } })).rejects.toThrow(/Unknown cipher/)
    await expect(dumpToStorage(w.cluster, w.storage('c'), { path: 'shop', exportMetadata: true, encryption: { algorithm: 'AES-256-GCM', key: randomBytes(16) } })).rejects.toThrow(/Invalid key length 16/)
  })
})

describe('integrity', () => {
  let s: ReturnType<World['storage']>
  beforeEach(async () => {
    s = w.storage('exp')
    await dumpToStorage(w.cluster, s, { path: 'shop', exportMetadata: true, checksums: true, splitBytes: 60_000 })
  })
  const nothingCreated = async (): Promise<void> => expect(await w.cluster.describePath('/local/r')).toBeUndefined()

  it('a corrupted data file is reported by name and nothing is restored', async () => {
    const f = join(s.root, 'orders/data_01.csv')
    const b = readFileSync(f)
    b[100] = b[100] === 0x31 ? 0x32 : 0x31
    writeFileSync(f, b)
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`checksum mismatch: ${f}`)
    await nothingCreated()
    expect((await verifyStorage(s)).problems).toEqual([`checksum mismatch: ${f} (the file is corrupted or truncated)`])
    const skipped = await restoreFromStorage(w.cluster, s, { path: 'r', skipChecksumValidation: true })
    expect(skipped.rows).toBe(1503)
  })
  it('a corrupted data file bound for existing tables is found before any row is written to them', async () => {
    const before = await readAll(w.cluster, '/local/shop/orders')
    await w.cluster.bulkUpsert('/local/shop/orders', [before[0]!.map((v, i) => (i === 0 ? v : null))])
    const changed = await readAll(w.cluster, '/local/shop/orders')
    const f = join(s.root, 'orders/data_01.csv')
    const b = readFileSync(f)
    b[100] = b[100] === 0x31 ? 0x32 : 0x31
    writeFileSync(f, b)
    // data_00 is intact and comes first: without the check before loading, its rows would be written.
    await expect(restoreFromStorage(w.cluster, s, { path: 'shop' })).rejects.toThrow(`checksum mismatch: ${f}`)
    expect(await readAll(w.cluster, '/local/shop/orders')).toEqual(changed)
    await expect(restoreFromStorage(w.cluster, s, { path: 'shop', replace: true })).rejects.toThrow(`checksum mismatch: ${f}`)
    expect(await readAll(w.cluster, '/local/shop/orders')).toEqual(changed)
  })
  it('a truncated file, a missing file, a missing sidecar and a corrupted scheme.pb are reported by name', async () => {
    const data = join(s.root, 'orders/data_00.csv')
    truncateSync(data, 1000)
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`checksum mismatch: ${data}`)
    rmSync(data)
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`missing file: ${data}`)
    rmSync(`${data}.sha256`)
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`missing file: ${data}`) // the data_NN gap
    const scheme = join(s.root, 'misc/small/scheme.pb')
    writeFileSync(scheme, readFileSync(scheme, 'utf8').replace('INT32', 'INT64'))
    rmSync(join(s.root, 'orders'), { recursive: true })
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`checksum mismatch: ${scheme}`)
    rmSync(`${scheme}.sha256`)
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`missing checksum file: ${scheme}.sha256`)
    await nothingCreated()
  })
  it('verifyStorage reports a sound export as sound', async () => {
    const dataFiles = tree(s.root).filter((f) => /data_\d+\.csv$/.test(f)).length
    expect(dataFiles).toBeGreaterThan(2)
    expect(await verifyStorage(s)).toEqual({ tables: 2, files: 2 + dataFiles, rows: 1503, problems: [] })
  })
})

describe('names from the dump are not trusted', () => {
  it('rejects `..` and absolute names in SchemaMapping and never creates outside the destination', async () => {
    const s = w.storage('exp')
    await dumpToStorage(w.cluster, s, { path: 'shop/misc', exportMetadata: true })
    for (const evil of ['../../outside', '/abs/olute', 'a/./b', 'a//b']) {
      writeFileSync(join(s.root, 'SchemaMapping/mapping.json'), JSON.stringify({ exportedObjects: { [evil]: { exportPrefix: 'small' } } }))
      await expect(restoreFromStorage(w.cluster, s, { path: 'dest' })).rejects.toThrow(/unsafe name in dump/)
    }
    expect(await w.cluster.describePath('/local/dest')).toBeUndefined()
    expect(await w.cluster.describePath('/local/outside')).toBeUndefined()
  })
})

describe('resume', () => {
  it('an interrupted dump kept with savePartialResult continues from complete tables', async () => {
    const s = w.storage('out')
    const ac = new AbortController()
    await expect(
      dumpToStorage(w.cluster, s, {
        path: 'shop',
        savePartialResult: true,
        signal: ac.signal,
        progress: (p) => {
          if ((p.tablesDone ?? 0) >= 1) ac.abort()
        },
      }),
    ).rejects.toThrow()
    expect(tree(s.root)).toContain('incomplete')
    await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(/There is incomplete file in folder/)
    const r = await dumpToStorage(w.cluster, s, { path: 'shop' })
    expect(r.resumed).toBe(1)
    expect(tree(s.root).some((f) => f.endsWith('incomplete'))).toBe(false)
    await restoreFromStorage(w.cluster, s, { path: 'r' })
    expect(await readAll(w.cluster, '/local/r/orders')).toEqual(await readAll(w.cluster, '/local/shop/orders'))
    expect(await readAll(w.cluster, '/local/r/misc/small')).toEqual(await readAll(w.cluster, '/local/shop/misc/small'))
  })
  it('a failed dump without savePartialResult leaves nothing', async () => {
    const s = w.storage('out')
    const ac = new AbortController()
    await expect(dumpToStorage(w.cluster, s, { path: 'shop', signal: ac.signal, progress: () => ac.abort() })).rejects.toThrow()
    expect(tree(s.root)).toEqual([])
  })
})
