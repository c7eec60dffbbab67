// Embedded engine benchmark: `npx tsx bench/engine.ts [rows]`.
// Loads a 6-column table through the write API (1000 rows per transaction),
// scans it, then takes a full backup (consistentCopy with change capture) while
// a writer runs, changes 1% of the rows and takes an incremental.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedCluster } from '../src/backends/cluster/embedded/embedded-cluster.js'
import type { TableSchema } from '../src/types/table-schema.js'
import { primitive, type PrimitiveTypeName } from '../src/types/ydb-type.js'

const N = Number(process.argv[2] ?? 1_000_000)
const dir = mkdtempSync(join(tmpdir(), 'yqlb-bench-'))
const col = (name: string, t: PrimitiveTypeName) => ({ name, type: primitive(t), notNull: false })
const schema: TableSchema = {
  columns: [col('id', 'Uint64'), col('a', 'Int32'), col('b', 'Utf8'), col('c', 'Double'), col('d', 'Timestamp'), col('e', 'Bool')],
  primaryKey: ['id'],
  indexes: [],
}
// Peak RSS includes the file pages LMDB maps (they grow with the data read and
// written: RssFile in /proc/self/status); the process's own memory is RssAnon
// (JS heap, buffers, native allocations), sampled with the JS heap.
let peakHeap = 0
let peakAnon = 0
let peakFile = 0
const statusKb = (text: string, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0)
const sampleHeap = (): void => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  const st = readFileSync('/proc/self/status', 'utf8')
  peakAnon = Math.max(peakAnon, statusKb(st, 'RssAnon'))
  peakFile = Math.max(peakFile, statusKb(st, 'RssFile') + statusKb(st, 'RssShmem'))
}
const mb = (kb: number): number => Math.round(kb / 1024)
const rss = (): string => {
  sampleHeap()
  const file = Math.round(statSync(join(dir, 'data.mdb')).size / 1024 ** 2)
  return `${mb(process.resourceUsage().maxRSS)} MB: anon ≤ ${mb(peakAnon)} MB, file-backed ≤ ${mb(peakFile)} MB; peak heap ${Math.round(peakHeap / 1024 ** 2)} MB; data.mdb ${file} MB`
}
const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} rows/s`
// CPU time of this process: on a busy machine, rows per CPU-second is closer to
// what an idle machine's wall clock shows.
let cpu0 = process.cpuUsage()
const cpuStart = (): void => { cpu0 = process.cpuUsage() }
const cpuRate = (n: number): string => {
  const d = process.cpuUsage(cpu0)
  return `${Math.round(n / ((d.user + d.system) / 1e6)).toLocaleString('en-US')} rows per CPU-s`
}
const print = (s: string): boolean => process.stdout.write(s + '\n')

const c = await openEmbeddedCluster({ dataDir: dir })
const db = c.db
db.write((tx) => tx.createTable('/local/bench', schema))
const all = [0, 1, 2, 3, 4, 5]
let t0 = performance.now()
cpuStart()
for (let base = 0; base < N; base += 1000) {
  if (base % 100_000 === 0) sampleHeap()
  db.write((tx) => {
    const t = tx.resolveTable('/local/bench')!
    const end = Math.min(N, base + 1000)
    for (let i = base; i < end; i++) {
      tx.writeRow(t, [BigInt(i), i % 1000, `name-${i}`, i / 7, 1_700_000_000_000_000n + BigInt(i), (i & 1) === 0], { kind: 'upsert', columns: all })
    }
  })
}
let ms = performance.now() - t0
print(`load   ${N} rows in ${(ms / 1000).toFixed(2)} s: ${rate(N, ms)}, ${cpuRate(N)} (peak RSS ${rss()})`)

t0 = performance.now()
cpuStart()
let n = 0
db.read((tx) => {
  for (const _r of tx.scan(tx.resolveTable('/local/bench')!)) if (++n % 100_000 === 0) sampleHeap()
})
ms = performance.now() - t0
print(`scan   ${n} rows in ${(ms / 1000).toFixed(2)} s: ${rate(n, ms)}, ${cpuRate(n)} (peak RSS ${rss()})`)

// Writer latency alone, then during a full backup.
const writeOnce = (i: number): void =>
  db.write((tx) => {
    const t = tx.resolveTable('/local/bench')!
    tx.writeRow(t, [BigInt(i % N), 1, 'w', 0, 0n, true], { kind: 'upsert', columns: [1, 2] })
  })
async function writerLoop(stop: () => boolean): Promise<number[]> {
  const lat: number[] = []
  for (let i = 0; !stop(); i++) {
    const s = performance.now()
    writeOnce(i * 7919)
    lat.push(performance.now() - s)
    await new Promise((r) => setImmediate(r))
  }
  return lat
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
let stopped = false
setTimeout(() => { stopped = true }, 300)
const baseline = await writerLoop(() => stopped)
await c.createBackupCollection('/local/.backups/collections/b', { tables: ['/local/bench'], storage: 'cluster', incrementalBackupEnabled: true, omitIndexes: false })
let copying = true
const during = writerLoop(() => !copying)
t0 = performance.now()
await c.consistentCopy([{ src: '/local/bench', dst: '/local/.backups/collections/b/1_full/bench' }], { changeCapture: 's1', progress: sampleHeap })
const fullMs = performance.now() - t0
copying = false
const lat = await during
const wps = (n: number, ms: number): number => Math.round((n / ms) * 1000)
print(`full   backup of ${N} rows in ${(fullMs / 1000).toFixed(2)} s: ${rate(N, fullMs)} (peak RSS ${rss()})`)
print(`       a writer in the same process during it: ${wps(lat.length, fullMs)} writes/s vs ${wps(baseline.length, 300)} alone, median latency ${median(lat).toFixed(3)} ms vs ${median(baseline).toFixed(3)} ms`)

const changes = Math.floor(N / 100)
db.write((tx) => {
  const t = tx.resolveTable('/local/bench')!
  for (let i = 0; i < changes; i++) tx.writeRow(t, [BigInt((i * 97) % N), -1, 'changed', 1, 1n, false], { kind: 'upsert', columns: [1, 2] })
})
t0 = performance.now()
await c.takeIncrementalBackup([{ src: '/local/bench', dst: '/local/.backups/collections/b/2_incremental/bench' }], { nextStream: 's2' })
const incMs = performance.now() - t0
print(`incr   backup of ${changes} changed rows in ${(incMs / 1000).toFixed(3)} s (${((incMs / fullMs) * 100).toFixed(1)}% of the full) (peak RSS ${rss()})`)

await c.dropTable('/local/bench')
t0 = performance.now()
await c.restore([{ target: '/local/bench', full: '/local/.backups/collections/b/1_full/bench', incrementals: ['/local/.backups/collections/b/2_incremental/bench'] }], { progress: sampleHeap })
ms = performance.now() - t0
print(`restore of ${N} rows + 1 incremental in ${(ms / 1000).toFixed(2)} s: ${rate(N, ms)} (peak RSS ${rss()})`)
await c.close()
rmSync(dir, { recursive: true, force: true })
