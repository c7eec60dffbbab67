// A tiny stand-in for the core, for tests of the CLI plumbing alone:
// `SELECT n` returns one row with n; text with FAIL fails at that word; others are Ok.
import type { ClusterBackend } from '../../../src/backends/cluster/cluster-backend.js'
import type { CliDeps, CliSession } from '../../../src/frontends/cli/cli-context.js'
import type { RunOptions, StatementResult } from '../../../src/exec/session.js'
import type { SourceText } from '../../../src/source/source-text.js'
import { error } from '../../../src/diagnostics/diagnostic.js'
import { primitive } from '../../../src/types/ydb-type.js'

export function fakeDeps(log: string[] = []): CliDeps {
  const cluster = {
    kind: 'embedded',
    database: '/local',
    close: async () => {},
    describePath: async () => undefined,
    listDirectory: async (p: string) => (p === '/local' ? [{ path: '/local/customers', name: 'customers', type: 'table' }] : []),
  } as unknown as ClusterBackend
  const session: CliSession = {
    cluster,
    async *run(source: SourceText, opts?: RunOptions): AsyncGenerator<StatementResult> {
      log.push(source.text)
      const span = { start: 0, end: source.text.length }
      if (source.text.startsWith('SLEEP')) {
        // Runs until cancelled, as a long BACKUP would.
        const signal = opts?.signal
        // A timer stands for the I/O a real operation keeps in flight.
        const tick = setInterval(() => {}, 1000)
        await new Promise<void>((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve())))
        clearInterval(tick)
        yield { kind: 'Error', source, span, diagnostics: [error('exec/cancelled', 'Cancelled', span, source)] }
        return
      }
      const fail = source.text.indexOf('FAIL')
      const sel = /SELECT\s+(\d+)/i.exec(source.text)
      if (fail >= 0) yield { kind: 'Error', source, span, diagnostics: [error('test/fail', 'statement failed', { start: fail, end: fail + 4 }, source)] }
      else if (sel) yield { kind: 'ResultSets', source, span, resultSets: [{ columns: [{ name: 'n', type: { type: primitive('Int64'), nullable: false } }], rows: [[BigInt(sel[1]!)]] }] }
      else yield { kind: 'Ok', source, span, message: 'done' }
    },
    async listBackups() {
      return { columns: [], rows: [] }
    },
    async close() {},
  }
  return {
    openCluster: async () => cluster,
    createSession: async () => session,
    checkSource: async (source) => {
      const at = source.text.indexOf('BAD')
      return at >= 0 ? [error('test/bad', 'bad word', { start: at, end: at + 3 }, source)] : []
    },
  }
}
