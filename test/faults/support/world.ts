// Real data directories and the CLI run in-process, for the fault scenarios.
import { createHash } from 'node:crypto'
import { PassThrough } from 'node:stream'
import { openEmbeddedCluster, type EmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../../src/exec/session.js'
import { runCli } from '../../../src/frontends/cli/program.js'
import { SourceText } from '../../../src/source/source-text.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import { primitive as p } from '../../../src/types/ydb-type.js'
import type { Row } from '../../../src/types/value.js'

export const DB = '/local'

/** t: a key, text with commas, quotes and non-ASCII, bytes, a double, a timestamp, a nullable int. */
export const T_SCHEMA: TableSchema = {
  columns: [
    { name: 'id', type: p('Uint64'), notNull: true },
    { name: 'name', type: p('Utf8'), notNull: false },
    { name: 'blob', type: p('String'), notNull: false },
    { name: 'score', type: p('Double'), notNull: false },
    { name: 'at', type: p('Timestamp'), notNull: false },
    { name: 'n', type: p('Int32'), notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [],
}

// score: i / 8 is exact in the 10 significant digits tools dump prints for a Double (R-06, as YDB);
// other doubles lose precision through tools dump (export s3 prints the shortest exact text).
export function tRow(i: number): Row {
  return [BigInt(i), `name ${i}, "q" Ж`, Uint8Array.of(i & 255, 10, 44, 0), i / 8, 1_700_000_000_000_000n + BigInt(i), i % 5 === 0 ? null : i]
}

/** Rows are hashed through JSON with bigints and bytes made explicit. */
function rowJson(r: readonly unknown[]): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `b:${Buffer.from(v).toString('hex')}` : v))
}

/** A table's row count and SHA-256 over its rows in key order; undefined when it does not exist. */
export interface Digest {
  readonly rows: number
  readonly sha: string
}

export async function digestOf(cluster: EmbeddedCluster, path: string): Promise<Digest | undefined> {
  const e = await cluster.describePath(path)
  if (!e) return undefined
  const h = createHash('sha256')
  let rows = 0
  const snap = await cluster.snapshot()
  try {
    for await (const b of snap.readTable(path)) {
      for (const r of b) h.update(rowJson(r) + '\n')
      rows += b.length
    }
  } finally {
    snap.release()
  }
  return { rows, sha: h.digest('hex') }
}

/** Opens the data directory, runs fn, closes it (the children open it between our checks). */
export async function withCluster<T>(dataDir: string, fn: (c: EmbeddedCluster, s: Session) => Promise<T>): Promise<T> {
  const cluster = await openEmbeddedCluster({ dataDir, database: DB })
  const session = new Session({ cluster })
  try {
    return await fn(cluster, session)
  } finally {
    await session.close()
  }
}

export async function digest(dataDir: string, path: string): Promise<Digest | undefined> {
  return withCluster(dataDir, (c) => digestOf(c, path.startsWith('/') ? path : `${DB}/${path}`))
}

/** Runs YQL through a Session; throws on the first error. */
export async function yql(s: Session, text: string): Promise<void> {
  for await (const r of s.run(new SourceText(text, 'fault.yql')))
    if (r.kind === 'Error') throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
}

/** Creates /local/t with `rows` rows (and more tables via `extra`); returns t's digest. */
export async function makeDb(dataDir: string, rows: number, extra = ''): Promise<Digest> {
  return withCluster(dataDir, async (c, s) => {
    await c.createTable(`${DB}/t`, T_SCHEMA)
    for (let i = 0; i < rows; i += 1000) await c.bulkUpsert(`${DB}/t`, Array.from({ length: Math.min(1000, rows - i) }, (_, k) => tRow(i + k)))
    const d = (await digestOf(c, `${DB}/t`))!
    if (extra) await yql(s, extra)
    return d
  })
}

/** The CLI's answer. */
export interface CliRun {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs the yql-backup CLI in this process (the same code path as bin/yql-backup.js, without process start-up). */
export async function cli(argv: readonly string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (d: Buffer) => (out += d.toString()))
  stderr.on('data', (d: Buffer) => (err += d.toString()))
  const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, env: { ...process.env, NO_COLOR: '1' }, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false })
  return { code, out, err }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
