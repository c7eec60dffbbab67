// How fast each S3-protocol server available here takes and gives bytes, with
// the server in its own process: `npx tsx bench/s3-servers.ts [MB] [fauxqs|s3rver|radosgw]...`
// (default 105 MB, the 1M-row table's CSV; radosgw only when .ci/setup-services runs it).
// Per server: S3Storage.put of one object (multipart, 8 MiB parts, 4 in flight), one
// streaming GET, and 4 parallel ranged GETs; MB/s wall, and the CPU seconds of this
// client process and of the server's processes (radosgw: gateway + OSD + monitor).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { S3Storage } from '../src/backends/storage/s3/s3-backend.js'
import { ensureBucket, externalS3FromEnv, startS3Server, type TestS3Server } from '../test/support/s3-server.js'

const args = process.argv.slice(2)
const MB = Number(args.find((a) => /^\d+$/.test(a)) ?? 105)
const kinds = args.filter((a) => !/^\d+$/.test(a))
const size = Math.round(MB * 1e6)
const data = Buffer.alloc(size)
for (let i = 0; i < size; i++) data[i] = 0x30 + ((i * 7) % 43)

/** CPU seconds so far of a process and its children (utime + stime from /proc). */
function cpuOf(pids: number[]): number {
  let s = 0
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      s += (Number(f[11]) + Number(f[12])) / 100
    } catch {
      // gone
    }
  }
  return s
}
const children = (): number[] => {
  try {
    return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

async function measure(kind: string, name: string, pids: number[], fn: () => Promise<void>): Promise<void> {
  const c0 = process.cpuUsage()
  const s0 = cpuOf(pids)
  const t0 = performance.now()
  await fn()
  const ms = performance.now() - t0
  const c = process.cpuUsage(c0)
  process.stdout.write(
    `${kind.padEnd(8)} ${name.padEnd(30)} ${(size / 1e3 / ms).toFixed(1).padStart(7)} MB/s   client ${((c.user + c.system) / 1e6).toFixed(2)} cpu-s   server ${(cpuOf(pids) - s0).toFixed(2)} cpu-s\n`,
  )
}

async function run(kind: string): Promise<void> {
  let srv: TestS3Server
  let pids: number[]
  if (kind === 'radosgw') {
    const ext = externalS3FromEnv()
    if (!('server' in ext)) return void process.stdout.write(`radosgw  skipped: ${ext.skip}\n`)
    srv = ext.server
    await ensureBucket(srv)
    const dir = process.env['CEPH_DIR'] ?? join(import.meta.dirname, '../.ci-out/ceph')
    pids = ['client.rgw.a', 'osd.0', 'mon.a'].map((n) => Number(readFileSync(join(dir, `${n}.pid`), 'utf8')))
  } else {
    const before = new Set(children())
    srv = await startS3Server({ kind: kind as 'fauxqs' | 's3rver', child: true })
    pids = children().filter((p) => !before.has(p))
  }
  const prefix = `s3-servers-${Date.now()}`
  const at = (readAhead: number): S3Storage =>
    new S3Storage({
      bucket: srv.bucket,
      prefix,
      endpoint: srv.endpoint,
      credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'bench' },
      readAhead,
    })
  const one = at(0)
  const ranged = at(4)
  try {
    for (let rep = 0; rep < 2; rep++) {
      await measure(kind, 'upload (8 MiB parts x4)', pids, () => one.put('obj', data))
      const read = (s: S3Storage) => async (): Promise<void> => {
        let n = 0
        for await (const c of s.get('obj')) n += c.byteLength
        if (n !== size) throw new Error(`read ${n} of ${size} bytes`)
      }
      await measure(kind, 'download (one GET)', pids, read(one))
      await measure(kind, 'download (4 ranged GETs ahead)', pids, read(ranged))
      await one.remove('obj')
    }
  } finally {
    await one.close()
    await ranged.close()
    if (kind !== 'radosgw') await srv.close()
  }
}

for (const k of kinds.length ? kinds : ['fauxqs', 's3rver', 'radosgw']) await run(k)
