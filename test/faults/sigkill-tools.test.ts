// SIGKILL at random moments during `tools dump` and `tools restore` (the CLI
// in a child process on a real data directory). After each kill: the source
// table and the dump being restored are unchanged; a killed dump is either
// refused by tools restore or restores exactly (never half the rows); a rerun
// succeeds and restores exactly.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { killTrials } from './support/killer.js'
import { record, trials } from './support/summary.js'
import { cli, digest, makeDb } from './support/world.js'

const ROWS = 1000
const N = trials(20)
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-tools-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** SHA-256 over every file of a directory tree (names and contents). */
export function treeHash(dir: string): string {
  const h = createHash('sha256')
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    if (!e.isFile()) continue
    const p = join(e.parentPath, e.name)
    h.update(p.slice(dir.length) + '\0').update(readFileSync(p))
  }
  return h.digest('hex')
}

describe('SIGKILL during tools dump and tools restore', () => {
  it(`tools dump: a killed dump is refused or exact, rerun succeeds (${N} kills)`, async () => {
    const dataDir = join(root, 'dump-db')
    const want = await makeDb(dataDir, ROWS)
    const outDir = join(root, 'dumps')
    mkdirSync(outDir)
    const problems: string[] = []
    let survived = 0
    let lost = 0
    let refused = 0
    let exact = 0
    await killTrials(N, (k) => [['--data-dir', dataDir, 'tools', 'dump', '-p', 't', '-o', join(outDir, `d${k}_{i}`)]], 800, async (k, o) => {
      let ok = o.failures.length === 0
      const src = await digest(dataDir, 't')
      if (src?.sha !== want.sha) {
        ok = false
        lost++
      }
      // Every directory this child produced: tools restore refuses it, or it restores exactly.
      for (const d of readdirSync(outDir).filter((n) => n.startsWith(`d${k}_`))) {
        const r = await cli(['--data-dir', dataDir, 'tools', 'restore', '-p', `chk_${d}`, '-i', join(outDir, d)])
        if (r.code !== 0) {
          refused++
          if (!/incomplete|missing|not a dump|No dump found|No such|scheme\.pb|empty/i.test(r.err)) problems.push(`trial ${k}: ${d} refused without a clear reason: ${r.err.slice(0, 200)}`)
          continue
        }
        const got = await digest(dataDir, `chk_${d}/t`)
        if (got?.sha === want.sha) exact++
        else {
          ok = false
          lost++
          problems.push(`trial ${k}: killed dump ${d} restored ${got?.rows} rows silently`)
        }
        await cli(['--data-dir', dataDir, 'sql', '-s', `DROP TABLE \`chk_${d}/t\`;`])
      }
      const again = join(outDir, `again${k}`)
      const rerun = await cli(['--data-dir', dataDir, 'tools', 'dump', '-p', 't', '-o', again])
      const back = await cli(['--data-dir', dataDir, 'tools', 'restore', '-p', `again${k}`, '-i', again])
      const got = await digest(dataDir, `again${k}/t`)
      if (rerun.code !== 0 || back.code !== 0 || got?.sha !== want.sha) {
        ok = false
        problems.push(`trial ${k}: rerun dump ${rerun.code} ${rerun.err.slice(0, 200)} / restore ${back.code} ${back.err.slice(0, 200)}`)
      }
      await cli(['--data-dir', dataDir, 'sql', '-s', `DROP TABLE \`again${k}/t\`;`])
      rmSync(outDir, { recursive: true, force: true })
      mkdirSync(outDir)
      if (ok) survived++
      else problems.push(`trial ${k} (kill after ${o.delayMs} ms) failed; ${o.failures.join(' ')}`)
    })
    record({ scenario: 'SIGKILL during tools dump', trials: N, survived, lost, note: `killed outputs: ${refused} refused, ${exact} exact` })
    expect(problems).toEqual([])
  })

  it(`tools restore: dump and source unchanged, rerun with --replace exact (${N} kills)`, async () => {
    const dataDir = join(root, 'restore-db')
    const want = await makeDb(dataDir, ROWS)
    const dump = join(root, 'good-dump')
    expect((await cli(['--data-dir', dataDir, 'tools', 'dump', '-p', 't', '-o', dump])).code).toBe(0)
    const dumpHash = treeHash(dump)
    const problems: string[] = []
    let survived = 0
    let lost = 0
    let partial = 0
    await killTrials(N, (k) => [['--data-dir', dataDir, 'tools', 'restore', '-p', `r${k}`, '-i', dump]], 800, async (k, o) => {
      let ok = o.failures.length === 0
      const src = await digest(dataDir, 't')
      if (src?.sha !== want.sha || treeHash(dump) !== dumpHash || existsSync(join(dump, 'incomplete'))) {
        ok = false
        lost++
        problems.push(`trial ${k}: the source table or the dump changed`)
      }
      const t = await digest(dataDir, `r${k}/t`)
      if (t && t.sha !== want.sha) partial++ // tools restore has no staging (as YDB's): a kill can leave a partial target
      const rerun = await cli(['--data-dir', dataDir, 'tools', 'restore', '-p', `r${k}`, '-i', dump, ...(t ? ['--replace'] : [])])
      const got = await digest(dataDir, `r${k}/t`)
      if (rerun.code !== 0 || got?.sha !== want.sha) {
        ok = false
        problems.push(`trial ${k}: rerun ${rerun.code} ${rerun.err.slice(0, 300)}; ${got?.rows} rows`)
      }
      await cli(['--data-dir', dataDir, 'sql', '-s', `DROP TABLE \`r${k}/t\`;`])
      if (ok) survived++
      else problems.push(`trial ${k} (kill after ${o.delayMs} ms) failed; ${o.failures.join(' ')}`)
    })
    record({ scenario: 'SIGKILL during tools restore', trials: N, survived, lost, note: `${partial} kills left a partial target (no staging, as YDB); rerun --replace exact` })
    expect(problems).toEqual([])
  })
})
