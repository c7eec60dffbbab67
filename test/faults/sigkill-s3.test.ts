// SIGKILL at random moments during `export s3` and `import s3` (the CLI in a
// child process, an S3 server in this process). After each kill: the source
// table and the export being imported are unchanged; a killed export is
// either refused by import or imports exactly; a rerun succeeds.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TestS3Server } from '../support/s3-server.js'
import { killTrials } from './support/killer.js'
import { record, trials } from './support/summary.js'
import { cli, digest, makeDb } from './support/world.js'

const ROWS = 1000
const N = trials(20)
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-s3-'))
let s3: TestS3Server
let client: S3Client
const s3Args = (): string[] => ['--s3-endpoint', s3.endpoint, '--bucket', s3.bucket, '--access-key', s3.accessKey, '--secret-key', s3.secretKey, '--use-virtual-addressing', 'false']

beforeAll(async () => {
  s3 = await startS3Server()
  client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey } })
})
afterAll(async () => {
  await s3?.close()
  rmSync(root, { recursive: true, force: true })
})

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = []
  let token: string | undefined
  do {
    const r = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }))
    for (const o of r.Contents ?? []) out.push(o.Key!)
    token = r.NextContinuationToken
  } while (token)
  return out.sort()
}

async function prefixHash(prefix: string): Promise<string> {
  const h = createHash('sha256')
  for (const k of await keys(prefix)) {
    const r = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: k }))
    h.update(k + '\0').update(await r.Body!.transformToByteArray())
  }
  return h.digest('hex')
}

describe('SIGKILL during export s3 and import s3', () => {
  it(`export s3: a killed export is refused or exact, rerun succeeds (${N} kills)`, async () => {
    const dataDir = join(root, 'export-db')
    const want = await makeDb(dataDir, ROWS)
    const problems: string[] = []
    let survived = 0
    let lost = 0
    let refused = 0
    let exact = 0
    await killTrials(N, (k) => [['--data-dir', dataDir, 'export', 's3', ...s3Args(), '--item', `src=t,dst=e${k}_{i}`]], 800, async (k, o) => {
      let ok = o.failures.length === 0
      if ((await digest(dataDir, 't'))?.sha !== want.sha) {
        ok = false
        lost++
      }
      const prefixes = [...new Set((await keys(`e${k}_`)).map((key) => key.split('/')[0]!))]
      for (const p of prefixes) {
        const r = await cli(['--data-dir', dataDir, 'import', 's3', ...s3Args(), '--item', `src=${p},dst=chk_${p}`])
        if (r.code !== 0) {
          refused++
          continue
        }
        const got = await digest(dataDir, `chk_${p}/t`)
        if (got?.sha === want.sha) exact++
        else {
          ok = false
          lost++
          problems.push(`trial ${k}: killed export ${p} imported ${got?.rows} rows silently`)
        }
      }
      const rerun = await cli(['--data-dir', dataDir, 'export', 's3', ...s3Args(), '--item', `src=t,dst=again${k}`])
      const back = await cli(['--data-dir', dataDir, 'import', 's3', ...s3Args(), '--item', `src=again${k},dst=again${k}`])
      const got = await digest(dataDir, `again${k}/t`)
      if (rerun.code !== 0 || back.code !== 0 || got?.sha !== want.sha) {
        ok = false
        problems.push(`trial ${k}: rerun export ${rerun.code} ${rerun.err.slice(0, 200)} / import ${back.code} ${back.err.slice(0, 200)}`)
      }
      if (ok) survived++
      else problems.push(`trial ${k} (kill after ${o.delayMs} ms) failed; ${o.failures.join(' ')}`)
    })
    record({ scenario: 'SIGKILL during export s3', trials: N, survived, lost, note: `killed exports: ${refused} refused, ${exact} exact` })
    expect(problems).toEqual([])
  })

  it(`import s3: export and source unchanged, rerun exact (${N} kills)`, async () => {
    const dataDir = join(root, 'import-db')
    const want = await makeDb(dataDir, ROWS)
    expect((await cli(['--data-dir', dataDir, 'export', 's3', ...s3Args(), '--item', 'src=t,dst=good'])).code).toBe(0)
    const before = await prefixHash('good/')
    const problems: string[] = []
    let survived = 0
    let lost = 0
    let partial = 0
    await killTrials(N, (k) => [['--data-dir', dataDir, 'import', 's3', ...s3Args(), '--item', `src=good,dst=m${k}_{i}`]], 800, async (k, o) => {
      let ok = o.failures.length === 0
      if ((await digest(dataDir, 't'))?.sha !== want.sha || (await prefixHash('good/')) !== before) {
        ok = false
        lost++
        problems.push(`trial ${k}: the source table or the export changed`)
      }
      for (let i = 0; i < 50; i++) {
        const t = await digest(dataDir, `m${k}_${i}/t`)
        if (!t) break
        if (t.sha !== want.sha) partial++
      }
      const rerun = await cli(['--data-dir', dataDir, 'import', 's3', ...s3Args(), '--item', `src=good,dst=again${k}`])
      const got = await digest(dataDir, `again${k}/t`)
      if (rerun.code !== 0 || got?.sha !== want.sha) {
        ok = false
        problems.push(`trial ${k}: rerun ${rerun.code} ${rerun.err.slice(0, 300)}; ${got?.rows} rows`)
      }
      if (ok) survived++
      else problems.push(`trial ${k} (kill after ${o.delayMs} ms) failed; ${o.failures.join(' ')}`)
    })
    record({ scenario: 'SIGKILL during import s3', trials: N, survived, lost, note: `${partial} kills left a partial target (no staging, as YDB)` })
    expect(problems).toEqual([])
  })
})
