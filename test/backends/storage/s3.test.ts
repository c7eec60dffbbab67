import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S3Storage } from '../../../src/backends/storage/s3/s3-backend.js'
import { ensureBucket, externalS3FromEnv, startS3Server, type TestS3Server } from '../../support/s3-server.js'
import { storageConformance } from './conformance.js'

// The conformance suite over HTTP against real S3-protocol servers: both npm
// emulators always (fauxqs in-process, s3rver as a child process), Ceph radosgw
// when .ci/setup-services started one (otherwise skipped, with the reason in the title).
let fauxqs: TestS3Server
let s3rver: TestS3Server
beforeAll(async () => {
  ;[fauxqs, s3rver] = await Promise.all([startS3Server({ kind: 'fauxqs' }), startS3Server({ kind: 's3rver' })])
})
afterAll(async () => {
  await Promise.all([fauxqs?.close(), s3rver?.close()])
})

const run = `r${Date.now().toString(36)}`
let n = 0
const backendOn = (srv: TestS3Server, listPageSize?: number): S3Storage =>
  new S3Storage({
    bucket: srv.bucket,
    prefix: `conformance/${run}/${n++}`,
    endpoint: srv.endpoint,
    region: srv.region,
    credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'test' },
    partSize: 5 * 1024 * 1024,
    queueSize: 3,
    ...(listPageSize !== undefined ? { listPageSize } : {}),
  })

storageConformance('s3 over HTTP (fauxqs emulator)', () => backendOn(fauxqs))
storageConformance('s3 over HTTP (s3rver emulator)', () => backendOn(s3rver))

const ext = externalS3FromEnv()
// Said on stderr too, because reporters list skipped tests only in verbose mode.
if ('skip' in ext) console.warn(`radosgw S3 suites SKIPPED (conformance and kill/restart faults): ${ext.skip}`)
let bucketReady = false
storageConformance(
  's3 over HTTP (Ceph radosgw)',
  async () => {
    if (!('server' in ext)) throw new Error('unreachable: the suite is skipped')
    if (!bucketReady) await ensureBucket(ext.server)
    bucketReady = true
    // Small pages, so every list in the suite goes through ListObjectsV2 continuation tokens.
    // (Not on the emulators: they page in their own non-byte order and drop keys at page
    // boundaries; their paging is checked below with keys where both orders agree.)
    return backendOn(ext.server, 3)
  },
  'skip' in ext ? { skip: ext.skip } : {},
)

describe('S3 list pagination on the emulators', () => {
  for (const [name, srv] of [['fauxqs', () => fauxqs], ['s3rver', () => s3rver]] as const) {
    it(`${name}: 25 keys in pages of 4 come back complete and in order`, async () => {
      const b = backendOn(srv(), 4)
      const keys = Array.from({ length: 25 }, (_, i) => `p/k${String(i).padStart(2, '0')}`)
      await Promise.all(keys.map((k) => b.put(k, Buffer.from(k))))
      const got: string[] = []
      for await (const o of b.list('p/')) got.push(o.key)
      expect(got).toEqual(keys)
      await b.removePrefix('p/')
      for await (const o of b.list('')) got.push(o.key)
      expect(got).toHaveLength(25)
      await b.close()
    })
  }
})

describe('fauxqs in a child process (the benchmark server)', () => {
  it('serves a multipart upload and a read, and stops with its process', async () => {
    const srv = await startS3Server({ kind: 'fauxqs', child: true })
    const b = backendOn(srv)
    const body = Buffer.alloc(6 * 1024 * 1024 + 17, 'x')
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < body.length; i += 1 << 16) yield body.subarray(i, i + (1 << 16))
    }
    await b.put('big', chunks())
    expect((await b.stat('big'))?.size).toBe(body.length)
    const got: Uint8Array[] = []
    for await (const c of b.get('big')) got.push(c)
    expect(Buffer.concat(got).equals(body)).toBe(true)
    await b.close()
    await srv.close()
    await expect(fetch(srv.endpoint)).rejects.toThrow()
  })
})

describe('payload signing', () => {
  // What the SDK really sends: a finalize-step middleware on the client sees the signed headers.
  const sentHashes = (b: S3Storage): string[] => {
    const seen: string[] = []
    b.client.middlewareStack.add(
      (next) => async (args) => {
        const h = (args.request as { headers: Record<string, string> }).headers
        seen.push(h['x-amz-content-sha256'] ?? '')
        return next(args)
      },
      { step: 'finalizeRequest', priority: 'low', name: 'testSeeHash' },
    )
    return seen
  }
  it('object bodies go as UNSIGNED-PAYLOAD by default (single PutObject and multipart parts); s3rver checks the signature', async () => {
    const b = backendOn(s3rver)
    const seen = sentHashes(b)
    await b.put('small', Buffer.from('hello'))
    await b.put('parts', Buffer.alloc(5 * 1024 * 1024 + 1, 'y'))
    expect(seen.filter((h) => h === 'UNSIGNED-PAYLOAD')).toHaveLength(3)
    const got: Uint8Array[] = []
    for await (const c of b.get('small')) got.push(c)
    expect(Buffer.concat(got).toString()).toBe('hello')
    expect((await b.stat('parts'))?.size).toBe(5 * 1024 * 1024 + 1)
    await b.close()
  })
  it('signPayload: true signs the SHA-256 of each body', async () => {
    const b = new S3Storage({
      bucket: s3rver.bucket,
      prefix: `conformance/${run}/${n++}`,
      endpoint: s3rver.endpoint,
      credentials: { accessKeyId: s3rver.accessKey, secretAccessKey: s3rver.secretKey, source: 'test' },
      signPayload: true,
    })
    const seen = sentHashes(b)
    await b.put('small', Buffer.from('hello'))
    expect(seen).toEqual(['2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'])
    await b.close()
  })
})

describe('get with ranged read-ahead', () => {
  const MiB = 1024 * 1024
  const at = (srv: TestS3Server, extra: { readAhead?: number; rangeSize?: number }): S3Storage =>
    new S3Storage({
      bucket: srv.bucket,
      prefix: `conformance/${run}/${n++}`,
      endpoint: srv.endpoint,
      credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'test' },
      partSize: 5 * MiB,
      ...extra,
    })
  const body = Buffer.alloc(7 * MiB + 13)
  // Bytes that differ from range to range, so a range yielded out of order or twice shows.
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 13)) & 255
  const read = async (b: S3Storage, key: string): Promise<Buffer> => {
    const got: Uint8Array[] = []
    for await (const c of b.get(key)) got.push(c)
    return Buffer.concat(got)
  }
  for (const [name, srv] of [['fauxqs', () => fauxqs], ['s3rver', () => s3rver]] as const) {
    it(`${name}: ranges of odd sizes, 3 ahead, and a single streaming GET return the same bytes`, async () => {
      const b = at(srv(), { readAhead: 3, rangeSize: MiB + 7 })
      await b.put('r/obj', body)
      expect((await read(b, 'r/obj')).equals(body)).toBe(true)
      const one = at(srv(), { readAhead: 0 })
      await one.put('r/obj', body)
      expect((await read(one, 'r/obj')).equals(body)).toBe(true)
      // A reader that stops after the first chunk: the ranges downloading ahead are cancelled, nothing hangs.
      for await (const c of b.get('r/obj')) {
        expect(c.byteLength).toBeGreaterThan(0)
        break
      }
      // Objects smaller than one range, and empty ones.
      await b.put('r/small', Buffer.from('tiny'))
      expect((await read(b, 'r/small')).toString()).toBe('tiny')
      await b.put('r/empty', new Uint8Array())
      expect((await read(b, 'r/empty')).length).toBe(0)
      await b.close()
      await one.close()
    })
  }
})
