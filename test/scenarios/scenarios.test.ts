// Every acceptance scenario (S-*) and our extension scenarios run as .yql
// scripts through Session on a fresh embedded database `/Root`, compared with
// fixtures/scenarios/<id>.out. The clock is fixed at 2024-01-01T00:00:00Z, so
// backup names are 20240101000000Z_full, then one second later each.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'
import { formatResult } from './format-results.js'

const dir = join(import.meta.dirname, '../../fixtures/scenarios')
const scripts = readdirSync(dir).filter((f) => f.endsWith('.yql')).sort()

export async function runScenario(file: string, text: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yql-scenario-'))
  const cluster = await openEmbeddedCluster({ dataDir, database: '/Root' })
  const session = new Session({ cluster, now: () => new Date('2024-01-01T00:00:00Z') })
  const out: string[] = []
  try {
    for await (const r of session.run(new SourceText(text, file), { keepGoing: true })) out.push(formatResult(r))
  } finally {
    await session.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  return out.join('\n') + '\n'
}

describe('acceptance scenarios', () => {
  for (const f of scripts) {
    it(f, async () => {
      const text = readFileSync(join(dir, f), 'utf8')
      const out = await runScenario(f, text)
      await expect(out).toMatchFileSnapshot(join(dir, f.replace(/\.yql$/, '.out')))
    })
  }
})
