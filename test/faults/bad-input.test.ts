// Bad input. Fuzzed statements (mutations of real ones) into the script
// runner (`sql -s --keep-going`) and the REPL's entry path (scanEntry +
// runStatements): never a crash, and every failing statement prints a
// diagnostic. Malicious dumps and exports (a symlink out of the dump, `..` and
// absolute paths in SchemaMapping, a huge line, wrong column counts, invalid
// UTF-8): rejected with a clear error and nothing created outside the target.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { CopyObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../src/exec/session.js'
import { scanEntry } from '../../src/frontends/repl/repl.js'
import { runStatements } from '../../src/frontends/runner.js'
import { startS3Server, type TestS3Server } from '../support/s3-server.js'
import { record, trials } from './support/summary.js'
import { cli, DB, makeDb, withCluster } from './support/world.js'

const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-input-'))
const dataDir = join(root, 'db')
let s3: TestS3Server
let client: S3Client
const s3Args = (): string[] => ['--s3-endpoint', s3.endpoint, '--bucket', s3.bucket, '--access-key', s3.accessKey, '--secret-key', s3.secretKey, '--use-virtual-addressing', 'false']

beforeAll(async () => {
  await makeDb(dataDir, 200, "CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');")
  s3 = await startS3Server()
  client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey } })
})
afterAll(async () => {
  await s3?.close()
  rmSync(root, { recursive: true, force: true })
})

const CORPUS = [
  "CREATE BACKUP COLLECTION `b1` (TABLE `/local/t`) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');",
  'BACKUP c INCREMENTAL;',
  "RESTORE c AT '2024-06-16_20-14-02';",
  "ALTER BACKUP COLLECTION c ADD TABLE t, DROP TABLE t, SET (STORAGE = 'cluster');",
  'DROP BACKUP COLLECTION b1;',
  "CREATE TABLE f (k Uint64 NOT NULL, s Utf8 DEFAULT 'x', d Decimal(22, 9), PRIMARY KEY (k), INDEX i GLOBAL ON (s));",
  "UPSERT INTO f (k, s, d) VALUES (1u, 'a'u, Decimal('1.5', 22, 9)), (2, @@multi\nline@@, NULL);",
  "SELECT k, COUNT(*) AS n FROM f WHERE s LIKE 'a%' AND k BETWEEN 1 AND 10 GROUP BY k ORDER BY n DESC LIMIT 5;",
  'DELETE FROM f WHERE k = 1; UPDATE f SET s = "b" WHERE k > 0;',
  'DECLARE $p AS Int32; SELECT $p + 1;',
  'USE `/local`; PRAGMA TablePathPrefix = "/local"; SELECT CAST("5" AS Int64), Timestamp("2024-01-01T00:00:00Z");',
]
const JUNK = ["'", '"', '`', '@@', '(', ')', ';', ',', '--', '/*', '*/', '\\', '\0', '\uFFFD', 'Ж', '$', '.', '1e999', '18446744073709551616', 'NULL', 'TABLE', 'WITH', '=', ' ', '\n', 'é'.repeat(300), 'x'.repeat(5000)]

/** A mutation of a corpus statement: tokens deleted, duplicated, swapped or junk inserted. */
const fuzzed = fc
  .tuple(fc.constantFrom(...CORPUS), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6 }))
  .map(([stmt, edits]) => {
    const toks = stmt.split(/(\s+|[(),;=`'"])/).filter((x) => x !== '')
    for (const [a, b, kind] of edits) {
      const i = a % Math.max(1, toks.length)
      if (kind === 0) toks.splice(i, 1)
      else if (kind === 1) toks.splice(i, 0, toks[b % toks.length] ?? '')
      else if (kind === 2) toks.splice(i, 0, JUNK[b % JUNK.length]!)
      else [toks[i], toks[b % toks.length]] = [toks[b % toks.length]!, toks[i]!]
    }
    return toks.join('')
  })

describe('fuzzed statements', () => {
  it('the REPL entry path: no crash, a diagnostic for every failure', async () => {
    const runs = trials(20) * 10
    const cluster = await openEmbeddedCluster({ dataDir, database: DB })
    const session = new Session({ cluster })
    let survived = 0
    let diagnosed = 0
    const problems: string[] = []
    try {
      await fc.assert(
        fc.asyncProperty(fuzzed, async (text) => {
          let err = ''
          const stderr = new PassThrough()
          stderr.on('data', (d: Buffer) => (err += d.toString()))
          const stdout = new PassThrough().resume()
          try {
            const { statements } = scanEntry(text)
            const r = await runStatements(session, statements, '<repl>', { stdout, stderr }, { format: 'pretty', keepGoing: true })
            if (r.failed > 0 && !/error/i.test(err)) problems.push(`no diagnostic for ${JSON.stringify(text).slice(0, 200)}`)
            else survived++
            if (r.failed > 0) diagnosed++
          } catch (e) {
            problems.push(`crash on ${JSON.stringify(text).slice(0, 200)}: ${(e as Error).stack?.slice(0, 300)}`)
          }
        }),
        { numRuns: runs },
      )
    } finally {
      await session.close()
    }
    record({ scenario: 'fuzzed statements: REPL entry path', trials: runs, survived, lost: 0, note: `${diagnosed} rejected with a diagnostic, the rest ran` })
    expect(problems).toEqual([])
    expect(diagnosed).toBeGreaterThan(runs / 4)
  })

  it('the script runner (sql -s --keep-going): no crash, exit 0 or 1, a diagnostic with a position', async () => {
    const runs = trials(20) * 2
    let survived = 0
    let diagnosed = 0
    const problems: string[] = []
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzed, { minLength: 1, maxLength: 4 }), async (stmts) => {
        const text = stmts.join('\n')
        try {
          const r = await cli(['--data-dir', dataDir, 'sql', '--keep-going', '-s', text])
          if (r.code !== 0 && r.code !== 1) problems.push(`exit ${r.code} for ${JSON.stringify(text).slice(0, 200)}: ${r.err.slice(0, 200)}`)
          else if (r.code === 1 && !/error/i.test(r.err)) problems.push(`exit 1 without a diagnostic for ${JSON.stringify(text).slice(0, 200)}`)
          else survived++
          if (r.code === 1) diagnosed++
        } catch (e) {
          problems.push(`crash on ${JSON.stringify(text).slice(0, 200)}: ${(e as Error).stack?.slice(0, 300)}`)
        }
      }),
      { numRuns: runs },
    )
    record({ scenario: 'fuzzed statements: script runner', trials: runs, survived, lost: 0, note: `${diagnosed} exited 1 with a diagnostic, the rest ran` })
    expect(problems).toEqual([])
  })
})

/** Every database path outside `target` (to show nothing appeared there). */
async function pathsOutside(target: string): Promise<string[]> {
  return withCluster(dataDir, async (c) => {
    const out: string[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const e of await c.listDirectory(dir)) {
        const p = `${dir}/${e.name}`
        if (p === `${DB}/${target}` || p.startsWith(`${DB}/${target}/`)) continue
        out.push(p)
        if (e.type === 'directory') await walk(p)
      }
    }
    await walk(DB)
    return out.sort()
  })
}

describe('malicious dumps and exports', () => {
  const outcomes: { name: string; ok: boolean; why: string }[] = []
  afterAll(() => {
    const ok = outcomes.filter((o) => o.ok).length
    record({ scenario: 'malicious dumps/exports rejected', trials: outcomes.length, survived: ok, lost: 0, note: outcomes.filter((o) => !o.ok).map((o) => o.name).join(', ') || 'all rejected, nothing outside the target' })
  })

  async function expectRejected(name: string, target: string, run: () => Promise<{ code: number; err: string }>, mention: RegExp): Promise<void> {
    const before = await pathsOutside(target)
    const r = await run()
    const after = await pathsOutside(target)
    const why: string[] = []
    if (r.code === 0) why.push('accepted')
    else if (!mention.test(r.err)) why.push(`unclear error: ${r.err.trim().slice(0, 200)}`)
    if (after.join('\n') !== before.join('\n')) why.push(`created outside the target: ${after.filter((p) => !before.includes(p)).join(', ')}`)
    outcomes.push({ name, ok: why.length === 0, why: why.join('; ') })
    expect(why, name).toEqual([])
  }

  let good = ''
  beforeAll(async () => {
    good = join(root, 'good-dump')
    expect((await cli(['--data-dir', dataDir, 'tools', 'dump', '-p', 't', '-o', good])).code).toBe(0)
  })

  const variant = (name: string, edit: (dir: string) => void): string => {
    const dir = join(root, name)
    cpSync(good, dir, { recursive: true })
    edit(dir)
    return dir
  }
  const restore = (dir: string, target: string) => () => cli(['--data-dir', dataDir, 'tools', 'restore', '-p', target, '-i', dir])
  const csv = (dir: string): string => join(dir, 't', 'data_00.csv')

  it('a huge line without a newline', async () => {
    const dir = variant('huge', (d) => writeFileSync(csv(d), 'A'.repeat(40 << 20)))
    await expectRejected('huge line', 'huge', restore(dir, 'huge'), /data_00\.csv/)
  })
  it('wrong column counts', async () => {
    for (const [n, line] of [['fewer', '7,"x"\n'], ['more', '7,"x","%00",1,2023-11-14T22:13:20.000000Z,1,99\n']] as const) {
      const dir = variant(`cols-${n}`, (d) => writeFileSync(csv(d), readFileSync(csv(d), 'utf8') + line))
      await expectRejected(`${n} columns`, `cols${n}`, restore(dir, `cols${n}`), /data_00\.csv/)
    }
  })
  it('invalid UTF-8 in a Utf8 column (escaped and raw)', async () => {
    for (const [n, bytes] of [['escaped', Buffer.from('9000,"%FF%FE","%00",1,2023-11-14T22:13:20.000000Z,1\n')], ['raw', Buffer.concat([Buffer.from('9001,"'), Buffer.from([0xff, 0xfe]), Buffer.from('","%00",1,2023-11-14T22:13:20.000000Z,1\n')])]] as const) {
      const dir = variant(`utf8-${n}`, (d) => writeFileSync(csv(d), Buffer.concat([readFileSync(csv(d)), bytes])))
      await expectRejected(`invalid UTF-8 (${n})`, `utf${n}`, restore(dir, `utf${n}`), /data_00\.csv|utf-?8/i)
    }
  })
  it('a symlink leading out of the dump', async () => {
    const outside = join(root, 'outside-dump')
    cpSync(good, outside, { recursive: true })
    const dir = variant('symlink', (d) => symlinkSync(join(outside, 't'), join(d, 'escape')))
    const before = await pathsOutside('sym')
    const r = await cli(['--data-dir', dataDir, 'tools', 'restore', '-p', 'sym', '-i', dir])
    const after = await pathsOutside('sym')
    // Following it is allowed only inside the target; refusing it is fine too.
    const ok = after.join('\n') === before.join('\n')
    outcomes.push({ name: 'symlink out of the dump', ok, why: ok ? '' : 'created outside the target' })
    expect({ ok, code: r.code === 0 || /symlink|link|outside|escape/i.test(r.err) }).toEqual({ ok: true, code: true })
  })

  it('`..` and absolute paths in an export\'s SchemaMapping', async () => {
    expect((await cli(['--data-dir', dataDir, 'export', 's3', ...s3Args(), '--item', 'src=t,dst=clean'])).code).toBe(0)
    const keys = ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'clean/' }))).Contents ?? []).map((o) => o.Key!.slice('clean/'.length))
    for (const [n, rel] of [['dotdot', '../../escaped'], ['dotdot-mid', 'a/../../escaped'], ['absolute', '/local/escaped'], ['absolute-root', '/escaped']] as const) {
      const prefix = `mal-${n}`
      for (const k of keys)
        if (!k.startsWith('SchemaMapping/mapping.json')) await client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${k}`, CopySource: `${s3.bucket}/clean/${k}` }))
      const mapping = JSON.parse(await (await client.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: s3.bucket, Key: 'clean/SchemaMapping/mapping.json' }))).Body!.transformToString()) as { exportedObjects: Record<string, unknown> }
      const [only] = Object.values(mapping.exportedObjects)
      const body = JSON.stringify({ exportedObjects: { [rel]: only } })
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/SchemaMapping/mapping.json`, Body: body }))
      // The sidecar must match, so the path check (not the checksum) is what refuses it.
      const { createHash } = await import('node:crypto')
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/SchemaMapping/mapping.json.sha256`, Body: `${createHash('sha256').update(body).digest('hex')}  mapping.json\n` }))
      await expectRejected(`SchemaMapping ${rel}`, `imp${n.replace('-', '')}`, () => cli(['--data-dir', dataDir, 'import', 's3', ...s3Args(), '--item', `src=${prefix},dst=imp${n.replace('-', '')}`]), /\.\.|absolute|outside|unsafe|path/i)
    }
  })
})
