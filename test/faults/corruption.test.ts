// Each file of a tools dump and each object of an S3 export corrupted (one
// byte flipped), truncated (to half) or deleted in turn, then restored: the
// restore must fail naming the file, or (for a harmless file) restore exactly;
// a restore with different data is counted as data lost.
//
// YDB's own dump writes no checksums (spec §3); ours writes `.sha256` sidecars
// by default (`--no-checksums` for YDB's exact file set), so a flipped byte in
// a CSV value or a deleted data file is caught too, in dumps as in exports.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, relative } from 'node:path'
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TestS3Server } from '../support/s3-server.js'
import { record } from './support/summary.js'
import { cli, digest, makeDb, type Digest } from './support/world.js'

const ROWS = 500
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-corrupt-'))
const dataDir = join(root, 'db')
let want: Digest
let s3: TestS3Server
let client: S3Client
const s3Args = (): string[] => ['--s3-endpoint', s3.endpoint, '--bucket', s3.bucket, '--access-key', s3.accessKey, '--secret-key', s3.secretKey, '--use-virtual-addressing', 'false']

beforeAll(async () => {
  want = await makeDb(dataDir, ROWS)
  s3 = await startS3Server()
  client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey } })
})
afterAll(async () => {
  await s3?.close()
  rmSync(root, { recursive: true, force: true })
})

type Damage = 'corrupt' | 'truncate' | 'delete'
const DAMAGES: Damage[] = ['corrupt', 'truncate', 'delete']

function damage(bytes: Uint8Array, how: Damage): Uint8Array | undefined {
  if (how === 'delete') return undefined
  if (how === 'truncate') return bytes.subarray(0, Math.floor(bytes.length / 2))
  const out = Uint8Array.from(bytes)
  if (out.length === 0) return Uint8Array.of(0x41)
  const i = Math.floor(out.length / 2)
  out[i] = out[i]! ^ 0x04 // a digit stays a digit, a letter a letter: the change a parser cannot see
  return out
}

interface Tally {
  trials: number
  byName: number
  exact: number
  unnamed: string[]
  lost: string[]
}

/** Restores a damaged copy and classifies the outcome. */
async function judge(t: Tally, name: string, label: string, restore: () => Promise<{ code: number; err: string }>, target: string): Promise<void> {
  t.trials++
  const r = await restore()
  if (r.code !== 0) {
    // A sidecar's mismatch names the file it guards.
    if (r.err.includes(name) || r.err.includes(name.replace(/\.sha256$/, ''))) t.byName++
    else t.unnamed.push(`${label}: ${r.err.trim().slice(0, 200)}`)
    return
  }
  const got = await digest(dataDir, target)
  if (got?.sha === want.sha) t.exact++
  else t.lost.push(`${label}: restored ${got?.rows} rows that differ, silently`)
  await cli(['--data-dir', dataDir, 'sql', '-s', `DROP TABLE \`${target}\`;`])
}

describe('corrupted, truncated and deleted files', () => {
  it('tools dump: every file damaged in turn is reported by name or harmless', async () => {
    const dump = join(root, 'dump')
    expect((await cli(['--data-dir', dataDir, 'tools', 'dump', '-p', 't', '-o', dump])).code).toBe(0)
    const files = readdirSync(dump, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dump, join(e.parentPath, e.name)))
    const strict: Tally = { trials: 0, byName: 0, exact: 0, unnamed: [], lost: [] }
    let n = 0
    for (const f of files)
      for (const how of DAMAGES) {
        const copy = join(root, `d${n}`)
        cpSync(dump, copy, { recursive: true })
        const d = damage(readFileSync(join(copy, f)), how)
        if (d) writeFileSync(join(copy, f), d)
        else unlinkSync(join(copy, f))
        await judge(strict, basename(f), `${how} ${f}`, () => cli(['--data-dir', dataDir, 'tools', 'restore', '-p', `c${n}`, '-i', copy]), `c${n}/t`)
        rmSync(copy, { recursive: true, force: true })
        n++
      }
    record({ scenario: 'tools dump: file corrupted/truncated/deleted', trials: strict.trials, survived: strict.byName + strict.exact, lost: strict.lost.length, note: `${strict.byName} reported by name, ${strict.exact} harmless, ${strict.unnamed.length} without the name` })
    expect({ unnamed: strict.unnamed, lost: strict.lost }).toEqual({ unnamed: [], lost: [] })
  })

  it('export s3: every object damaged in turn is reported by name or harmless', async () => {
    expect((await cli(['--data-dir', dataDir, 'export', 's3', ...s3Args(), '--item', 'src=t,dst=pristine'])).code).toBe(0)
    const list = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'pristine/' }))
    const keys = (list.Contents ?? []).map((o) => o.Key!.slice('pristine/'.length))
    expect(keys.length).toBeGreaterThan(3)
    const tally: Tally = { trials: 0, byName: 0, exact: 0, unnamed: [], lost: [] }
    let n = 0
    for (const k of keys)
      for (const how of DAMAGES) {
        const prefix = `x${n}`
        for (const other of keys) await client.send(new CopyObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${other}`, CopySource: `${s3.bucket}/pristine/${other}` }))
        const body = await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `pristine/${k}` }))).Body!.transformToByteArray()
        const d = damage(body, how)
        if (d) await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${k}`, Body: d }))
        else await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${k}` }))
        await judge(tally, basename(k), `${how} ${k}`, () => cli(['--data-dir', dataDir, 'import', 's3', ...s3Args(), '--item', `src=${prefix},dst=i${n}`]), `i${n}/t`)
        n++
      }
    record({ scenario: 'export s3: object corrupted/truncated/deleted', trials: tally.trials, survived: tally.byName + tally.exact, lost: tally.lost.length, note: `${tally.byName} reported by name, ${tally.exact} harmless, ${tally.unnamed.length} without the name` })
    expect({ unnamed: tally.unnamed, lost: tally.lost }).toEqual({ unnamed: [], lost: [] })
  })
})
