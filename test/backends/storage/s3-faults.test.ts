// S3 fault scenarios (issue 8): the server killed and restarted mid-transfer,
// throttling and 5xx replies, connection resets, permanent 403s, failed multipart
// uploads. Real servers over HTTP; faults come from killing the server process or
// from test/support/s3-fault-proxy.ts in front of it.
import { createHash } from 'node:crypto'
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S3Storage } from '../../../src/backends/storage/s3/s3-backend.js'
import type { RetryPolicy } from '../../../src/backends/storage/s3/s3-retry.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { AccessDenied, InternalError, SlowDown, startFaultProxy, type FaultProxy } from '../../support/s3-fault-proxy.js'
import { ensureBucket, externalS3FromEnv, startS3Server, type TestS3Server } from '../../support/s3-server.js'

const MiB = 1024 * 1024
let seq = 0

function storageAt(
  srv: TestS3Server,
  endpoint: string,
  opts: { retries?: number; policy?: Partial<RetryPolicy>; socketTimeoutMs?: number; readAhead?: number; rangeSize?: number } = {},
) {
  const retried: unknown[] = []
  const storage = new S3Storage({
    bucket: srv.bucket,
    prefix: `faults/${Date.now().toString(36)}-${seq++}`,
    endpoint,
    region: srv.region,
    credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'test credentials' },
    partSize: 5 * MiB,
    queueSize: 2,
    ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
    ...(opts.socketTimeoutMs !== undefined ? { socketTimeoutMs: opts.socketTimeoutMs } : {}),
    ...(opts.readAhead !== undefined ? { readAhead: opts.readAhead, rangeSize: opts.rangeSize ?? MiB } : {}),
    retryPolicy: { baseDelayMs: 20, maxDelayMs: 400, ...opts.policy, onRetry: (i) => retried.push(i.error) },
  })
  return { storage, retried }
}

/** `size` deterministic bytes in odd-sized chunks, with a hook called as bytes are produced. */
async function* generate(size: number, onProduced?: (n: number) => Promise<void> | void): AsyncIterable<Uint8Array> {
  let produced = 0
  let i = 0
  while (produced < size) {
    const n = Math.min(size - produced, 200_003)
    const c = new Uint8Array(n)
    for (let j = 0; j < n; j++) c[j] = (produced + j) * 31 + (i % 7)
    produced += n
    i++
    yield c
    await onProduced?.(produced)
  }
}

async function sha256Of(src: AsyncIterable<Uint8Array>, onRead?: (n: number) => Promise<void> | void): Promise<{ hash: string; size: number }> {
  const h = createHash('sha256')
  let size = 0
  for await (const c of src) {
    h.update(c)
    size += c.byteLength
    await onRead?.(size)
  }
  return { hash: h.digest('hex'), size }
}

const codeOf = (err: unknown): string | undefined => (err instanceof YqlError ? err.diagnostics[0]?.code : undefined)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The kill-and-restart scenarios, on any server whose process the test can kill and relaunch. */
function restartScenarios(title: string, start: () => Promise<TestS3Server>, skip?: string): void {
  describe.skipIf(skip !== undefined)(`${title}${skip ? ` (SKIPPED: ${skip})` : ''}`, () => {
    let srv: TestS3Server
    beforeAll(async () => {
      srv = await start()
    })
    afterAll(async () => {
      await srv?.close()
    })
    // Enough patience for a relaunch that takes a second or two.
    const patient = { policy: { maxDelayMs: 1_000 } }

    it('a multipart put retries its parts and stores identical data', async () => {
      const { storage, retried } = storageAt(srv, srv.endpoint, patient)
      const size = 17 * MiB + 12_345
      let restarted: Promise<void> | undefined
      await storage.put(
        'big/data_00.csv',
        generate(size, async (produced) => {
          if (restarted === undefined && produced > 8 * MiB) {
            await srv.stop()
            restarted = sleep(600).then(() => srv.restart())
          }
        }),
      )
      await restarted
      expect(retried.length).toBeGreaterThan(0)
      expect(await storage.stat('big/data_00.csv')).toEqual({ key: 'big/data_00.csv', size })
      const want = await sha256Of(generate(size))
      expect(await sha256Of(storage.get('big/data_00.csv'))).toEqual(want)
      await storage.close()
    })

    // The second reads ranges ahead: ranges requested while the server was down are
    // retried (not skipped, not duplicated: the hash says so).
    for (const [name, key, extra, size] of [
      ['a get broken mid-body resumes where it stopped and returns identical data', 'big/data_01.csv', {}, 14 * MiB],
      ['a get with ranges read ahead survives the restart and returns identical data', 'big/data_02.csv', { readAhead: 2, rangeSize: MiB }, 14 * MiB + 5],
    ] as const) {
      it(name, async () => {
        const { storage, retried } = storageAt(srv, srv.endpoint, { ...patient, ...extra })
        await storage.put(key, generate(size))
        let restarted: Promise<void> | undefined
        const got = await sha256Of(storage.get(key), async (read) => {
          if (restarted === undefined && read > 2 * MiB) {
            await srv.stop()
            restarted = sleep(400).then(() => srv.restart())
          }
        })
        await restarted
        expect(got).toEqual(await sha256Of(generate(size)))
        expect(retried.length).toBeGreaterThan(0)
        await storage.close()
      })
    }
  })
}

restartScenarios('S3 server killed and restarted mid-transfer: s3rver child process', () => startS3Server({ kind: 's3rver' }))
const rgw = externalS3FromEnv()
restartScenarios(
  'S3 server killed and restarted mid-transfer: Ceph radosgw daemon',
  async () => {
    if (!('server' in rgw)) throw new Error('unreachable: skipped')
    await ensureBucket(rgw.server)
    return rgw.server
  },
  'skip' in rgw ? rgw.skip : !rgw.server.restartable ? 'radosgw was not started by .ci/setup-services (no CEPH_DIR in .ci-out/s3.env)' : undefined,
)

describe('S3 error replies and resets through a fault-injecting proxy (fauxqs)', () => {
  let srv: TestS3Server
  let proxy: FaultProxy
  beforeAll(async () => {
    srv = await startS3Server({ kind: 'fauxqs' })
    proxy = await startFaultProxy(srv.endpoint)
  })
  afterAll(async () => {
    await proxy?.close()
    await srv?.close()
  })
  const fresh = (opts?: { retries?: number; socketTimeoutMs?: number }) => {
    proxy.heal()
    proxy.log.length = 0
    return storageAt(srv, proxy.endpoint, opts)
  }

  it('503 SlowDown on the first 4 requests: retried, then succeeds', async () => {
    const { storage, retried } = fresh()
    proxy.failNext(4, SlowDown)
    await storage.put('t/small', Buffer.from('throttled but stored'))
    expect(proxy.log.map((r) => r.outcome)).toEqual(['injected', 'injected', 'injected', 'injected', 'forwarded'])
    expect(retried).toHaveLength(4)
    proxy.failNext(2, SlowDown)
    expect(await sha256Of(storage.get('t/small'))).toEqual(await sha256Of((async function* () { yield Buffer.from('throttled but stored') })()))
    proxy.failNext(1, SlowDown)
    expect(await storage.stat('t/small')).toEqual({ key: 't/small', size: 20 })
    proxy.failNext(1, SlowDown)
    const keys: string[] = []
    for await (const o of storage.list('t/')) keys.push(o.key)
    expect(keys).toEqual(['t/small'])
    expect(retried).toHaveLength(8)
  })

  it('SlowDown and 500s on multipart parts: each part is retried, the object is intact', async () => {
    const { storage, retried } = fresh()
    const isPart = (m: string, u: string) => m === 'PUT' && u.includes('partNumber=')
    proxy.failNext(3, SlowDown, isPart)
    proxy.failNext(2, InternalError, isPart)
    const size = 16 * MiB + 7
    await storage.put('t/multi', generate(size))
    expect(proxy.log.filter((r) => r.outcome === 'injected')).toHaveLength(5)
    expect(retried).toHaveLength(5)
    expect(await sha256Of(storage.get('t/multi'))).toEqual(await sha256Of(generate(size)))
  })

  it('429 Too Many Requests is retried', async () => {
    const { storage, retried } = fresh()
    proxy.failNext(2, { kind: 'status', status: 429, code: 'TooManyRequests' })
    await storage.put('t/429', Buffer.from('x'))
    expect(proxy.log.map((r) => r.status)).toEqual([429, 429, 200])
    expect(retried).toHaveLength(2)
  })

  it('a request that gets no answer times out and is retried', async () => {
    const { storage, retried } = fresh({ socketTimeoutMs: 300 })
    proxy.failNext(1, { kind: 'hang' })
    await storage.put('t/hang', Buffer.from('after a timeout'))
    expect(proxy.log.map((r) => r.outcome)).toEqual(['hang', 'forwarded'])
    expect(retried).toHaveLength(1)
    expect((await storage.stat('t/hang'))?.size).toBe(15)
  })

  it('connection resets are retried', async () => {
    const { storage, retried } = fresh()
    proxy.failNext(2, { kind: 'reset' })
    await storage.put('t/reset', Buffer.from('after two resets'))
    expect(proxy.log.map((r) => r.outcome)).toEqual(['reset', 'reset', 'forwarded'])
    expect(retried).toHaveLength(2)
    expect((await storage.stat('t/reset'))?.size).toBe(16)
  })

  it('a permanent 403 fails at once with a clear error and no retry storm', async () => {
    const { storage, retried } = fresh()
    proxy.failAlways(AccessDenied)
    const err = await storage.put('t/denied', Buffer.from('x')).catch((e: unknown) => e)
    expect(codeOf(err)).toBe('storage/permission-denied')
    const msg = (err as Error).message
    expect(msg).toContain(`S3 denied write of s3://${srv.bucket}/`)
    expect(msg).toContain('t/denied')
    expect(msg).toContain('403 AccessDenied')
    expect(msg).toContain('test credentials')
    expect(msg).not.toContain(srv.secretKey === 'test' ? '\u0000' : srv.secretKey)
    expect(storage.isPermanent(err)).toBe(true)
    expect(proxy.log).toHaveLength(1)
    expect(retried).toHaveLength(0)

    expect(codeOf(await storage.stat('t/denied').catch((e: unknown) => e))).toBe('storage/permission-denied')
    expect(codeOf(await sha256Of(storage.get('t/denied')).catch((e: unknown) => e))).toBe('storage/permission-denied')
    expect(codeOf(await storage.remove('t/denied').catch((e: unknown) => e))).toBe('storage/permission-denied')
    expect(proxy.log).toHaveLength(4)
  })

  it('5xx beyond the retry count: exec/storage-unavailable after retries + 1 attempts', async () => {
    const { storage, retried } = fresh({ retries: 3 })
    proxy.failAlways(InternalError)
    const err = await storage.put('t/down', Buffer.from('x')).catch((e: unknown) => e)
    expect(codeOf(err)).toBe('exec/storage-unavailable')
    expect((err as Error).message).toMatch(/S3 unavailable for write of s3:\/\/.*t\/down at http:\/\/127\.0\.0\.1:\d+ after 3 retries: 500 InternalError/)
    expect(storage.isPermanent(err)).toBe(false)
    expect(proxy.log).toHaveLength(4)
    expect(retried).toHaveLength(3)
  })

  it('a multipart put whose source fails aborts the upload on the server', async () => {
    const { storage } = fresh()
    const boom = new Error('source failed after the first part')
    async function* failing(): AsyncIterable<Uint8Array> {
      yield* generate(11 * MiB)
      throw boom
    }
    await expect(storage.put('t/aborted', failing())).rejects.toBe(boom)
    const uploadPart = proxy.log.find((r) => r.method === 'PUT' && r.url.includes('partNumber='))
    expect(uploadPart?.status).toBe(200)
    const abort = proxy.log.find((r) => r.method === 'DELETE' && r.url.includes('uploadId='))
    expect(abort).toMatchObject({ outcome: 'forwarded', status: 204 })
    expect(await storage.stat('t/aborted')).toBeUndefined()
  })
})

const ext = externalS3FromEnv()
describe.skipIf('skip' in ext)(`S3 faults on Ceph radosgw${'skip' in ext ? ` (SKIPPED: ${ext.skip})` : ''}`, () => {
  it('a failed multipart put leaves no pending upload, and SlowDown through the proxy is retried', async () => {
    if (!('server' in ext)) return
    const srv = ext.server
    await ensureBucket(srv)
    const proxy = await startFaultProxy(srv.endpoint)
    try {
      const { storage, retried } = storageAt(srv, proxy.endpoint)
      proxy.failNext(2, SlowDown, (m, u) => m === 'PUT' && u.includes('partNumber='))
      const boom = new Error('source failed')
      await expect(
        storage.put(
          'rgw/aborted',
          (async function* () {
            yield* generate(11 * MiB)
            throw boom
          })(),
        ),
      ).rejects.toBe(boom)
      expect(retried.length).toBeGreaterThanOrEqual(1)
      const client = new S3Client({
        endpoint: srv.endpoint,
        region: srv.region,
        forcePathStyle: true,
        credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey },
      })
      const out = await client.send(new ListMultipartUploadsCommand({ Bucket: srv.bucket, Prefix: storage.prefix }))
      client.destroy()
      expect(out.Uploads ?? []).toEqual([])
      expect(await storage.stat('rgw/aborted')).toBeUndefined()
      await storage.close()
    } finally {
      await proxy.close()
    }
  })
})
