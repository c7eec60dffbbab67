import { afterAll, beforeAll } from 'vitest'
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
const backendOn = (srv: TestS3Server): S3Storage =>
  new S3Storage({
    bucket: srv.bucket,
    prefix: `conformance/${run}/${n++}`,
    endpoint: srv.endpoint,
    region: srv.region,
    credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'test' },
    partSize: 5 * 1024 * 1024,
    queueSize: 3,
  })

storageConformance('s3 over HTTP (fauxqs emulator)', () => backendOn(fauxqs))
storageConformance('s3 over HTTP (s3rver emulator)', () => backendOn(s3rver))

const ext = externalS3FromEnv()
let bucketReady = false
storageConformance(
  's3 over HTTP (Ceph radosgw)',
  async () => {
    if (!('server' in ext)) throw new Error('unreachable: the suite is skipped')
    if (!bucketReady) await ensureBucket(ext.server)
    bucketReady = true
    return backendOn(ext.server)
  },
  'skip' in ext ? { skip: ext.skip } : {},
)
