// Transfer throughput: `npx tsx bench/transfer.ts [rows] [--e2e] [--s3]`.
//
// 1. raw baseline: the same number of bytes written with plain fs writes (1 MiB chunks);
// 2. CSV encoding: `rows` 6-column rows formatted as data_NN.csv text and written
//    through FsStorage (the dump's path from rows to file);
// 3. CSV decoding: the file read back and parsed into rows (the restore's path);
// 4. with --e2e: dumpToStorage and restoreFromStorage of the same table in an
//    embedded database (populating it is not timed);
// 5. with --s3 (implies --e2e): a raw upload of as many bytes with S3Storage,
//    then export and import of the table through an s3rver child process.
// Prints MB/s (wall clock and per CPU-second of this process) per phase, the
// process's peak RSS so far, and the phase's peak anonymous RSS; with
// --threads also the CPU time of each thread (main, dump/restore workers, GC).
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsStorage } from '../src/backends/storage/fs/fs-backend.js'
import { CsvRowEncoder } from '../src/formats/csv-encode.js'
import { CsvChunkBuilder, formatCsvRow, readCsvRows, type CsvColumn } from '../src/formats/csv-row.js'
import type { TableSchema } from '../src/types/table-schema.js'
import { BENCH_SCHEMA, benchRow } from './lib/table.js'
import type { Row } from '../src/types/value.js'

const rowsArg = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000)
const e2e = process.argv.includes('--e2e') || process.argv.includes('--s3')
const s3 = process.argv.includes('--s3')
const perThread = process.argv.includes('--threads')
const dir = mkdtempSync(join(tmpdir(), 'bench-transfer-'))

const schema: TableSchema = BENCH_SCHEMA
const columns: CsvColumn[] = schema.columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull }))
const row = benchRow
function* batches(n: number, size = 1000): Generator<Row[]> {
  for (let i = 0; i < n; i += size) yield Array.from({ length: Math.min(size, n - i) }, (_, k) => row(i + k))
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1)
const rssMb = (): string => (process.resourceUsage().maxRSS / 1024).toFixed(0)
// Peak anonymous (private) RSS per phase, sampled: RSS also counts LMDB's
// file-backed mmap pages of the database, which are page cache, not heap.
let anonPeak = 0
const anonKb = (): number => Number(/RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1] ?? 0)
// CPU per thread (from /proc, sampled: worker threads are gone by the phase's end).
const threadCpu = new Map<number, { name: string; ms: number }>()
let threadMark = new Map<number, number>()
function sampleThreads(): void {
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      threadCpu.set(Number(tid), { name, ms: (Number(f[11]) + Number(f[12])) * 10 })
    } catch {
      // the thread ended between the listing and the read
    }
  }
}
/** `main 1234 ms, others: 456 …` for the phase (threads with ≥ 30 ms). */
function threadReport(): string {
  sampleThreads()
  const rows: [string, number][] = []
  for (const [tid, t] of threadCpu) {
    const d = t.ms - (threadMark.get(tid) ?? 0)
    if (d >= 30) rows.push([tid === process.pid ? 'main' : `${t.name}#${tid}`, d])
  }
  threadMark = new Map([...threadCpu].map(([tid, t]) => [tid, t.ms]))
  rows.sort((a, b) => (a[0] === 'main' ? -1 : b[0] === 'main' ? 1 : b[1] - a[1]))
  return rows.map(([n, d]) => `${n} ${d}`).join(', ')
}
setInterval(() => {
  anonPeak = Math.max(anonPeak, anonKb())
  sampleThreads()
}, 25).unref()
let cpuMark = process.cpuUsage()
/** Wall-clock MB/s, and MB/s per CPU second of this process (stable on a loaded machine). */
function report(name: string, bytes: number, ms: number): void {
  const cpu = process.cpuUsage(cpuMark)
  cpuMark = process.cpuUsage()
  const cpuS = (cpu.user + cpu.system) / 1e6
  process.stdout.write(
    `${name.padEnd(36)} ${mb(bytes).padStart(7)} MB ${(ms / 1000).toFixed(2).padStart(6)} s ${((bytes / 1e6) / (ms / 1000)).toFixed(1).padStart(7)} MB/s` +
      ` ${((bytes / 1e6) / cpuS).toFixed(1).padStart(7)} MB/cpu-s   peak RSS ${rssMb()} MB (anon ${(Math.max(anonPeak, anonKb()) / 1024).toFixed(0)} MB in phase)\n`,
  )
  if (perThread) process.stdout.write(`    CPU ms per thread: ${threadReport()}\n`)
  else threadReport()
  anonPeak = 0
}

async function main(): Promise<void> {
  process.stdout.write(`rows: ${rowsArg}, dir: ${dir}\n`)
  const storage = new FsStorage(join(dir, 'out'), { fsync: false })

  // CSV size first (cheap), so the baseline writes exactly as many bytes.
  const sample = formatCsvRow(row(123456), columns)
  // 2. encoding through FsStorage
  let t = performance.now()
  async function* csv(): AsyncGenerator<Uint8Array> {
    const out = new CsvChunkBuilder()
    const enc = new CsvRowEncoder(columns.map((c) => c.type))
    for (const b of batches(rowsArg)) {
      for (const r of b) enc.write(r, out)
      yield* out.take()
    }
    out.flush()
    yield* out.take()
  }
  // 1. raw baseline: same byte count, plain writes
  const estimate = sample.length * rowsArg
  const chunk = Buffer.alloc(1 << 20, 'x')
  cpuMark = process.cpuUsage()
  const t0 = performance.now()
  const fd = openSync(join(dir, 'raw.csv'), 'w')
  for (let n = 0; n < estimate; n += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, estimate - n))
  closeSync(fd)
  report('raw fs writes (baseline)', estimate, performance.now() - t0)

  // the encode phases below include making the rows; this is that share
  cpuMark = process.cpuUsage()
  t = performance.now()
  let made = 0
  for (const b of batches(rowsArg)) made += b.length
  report(`row generation only (${made} rows)`, estimate, performance.now() - t)

  cpuMark = process.cpuUsage()
  t = performance.now()
  let encoded = 0
  for await (const c of csv()) encoded += c.length
  report('CSV encode only (no IO)', encoded, performance.now() - t)

  cpuMark = process.cpuUsage()
  t = performance.now()
  await storage.put('data_00.csv', csv())
  const size = statSync(join(dir, 'out', 'data_00.csv')).size
  report('CSV encode + FsStorage.put', size, performance.now() - t)

  // 3. decoding
  t = performance.now()
  let rows = 0
  for await (const b of readCsvRows(storage.get('data_00.csv'), columns, { file: 'data_00.csv' })) rows += b.length
  if (rows !== rowsArg) throw new Error(`read ${rows} rows, wrote ${rowsArg}`)
  report('FsStorage.get + CSV parse', size, performance.now() - t)

  if (e2e) {
    const { openEmbeddedCluster } = await import('../src/backends/cluster/embedded/embedded-cluster.js')
    const { dumpToStorage, restoreFromStorage } = await import('../src/transfer/index.js')
    const cluster = await openEmbeddedCluster({ dataDir: join(dir, 'db') })
    await cluster.createTable('/local/bench', schema)
    for (const b of batches(rowsArg, 10_000)) await cluster.bulkUpsert('/local/bench', b)
    const dumpStorage = new FsStorage(join(dir, 'dump'), { fsync: false })
    process.stdout.write(`(populated: peak RSS ${rssMb()} MB)\n`)
    anonPeak = 0
    cpuMark = process.cpuUsage()
    threadReport()
    t = performance.now()
    const d = await dumpToStorage(cluster, dumpStorage, { path: 'bench' })
    report('dumpToStorage (embedded → fs)', d.bytes, performance.now() - t)
    t = performance.now()
    const r = await restoreFromStorage(cluster, dumpStorage, { path: 'restored' })
    report('restoreFromStorage (fs → embedded)', r.bytes, performance.now() - t)
    if (s3) {
      // fauxqs in a child process: this process's CPU and memory are the client's
      // only; the server's CPU competes on the same cores.
      const { startS3Server } = await import('../test/support/s3-server.js')
      const { S3Storage } = await import('../src/backends/storage/s3/s3-backend.js')
      const srv = await startS3Server({ kind: 'fauxqs', child: true })
      try {
        const at = (prefix: string): InstanceType<typeof S3Storage> =>
          new S3Storage({
            bucket: srv.bucket,
            prefix,
            endpoint: srv.endpoint,
            region: srv.region,
            credentials: { accessKeyId: srv.accessKey, secretAccessKey: srv.secretKey, source: 'bench' },
          })
        async function* raw(): AsyncGenerator<Uint8Array> {
          for (let n = 0; n < d.bytes; n += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, d.bytes - n))
        }
        anonPeak = 0
        cpuMark = process.cpuUsage()
        t = performance.now()
        await at('raw').put('data_00.csv', raw())
        report('raw S3 upload (baseline)', d.bytes, performance.now() - t)
        const exp = at('export')
        t = performance.now()
        const x = await dumpToStorage(cluster, exp, { path: 'bench', exportMetadata: true, checksums: true })
        report('export (embedded → S3, sha256)', x.bytes, performance.now() - t)
        t = performance.now()
        const i = await restoreFromStorage(cluster, exp, { path: 'imported' })
        report('import (S3 → embedded, verified)', i.bytes, performance.now() - t)
      } finally {
        await srv.close()
      }
    }
    await cluster.close()
  }
  await storage.close()
}

main()
  .finally(() => rmSync(dir, { recursive: true, force: true }))
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
    process.exitCode = 1
  })
