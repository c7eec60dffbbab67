// Test harness: a real embedded database in a temp dir; statements parsed from text.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TableStatement } from '../../../src/ast/nodes.js'
import { openEmbeddedDatabase } from '../../../src/backends/cluster/embedded/database.js'
import type { EmbeddedDatabase } from '../../../src/backends/cluster/embedded/engine-api.js'
import { executeTableStatement } from '../../../src/backends/cluster/embedded/sql/execute.js'
import type { ResultSet, StatementOutcome } from '../../../src/backends/cluster/cluster-backend.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { SourceText } from '../../../src/source/source-text.js'
import { parseScript } from '../../../src/syntax/parse.js'
import type { Row, Value } from '../../../src/types/value.js'

export interface Harness {
  readonly db: EmbeddedDatabase
  /** Runs every statement of `sql`; returns the last outcome. */
  run(sql: string, parameters?: ReadonlyMap<string, Value>): Promise<StatementOutcome>
  /** Runs a SELECT and returns its result set. */
  query(sql: string): Promise<ResultSet>
  rows(sql: string): Promise<readonly Row[]>
  /** Runs `sql`, expecting a YqlError; returns it with the text the span points at. */
  fails(sql: string): Promise<{ code: string; message: string; spanText: string | undefined }>
  close(): Promise<void>
}

export async function openHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'yql-sql-'))
  const db = openEmbeddedDatabase(dir)
  const run = async (sql: string, parameters?: ReadonlyMap<string, Value>): Promise<StatementOutcome> => {
    const { script, diagnostics } = parseScript(new SourceText(sql))
    if (diagnostics.some((d) => d.severity === 'error')) throw new Error(`parse: ${diagnostics.map((d) => d.message).join('; ')}`)
    let last: StatementOutcome = { resultSets: [] }
    for (const e of script.statements) {
      last = await executeTableStatement(db, '/local', e.statement as TableStatement, { pathPrefix: '/local', ...(parameters ? { parameters } : {}) })
    }
    return last
  }
  const query = async (sql: string): Promise<ResultSet> => (await run(sql)).resultSets[0]!
  return {
    db,
    run,
    query,
    rows: async (sql) => (await query(sql)).rows,
    fails: async (sql) => {
      try {
        await run(sql)
      } catch (e) {
        if (!(e instanceof YqlError)) throw e
        const d = e.diagnostics[0]!
        return { code: d.code, message: d.message, spanText: d.span ? sql.slice(d.span.start, d.span.end) : undefined }
      }
      throw new Error(`expected failure: ${sql}`)
    },
    close: async () => {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
