// One benchmark operation in a fresh process, so each figure gets its own peak
// RSS: `node --import tsx bench/lib/worker.ts <op> '<json args>'`. Prints one
// line `{"worker":op,"ms":..,"rows":..,"bytes":..,"maxRssKb":..,"data":{..}}`;
// `ms` times the operation only (not node/tsx start-up nor module loading).
import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../src/exec/session.js'
import { runCli } from '../../src/frontends/cli/program.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'
import { BENCH_SCHEMA, benchRow } from './table.js'
import type { Row } from '../../src/types/value.js'

type Args = Record<string, unknown>
interface Answer {
  ms: number
  rows?: number
  bytes?: number
  data?: Record<string, unknown>
}

const str = (a: Args, k: string): string => {
  const v = a[k]
  if (typeof v !== 'string') throw new Error(`worker: argument ${k} missing`)
  return v
}

async function timed(fn: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

async function exec(session: Session, text: string): Promise<void> {
  for await (const r of session.run(new SourceText(text, 'bench.yql')))
    if (r.kind === 'Error') throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
}

/** Creates /local/t with `rows` rows and the incremental collection c (STORAGE `storage`, default 'cluster'). */
async function load(a: Args): Promise<Answer> {
  const rows = Number(a['rows'])
  const cluster = await openEmbeddedCluster({ dataDir: str(a, 'dataDir') })
  const session = new Session({ cluster })
  try {
    await cluster.createTable('/local/t', BENCH_SCHEMA)
    const ms = await timed(async () => {
      for (let i = 0; i < rows; i += 10_000) {
        const batch: Row[] = []
        for (let k = i; k < Math.min(rows, i + 10_000); k++) batch.push(benchRow(k))
        await cluster.bulkUpsert('/local/t', batch)
      }
    })
    const storage = typeof a['storage'] === 'string' ? a['storage'] : 'cluster'
    await exec(session, `CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = '${storage}', INCREMENTAL_BACKUP_ENABLED = 'true');`)
    return { ms, rows }
  } finally {
    await session.close()
  }
}

/** Changes `fraction` of the rows of /local/t (spread evenly) through UPSERT statements of 1000 rows. */
async function change(a: Args): Promise<Answer> {
  const rows = Number(a['rows'])
  const n = Math.max(1, Math.round(rows * Number(a['fraction'])))
  const step = Math.max(1, Math.floor(rows / n))
  const salt = Number(a['salt'] ?? 1)
  const session = new Session({ cluster: await openEmbeddedCluster({ dataDir: str(a, 'dataDir') }) })
  try {
    const ms = await timed(async () => {
      for (let i = 0; i < n; i += 1000) {
        const vals: string[] = []
        for (let k = i; k < Math.min(n, i + 1000); k++) vals.push(`(${(k * step + salt) % rows}, ${salt * 1000 + (k % 1000)})`)
        await exec(session, `UPSERT INTO t (id, qty) VALUES ${vals.join(', ')};`)
      }
    })
    return { ms, rows: n }
  } finally {
    await session.close()
  }
}

/** Runs the CLI in this process on `argv`; fails unless it exits 0. `before`: other ops run first, untimed. */
async function cli(a: Args): Promise<Answer> {
  const argv = a['argv'] as string[]
  const before: Answer[] = []
  for (const b of (a['before'] as { op: string; args: Args }[] | undefined) ?? []) before.push(await OPS[b.op]!(b.args))
  let out = ''
  let err = ''
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)))
  stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)))
  // Load what the command loads lazily first, so `ms` is the command's work
  // (the AWS SDK, which S3 storage loads on first use, is ~0.1-0.15 s of it).
  await import('../../src/backends/cluster/open-cluster.js')
  await import('../../src/transfer/index.js')
  await import('../../src/backends/storage/open-storage.js')
  if (argv.some((x) => x === 's3' || x.startsWith('s3://') || x.includes("'s3://"))) await import('../../src/backends/storage/s3/s3-backend.js')
  let code = 0
  const ms = await timed(async () => {
    code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, env: process.env, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false })
  })
  if (code !== 0) throw new Error(`yql-backup ${argv.join(' ')} exited ${code}:\n${err}\n${out}`)
  const m = /(\d+) row\(s\)/.exec(out + err)
  return { ms, rows: m ? Number(m[1]) : 0, data: { before, stdout: out.slice(-300), stderr: err.slice(-300) } }
}

/** The raw floor: copies a file with plain 1 MiB reads and writes. */
async function rawCopy(a: Args): Promise<Answer> {
  const buf = Buffer.allocUnsafe(1 << 20)
  let bytes = 0
  const ms = await timed(() => {
    const src = openSync(str(a, 'src'), 'r')
    const dst = openSync(str(a, 'dst'), 'w')
    for (;;) {
      const n = readSync(src, buf, 0, buf.length, null)
      if (n === 0) break
      writeSync(dst, buf, 0, n)
      bytes += n
    }
    closeSync(src)
    closeSync(dst)
  })
  return { ms, bytes }
}

function s3(a: Args): S3Client {
  return new S3Client({
    endpoint: str(a, 'endpoint'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: str(a, 'accessKey'), secretAccessKey: str(a, 'secretKey') },
    // As our S3 backend: no extra CRC32 pass over every body (the floor should be a fast client).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/** The S3 floor for export: one lib-storage upload of a file. */
async function s3Put(a: Args): Promise<Answer> {
  const client = s3(a)
  const file = str(a, 'file')
  const ms = await timed(async () => {
    // 8 MiB parts, 4 at a time: our backend's defaults.
    await new Upload({ client, partSize: 8 * 1024 * 1024, queueSize: 4, params: { Bucket: str(a, 'bucket'), Key: str(a, 'key'), Body: readFileSync(file) } }).done()
  })
  return { ms, bytes: statSync(file).size }
}

/** The S3 floor for import: one GetObject read to the end. */
async function s3Get(a: Args): Promise<Answer> {
  const client = s3(a)
  let bytes = 0
  const ms = await timed(async () => {
    const r = await client.send(new GetObjectCommand({ Bucket: str(a, 'bucket'), Key: str(a, 'key') }))
    for await (const chunk of r.Body as AsyncIterable<Uint8Array>) bytes += chunk.length
  })
  return { ms, bytes }
}

/** parseScript over a file, and the floor: one regular-expression pass that only finds the tokens. */
async function parse(a: Args): Promise<Answer> {
  const text = readFileSync(str(a, 'file'), 'utf8')
  const bytes = Buffer.byteLength(text)
  let statements = 0
  const ms = await timed(() => {
    const { script, diagnostics } = parseScript(new SourceText(text, 'bench.yql'))
    if (diagnostics.length) throw new Error(diagnostics[0]!.message)
    statements = script.statements.length
  })
  let tokens = 0
  const re = /\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|'(?:[^'\\]|\\.)*'|\S/gy
  const floorMs = await timed(() => {
    while (re.exec(text)) tokens++
  })
  return { ms, bytes, data: { statements, floorMs, tokens } }
}

/** One cell as text for the digest (bigint and bytes included). */
function cellText(v: unknown): string {
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`
  if (typeof v === 'bigint') return `n:${v}`
  return JSON.stringify(v) ?? 'undefined'
}

/**
 * Row counts of /local/<table> for each of `tables` (verification, not a figure);
 * with `digest: true` also a SHA-256 of every row in key order, so two tables can be compared.
 */
async function count(a: Args): Promise<Answer> {
  const cluster = await openEmbeddedCluster({ dataDir: str(a, 'dataDir') })
  const counts: Record<string, number> = {}
  const digests: Record<string, string> = {}
  const ms = await timed(async () => {
    const snap = await cluster.snapshot()
    try {
      for (const t of a['tables'] as string[]) {
        let rows = 0
        const h = a['digest'] === true ? createHash('sha256') : undefined
        for await (const b of snap.readTable(`/local/${t}`)) {
          rows += b.length
          if (h) for (const r of b) h.update(`${r.map(cellText).join('\t')}\n`)
        }
        counts[t] = rows
        if (h) digests[t] = h.digest('hex')
      }
    } finally {
      snap.release()
    }
  })
  await cluster.close()
  return { ms, data: { counts, digests } }
}

const OPS: Record<string, (a: Args) => Promise<Answer>> = { load, change, cli, rawCopy, s3Put, s3Get, parse, count }

const [op, json] = process.argv.slice(2)
const fn = OPS[op ?? '']
if (!fn) {
  process.stderr.write(`worker: unknown op ${op}; one of ${Object.keys(OPS).join(', ')}\n`)
  process.exit(2)
}
try {
  const r = await fn(JSON.parse(json ?? '{}') as Args)
  const line = JSON.stringify({ worker: op, ...r, maxRssKb: process.resourceUsage().maxRSS })
  process.stdout.write(line + '\n', () => process.exit(0))
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
}
