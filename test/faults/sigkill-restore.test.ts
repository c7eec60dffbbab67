// SIGKILL at random moments during RESTORE of a backup collection (the CLI's
// `sql -s` in a child process on a real data directory). After each kill: the
// backup is intact, the restored table is whole or absent, no operation is
// left in PROGRESS, and a rerun restores exactly.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { reapStale } from '../../src/exec/operations.js'
import { killTrials } from './support/killer.js'
import { record, trials } from './support/summary.js'
import { cli, DB, digest, makeDb, withCluster } from './support/world.js'

const ROWS = 1000
const N = trials(20)
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-restore-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const COLL = `${DB}/.backups/collections/c`

describe('SIGKILL during RESTORE', () => {
  it(`RESTORE: target whole or absent, backup intact, rerun succeeds (${N} kills)`, async () => {
    const dataDir = join(root, 'restore')
    const want = await makeDb(dataDir, ROWS, "CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster'); BACKUP c; DROP TABLE t;")
    const problems: string[] = []
    let survived = 0
    let lost = 0
    let whole = 0
    const fullName = async (): Promise<string> => withCluster(dataDir, async (_c, s) => String((await s.listBackups('c')).rows[0]![0]))
    const name = await fullName()
    await killTrials(N, () => [['--data-dir', dataDir, 'sql', '-s', 'RESTORE c; DROP TABLE t;']], 700, async (k, o) => {
      const t = await digest(dataDir, 't')
      const copy = await digest(dataDir, `${COLL}/${name}/t`)
      const stuck = await withCluster(dataDir, async (c) => (await reapStale(c.operations)).filter((x) => x.status === 'PROGRESS'))
      let ok = copy?.sha === want.sha && stuck.length === 0 && o.failures.length === 0
      if (copy?.sha !== want.sha) lost++
      if (t) {
        if (t.sha === want.sha) whole++
        else {
          ok = false
          lost++
          problems.push(`trial ${k}: a half-restored t is visible (${t.rows} rows)`)
        }
        await cli(['--data-dir', dataDir, 'sql', '-s', 'DROP TABLE t;'])
      }
      const rerun = await cli(['--data-dir', dataDir, 'sql', '-s', 'RESTORE c;'])
      const back = await digest(dataDir, 't')
      if (rerun.code !== 0 || back?.sha !== want.sha) ok = false
      await cli(['--data-dir', dataDir, 'sql', '-s', 'DROP TABLE t;'])
      if (ok) survived++
      else problems.push(`trial ${k} (kill after ${o.delayMs} ms): backup copy ${copy?.rows} rows, stuck ${stuck.length}, rerun ${rerun.code} ${rerun.err.slice(0, 200)}, restored ${back?.rows}; ${o.failures.join(' ')}`)
    })
    record({ scenario: 'SIGKILL during RESTORE', trials: N, survived, lost, note: `${whole} kills left a whole table, the rest none` })
    expect(problems).toEqual([])
  })
})
