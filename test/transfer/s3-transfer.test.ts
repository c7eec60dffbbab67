// Export / import over HTTP to a real S3-protocol server (the fauxqs emulator,
// started in-process by the test): the same tree as on a file system, with
// compression, encryption and checksums; a corrupted object is reported by its
// URL and nothing is created; an `incomplete` object is refused.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, afterEach, expect, it } from 'vitest'
import { S3Storage } from '../../src/backends/storage/s3/s3-backend.js'
import { dumpToStorage, restoreFromStorage, verifyStorage } from '../../src/transfer/index.js'
import { startS3Server, type TestS3Server } from '../support/s3-server.js'
import { openWorld, populate, readAll, type World } from './helpers.js'

let srv: TestS3Server
let w: World
beforeAll(async () => {
  srv = await startS3Server({ kind: 'fauxqs' })
})
afterAll(async () => srv?.close())
beforeEach(async () => {
  w = await openWorld()
  await populate(w.cluster, 2000)
})
afterEach(async () => w.close())

let n = 0
const bucketAt = (): S3Storage =>
  new S3Storage({
    bucket: srv.bucket,
    prefix: `transfer/${Date.now().toString(36)}-${n++}`,
    endpoint: srv.endpoint,
    region: srv.region,
    credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'test' },
  })

const keysOf = async (s: S3Storage): Promise<string[]> => {
  const out: string[] = []
  for await (const o of s.list('')) out.push(o.key)
  return out
}

it('exports and imports with zstd, AES-256-GCM and checksums', async () => {
  const s = bucketAt()
  const key = randomBytes(32)
  await dumpToStorage(w.cluster, s, { path: 'shop', exportMetadata: true, checksums: true, compression: { level: 3 }, encryption: { algorithm: 'AES-256-GCM', key }, splitBytes: 100_000 })
  const keys = await keysOf(s)
  expect(keys).toContain('metadata.json')
  expect(keys.filter((k) => /^002\/data_\d\d\.csv\.zst\.enc$/.test(k)).length).toBeGreaterThan(1)
  expect(keys.some((k) => k.endsWith('incomplete'))).toBe(false)
  expect((await verifyStorage(s, { encryptionKey: key })).problems).toEqual([])
  await restoreFromStorage(w.cluster, s, { path: 'imported', encryptionKey: key })
  expect(await readAll(w.cluster, '/local/imported/orders')).toEqual(await readAll(w.cluster, '/local/shop/orders'))
  await s.close()
})

it('a corrupted object is reported by name, and an incomplete marker is refused; nothing is created', async () => {
  const s = bucketAt()
  await dumpToStorage(w.cluster, s, { path: 'shop', exportMetadata: true, checksums: true })
  const parts: Uint8Array[] = []
  for await (const c of s.get('orders/data_00.csv')) parts.push(c)
  const bad = Buffer.concat(parts)
  bad[10] ^= 1
  await s.put('orders/data_00.csv', bad)
  await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`checksum mismatch: ${s.location}/orders/data_00.csv`)
  await s.put('misc/incomplete', new Uint8Array())
  await expect(restoreFromStorage(w.cluster, s, { path: 'r' })).rejects.toThrow(`There is incomplete file in folder: "${s.location}/misc"`)
  expect(await w.cluster.describePath('/local/r')).toBeUndefined()
  await s.close()
})
