// Golden plans: each fixtures/plan/<name>.yql runs through a Session on a
// fresh embedded database `/Root` (clock fixed at 2024-01-01T00:00:00Z); the
// EXPLAIN results (plans, or the errors planning gave) must equal
// fixtures/plan/<name>.plan.txt.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'
import { formatResult } from '../scenarios/format-results.js'

const dir = join(import.meta.dirname, '../../fixtures/plan')
const files = readdirSync(dir).filter((f) => f.endsWith('.yql')).sort()

describe('golden plans', () => {
  for (const f of files) {
    it(f, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'yql-plan-'))
      const session = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: '/Root' }), now: () => new Date('2024-01-01T00:00:00Z') })
      const out: string[] = []
      try {
        const source = new SourceText(readFileSync(join(dir, f), 'utf8'), f)
        for await (const r of session.run(source, { keepGoing: true })) {
          const explained = r.kind === 'Plan' || (r.kind === 'Error' && r.span && /^\s*EXPLAIN/i.test(source.text.slice(r.span.start, r.span.end)))
          if (explained) out.push(formatResult(r))
          else if (r.kind === 'Error') out.push(`setup failed: ${formatResult(r)}`)
        }
      } finally {
        await session.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
      await expect(out.join('\n') + '\n').toMatchFileSnapshot(join(dir, f.replace(/\.yql$/, '.plan.txt')))
    })
  }
})
