// SIGKILL at random moments during BACKUP and BACKUP INCREMENTAL (the
// CLI's `sql -s` in a child process on a real data directory). After each
// kill: the source table is intact (same rows, same checksum), every listed
// backup is complete (its copy of t equals the source), no operation is left
// in PROGRESS, and a rerun succeeds. At the end the newest chain restores.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { reapStale } from '../../src/exec/operations.js'
import { killTrials } from './support/killer.js'
import { record, trials } from './support/summary.js'
import { cli, DB, digest, digestOf, makeDb, withCluster, type Digest } from './support/world.js'

const ROWS = 1000
const N = trials(20)
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-coll-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const COLL = `${DB}/.backups/collections/c`

/** Listed backups of c that are complete: each full copy of t equals `want`. Returns [names, bad]. */
async function checkListing(dataDir: string, want: Digest, seen: Set<string>): Promise<string[]> {
  return withCluster(dataDir, async (c, s) => {
    const bad: string[] = []
    const listing = await s.listBackups('c')
    for (const row of listing.rows) {
      const name = String(row[0])
      if (seen.has(name)) continue
      seen.add(name)
      if (String(row[1]) === 'full') {
        const d = await digestOf(c, `${COLL}/${name}/t`)
        if (d?.sha !== want.sha) bad.push(`${name}: copy of t differs (${d?.rows} rows)`)
      }
    }
    const stuck = (await reapStale(c.operations)).filter((o) => o.status === 'PROGRESS')
    if (stuck.length) bad.push(`operations left in PROGRESS: ${stuck.map((o) => o.id).join(', ')}`)
    return bad
  })
}

describe('SIGKILL during backup collection statements', () => {
  for (const kind of ['BACKUP', 'BACKUP INCREMENTAL'] as const) {
    it(`${kind}: source intact, only complete backups listed, rerun succeeds (${N} kills)`, async () => {
      const dataDir = join(root, kind.replace(' ', '-'))
      const want = await makeDb(
        dataDir,
        ROWS,
        "CREATE TABLE w (k Uint64, v Uint64, PRIMARY KEY (k)); UPSERT INTO w (k, v) VALUES (1, 1); CREATE BACKUP COLLECTION c (TABLE t, TABLE w) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true'); BACKUP c;",
      )
      const seen = new Set<string>()
      const problems: string[] = []
      let survived = 0
      let lost = 0
      const stmt = kind === 'BACKUP' ? 'BACKUP c;' : 'UPSERT INTO w (k, v) VALUES ({i}, {i}); BACKUP c INCREMENTAL;'
      await killTrials(N, () => [['--data-dir', dataDir, 'sql', '-s', stmt]], 800, async (k, o) => {
        const src = await digest(dataDir, 't')
        const bad = await checkListing(dataDir, want, seen)
        const rerun = await cli(['--data-dir', dataDir, 'sql', '-s', kind === 'BACKUP' ? 'BACKUP c;' : 'BACKUP c INCREMENTAL;'])
        const ok = src?.sha === want.sha && bad.length === 0 && rerun.code === 0 && o.failures.length === 0
        if (src?.sha !== want.sha) lost++
        if (ok) survived++
        else problems.push(`trial ${k} (kill after ${o.delayMs} ms): source ${src?.rows} rows; ${bad.join('; ')}; rerun ${rerun.code} ${rerun.err.slice(0, 200)}; ${o.failures.join(' ')}`)
      })
      // The newest chain restores to the source data.
      const final = await cli(['--data-dir', dataDir, 'sql', '-s', 'DROP TABLE t; DROP TABLE w; RESTORE c;'])
      const back = await digest(dataDir, 't')
      if (final.code !== 0 || back?.sha !== want.sha) {
        lost++
        problems.push(`final RESTORE: exit ${final.code} ${final.err.slice(0, 300)}; t ${back?.rows} rows`)
      }
      record({ scenario: `SIGKILL during ${kind}`, trials: N, survived, lost, note: `${seen.size} backups listed, newest chain restored` })
      expect(problems).toEqual([])
    })
  }
})
