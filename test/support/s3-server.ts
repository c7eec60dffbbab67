// Real S3-protocol servers for tests, spoken to over HTTP on 127.0.0.1:
// - 'fauxqs' (default): in-process, in-memory, starts in milliseconds. It passes
//   the whole storage conformance suite (it accepts any credentials).
// - 's3rver': a child process (it needs --openssl-legacy-provider for paginated
//   listing, toolchain.md) storing objects and multipart parts in a directory, so
//   it can be killed and restarted on the same port without losing state: the
//   "server stopped and restarted mid-transfer" fault tests use it.
// - radosgw: started by .ci/setup-services; `externalS3FromEnv` finds it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'

/** A running S3 server with one bucket ready. */
export interface TestS3Server {
  readonly kind: 'fauxqs' | 's3rver' | 'external'
  readonly endpoint: string
  readonly port: number
  readonly bucket: string
  readonly region: string
  readonly accessKey: string
  readonly secretKey: string
  /** True when stop/restart really stop and restart the server process. */
  readonly restartable: boolean
  /** Stops the server (SIGKILL, like a crash). */
  stop(): Promise<void>
  /** Starts it again on the same port with the same data (s3rver; radosgw from .ci/setup-services). */
  restart(): Promise<void>
  /** Stops it for good and removes its data. */
  close(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => res(port))
    })
  })
}

/**
 * Starts an emulator with one bucket. `child: true` runs fauxqs in a child process
 * (s3rver always runs in one): benchmarks want that, so the server's CPU and memory
 * are not counted as the client's and the two can use both cores.
 */
export async function startS3Server(opts: { kind?: 'fauxqs' | 's3rver'; bucket?: string; child?: boolean } = {}): Promise<TestS3Server> {
  const bucket = opts.bucket ?? 'yqlb-test'
  if ((opts.kind ?? 'fauxqs') === 's3rver') return startS3rver(bucket)
  return opts.child ? startFauxqsChild(bucket) : startFauxqsServer(bucket)
}

/** What a fauxqs server on `port` is, wherever it runs (fauxqs takes any credentials). */
const fauxqsAt = (port: number, bucket: string) =>
  ({
    kind: 'fauxqs',
    restartable: false,
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    region: 'us-east-1',
    accessKey: 'test',
    secretKey: 'test',
  }) as const

async function startFauxqsServer(bucket: string): Promise<TestS3Server> {
  const { startFauxqs } = await import('fauxqs')
  let server = await startFauxqs({ port: 0, logger: false })
  server.createBucket(bucket)
  const port = server.port
  let running = true
  return {
    ...fauxqsAt(port, bucket),
    async stop() {
      if (running) await server.stop()
      running = false
    },
    async restart() {
      // In-memory: a restart loses every object; tests that need state use s3rver.
      server = await startFauxqs({ port, logger: false })
      server.createBucket(bucket)
      running = true
    },
    async close() {
      if (running) await server.stop()
      running = false
    },
  }
}

const FAUXQS_CHILD = `
import { startFauxqs } from 'fauxqs'
const [port, bucket] = process.argv.slice(1)
const server = await startFauxqs({ port: Number(port), logger: false })
server.createBucket(bucket)
process.stdout.write('ready\\n')
`

/** fauxqs in its own node process (in-memory: a restart loses every object). */
async function startFauxqsChild(bucket: string): Promise<TestS3Server> {
  const port = await freePort()
  const child = await launchChild(['--input-type=module', '-e', FAUXQS_CHILD, String(port), bucket], 'fauxqs')
  return {
    ...fauxqsAt(port, bucket),
    stop: () => killChild(child),
    async restart() {
      throw new Error('fauxqs in a child process cannot restart: use s3rver')
    },
    close: () => killChild(child),
  }
}

/** Spawns `node args...` in the repository and waits for its 'ready' line. */
async function launchChild(args: string[], name: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  c.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  // If the parent exits without close(), the server must not outlive it holding the pipes.
  const onExit = (): void => void c.kill('SIGKILL')
  process.once('exit', onExit)
  c.once('exit', () => process.removeListener('exit', onExit))
  await new Promise<void>((res, rej) => {
    c.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && res())
    c.once('exit', (code) => rej(new Error(`${name} exited (${code}): ${err}`)))
  })
  return c
}

async function killChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return
  await new Promise<void>((res) => {
    c.once('exit', () => res())
    c.kill('SIGKILL')
  })
}

const S3RVER_CHILD = `
const S3rver = require('s3rver')
const [port, dir, bucket] = process.argv.slice(1)
new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket }] })
  .run()
  .then(() => process.stdout.write('ready\\n'))
  .catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1) })
`

async function startS3rver(bucket: string): Promise<TestS3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'yqlb-s3rver-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  const launch = async (): Promise<void> => {
    const c = spawn(process.execPath, ['--openssl-legacy-provider', '-e', S3RVER_CHILD, String(port), dir, bucket], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = c
    let err = ''
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    await new Promise<void>((res, rej) => {
      c.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && res())
      c.once('exit', (code) => rej(new Error(`s3rver exited (${code}): ${err}`)))
    })
  }
  const kill = async (): Promise<void> => {
    const c = child
    child = undefined
    if (!c || c.exitCode !== null) return
    await new Promise<void>((res) => {
      c.once('exit', () => res())
      c.kill('SIGKILL')
    })
  }
  await launch()
  return {
    kind: 's3rver',
    restartable: true,
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    region: 'us-east-1',
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop: kill,
    restart: launch,
    async close() {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * An S3 server started outside the test run: .ci-out/s3.env (written by
 * .ci/setup-services) or S3_ENDPOINT/S3_ACCESS_KEY/S3_SECRET_KEY[/S3_BUCKET/S3_REGION]
 * in the environment. Returns the reason when there is none.
 */
export function externalS3FromEnv(): { server: TestS3Server } | { skip: string } {
  const file = resolve(import.meta.dirname, '../../.ci-out/s3.env')
  const vars: Record<string, string | undefined> = {}
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
      if (m) vars[m[1]!] = m[2]
    }
  }
  const get = (k: string): string | undefined => process.env[k] || vars[k]
  const endpoint = get('S3_ENDPOINT')
  const accessKey = get('S3_ACCESS_KEY')
  const secretKey = get('S3_SECRET_KEY')
  if (!endpoint || !accessKey || !secretKey)
    return { skip: 'no .ci-out/s3.env and no S3_ENDPOINT/S3_ACCESS_KEY/S3_SECRET_KEY: run .ci/setup-services to start radosgw' }
  const noop = async (): Promise<void> => {}
  const cephDir = get('CEPH_DIR')
  const rgwName = get('RGW_NAME') || 'client.rgw.a'
  // With the radosgw of .ci/setup-services, stop/restart kill and relaunch the gateway
  // daemon itself (the monitor and the memstore OSD keep running, so no data is lost).
  const restartable = cephDir !== undefined && existsSync(join(cephDir, `${rgwName}.pid`))
  const stop = async (): Promise<void> => {
    const pid = Number(readFileSync(join(cephDir!, `${rgwName}.pid`), 'utf8').trim())
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      return
    }
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(pid, 0)
      } catch {
        return
      }
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  const restart = async (): Promise<void> => {
    const r = spawnSync('radosgw', ['-n', rgwName], { env: { ...process.env, CEPH_CONF: join(cephDir!, 'ceph.conf') }, timeout: 30_000 })
    if (r.status !== 0) throw new Error(`radosgw restart failed: ${r.stderr?.toString()}`)
    for (let i = 0; i < 300; i++) {
      const up = await fetch(endpoint).then(
        () => true,
        () => false,
      )
      if (up) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('radosgw did not come back within 30 s')
  }
  return {
    server: {
      kind: 'external',
      endpoint,
      port: Number(new URL(endpoint).port || 80),
      bucket: get('S3_BUCKET') || 'yqlb-test',
      region: get('S3_REGION') || 'us-east-1',
      accessKey,
      secretKey,
      restartable,
      stop: restartable ? stop : noop,
      restart: restartable ? restart : noop,
      close: noop,
    },
  }
}

/** Creates the server's bucket if it does not exist yet. */
export async function ensureBucket(s: TestS3Server): Promise<void> {
  const client = new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s.accessKey, secretAccessKey: s.secretKey },
  })
  try {
    await client.send(new CreateBucketCommand({ Bucket: s.bucket }))
  } catch (err) {
    const name = (err as { name?: string }).name
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err
  } finally {
    client.destroy()
  }
}

/** Removes every object under `prefix` (a benchmark's or test's own keys on a persistent server). */
export async function removePrefix(s: TestS3Server, prefix: string): Promise<void> {
  const client = new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s.accessKey, secretAccessKey: s.secretKey },
  })
  try {
    for (;;) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: prefix, MaxKeys: 1000 }))
      const keys = (page.Contents ?? []).map((o) => o.Key!)
      if (keys.length === 0) return
      // One DeleteObject per key: multi-object delete wants a Content-MD5 that not every server takes from the SDK's checksums.
      await Promise.all(keys.map((Key) => client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key }))))
    }
  } finally {
    client.destroy()
  }
}
