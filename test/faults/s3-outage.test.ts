// The S3 server stopped and restarted mid-transfer, throttling (503 SlowDown),
// 500s and connection resets, during export s3 and import s3 (the CLI in this
// process, through a fault proxy in front of a real s3rver). Each transfer
// must end with identical data (it retried and resumed) or a clear error; a
// failed export must never import as something else.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InternalError, SlowDown, startFaultProxy, type Fault, type FaultProxy } from '../support/s3-fault-proxy.js'
import { startS3Server, type TestS3Server } from '../support/s3-server.js'
import { record, trials } from './support/summary.js'
import { cli, digest, makeDb, sleep, type Digest } from './support/world.js'

const ROWS = 8000
const N = trials(3)
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-s3o-'))
const dataDir = join(root, 'db')
let want: Digest
let s3: TestS3Server
let proxy: FaultProxy
const args = (): string[] => ['--s3-endpoint', proxy.endpoint, '--bucket', s3.bucket, '--access-key', s3.accessKey, '--secret-key', s3.secretKey, '--use-virtual-addressing', 'false', '--retries', '10']

beforeAll(async () => {
  want = await makeDb(dataDir, ROWS)
  s3 = await startS3Server({ kind: 's3rver' })
  proxy = await startFaultProxy(s3.endpoint)
})
afterAll(async () => {
  await proxy?.close()
  await s3?.close()
  rmSync(root, { recursive: true, force: true })
})

const CLEAR = /s3|connect|ECONNREFUSED|socket|network|SlowDown|InternalError|retr|timed? ?out|reset|unavailable/i

interface Outcome {
  survived: number
  lost: number
  identical: number
  clearErrors: number
  problems: string[]
}

/** Exports to `prefix` under `during` (a fault started when the transfer starts), then imports and compares. */
async function trial(o: Outcome, label: string, prefix: string, during: () => Promise<void>): Promise<void> {
  const exp = cli(['--data-dir', dataDir, 'export', 's3', ...args(), '--item', `src=t,dst=${prefix}`])
  await during()
  const e = await exp
  proxy.heal()
  proxy.onForwardedBytes = undefined
  if (e.code !== 0) {
    if (CLEAR.test(e.err)) {
      o.clearErrors++
      o.survived++
    } else o.problems.push(`${label}: export failed without a clear error: ${e.err.slice(0, 300)}`)
    // Whatever it left must not import as something else.
    const i = await cli(['--data-dir', dataDir, 'import', 's3', ...args(), '--item', `src=${prefix},dst=bad_${prefix}`])
    if (i.code === 0 && (await digest(dataDir, `bad_${prefix}/t`))?.sha !== want.sha) {
      o.lost++
      o.problems.push(`${label}: a failed export imported with different data`)
    }
    return
  }
  const i = await cli(['--data-dir', dataDir, 'import', 's3', ...args(), '--item', `src=${prefix},dst=imp_${prefix}`])
  const got = i.code === 0 ? await digest(dataDir, `imp_${prefix}/t`) : undefined
  if (i.code === 0 && got?.sha === want.sha) {
    o.identical++
    o.survived++
  } else if (i.code === 0) {
    o.lost++
    o.problems.push(`${label}: export reported success, import has ${got?.rows} different rows`)
  } else o.problems.push(`${label}: a successful export does not import: ${i.err.slice(0, 300)}`)
}

function fresh(): Outcome {
  return { survived: 0, lost: 0, identical: 0, clearErrors: 0, problems: [] }
}

describe('S3 outages during export and import', () => {
  it(`server killed and restarted mid-export (${N} trials)`, async () => {
    const o = fresh()
    for (let k = 0; k < N; k++) {
      const after = 10_000 + Math.floor(Math.random() * 150_000)
      let seen = 0
      let fired: Promise<void> | undefined
      proxy.onForwardedBytes = (n) => {
        seen += n
        if (seen >= after && !fired) fired = (async () => {
          await s3.stop()
          await sleep(200 + Math.random() * 800)
          await s3.restart()
        })()
      }
      await trial(o, `restart ${k}`, `restart${k}`, async () => undefined)
      await fired
    }
    record({ scenario: 'S3 server killed+restarted mid-export', trials: N, survived: o.survived, lost: o.lost, note: `${o.identical} identical, ${o.clearErrors} clear errors` })
    expect(o.problems).toEqual([])
  })

  const faults: [string, Fault, number][] = [
    ['503 SlowDown', SlowDown, 4],
    ['500 InternalError', InternalError, 4],
    ['connection reset', { kind: 'reset' }, 3],
  ]
  for (const [name, fault, count] of faults)
    it(`${name} on uploads and downloads (${N} trials)`, async () => {
      const o = fresh()
      for (let k = 0; k < N; k++) {
        // Faults on random requests of the export, then again on the import.
        const pick = (): ((m: string) => boolean) => {
          let n = 0
          const every = 1 + Math.floor(Math.random() * 3)
          return () => ++n % every === 0
        }
        proxy.failNext(count, fault, pick())
        const prefix = `${name.replace(/\W+/g, '')}${k}`
        await trial(o, `${name} ${k}`, prefix, async () => {
          await sleep(50)
          proxy.failNext(count, fault, pick())
        })
      }
      record({ scenario: `S3 ${name} (export+import)`, trials: N, survived: o.survived, lost: o.lost, note: `${o.identical} identical, ${o.clearErrors} clear errors` })
      expect(o.problems).toEqual([])
    })
})
