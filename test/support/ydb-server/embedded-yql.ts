// The test server's YQL engine: our parser (src/syntax/parse.ts) plus the
// embedded cluster's executeStatement, so ExecuteDataQuery/ExecuteSchemeQuery
// run real YQL semantics. DECLARE and USE are accepted and ignored (the
// parameters arrive typed), PRAGMA TablePathPrefix is honoured, backup
// statements are refused (YDB's SchemeShard is not modelled here).
import { isBackupStatement, type TableStatement } from '../../../src/ast/nodes.js'
import type { ClusterBackend, ResultSet } from '../../../src/backends/cluster/cluster-backend.js'
import { YqlError, hasErrors } from '../../../src/diagnostics/diagnostic.js'
import { SourceText } from '../../../src/source/source-text.js'
import { parseScript } from '../../../src/syntax/parse.js'
import { BackendErrorCode } from '../../../src/backends/cluster/cluster-backend.js'
import type { YqlRunner } from './ydb-test-server.js'
import { Session } from '../../../src/exec/session.js'

export function embeddedYqlRunner(cluster: Pick<ClusterBackend, 'database' | 'executeStatement'>): YqlRunner {
  return async (text, params, types) => {
    const { script, diagnostics } = parseScript(new SourceText(text, 'query'))
    if (hasErrors(diagnostics)) throw new YqlError(diagnostics.map((d) => ({ ...d, code: BackendErrorCode.BadRequest })))
    let prefix = cluster.database
    const resultSets: ResultSet[] = []
    let rowsAffected: number | undefined
    for (const { statement: s } of script.statements) {
      if (s.kind === 'Declare' || s.kind === 'Use') continue
      if (s.kind === 'Pragma') {
        const v = s.values[0]
        if (s.name.text.toLowerCase() === 'tablepathprefix' && v?.kind === 'Literal' && v.type === 'String') prefix = Buffer.from(v.value).toString()
        continue
      }
      if (isBackupStatement(s)) throw YqlError.of(BackendErrorCode.BadRequest, 'Backup statements are not served by this test server')
      const out = await cluster.executeStatement(s as TableStatement, { parameters: params, parameterTypes: types, pathPrefix: prefix })
      resultSets.push(...out.resultSets)
      if (out.rowsAffected !== undefined) rowsAffected = (rowsAffected ?? 0) + out.rowsAffected
    }
    return { resultSets, ...(rowsAffected !== undefined ? { rowsAffected } : {}) }
  }
}

/**
 * embeddedYqlRunner, plus backup statements carried out by a Session on the
 * backing cluster: it stands in for YDB's SchemeShard (CREATE/DROP BACKUP
 * COLLECTION, BACKUP, RESTORE, each BACKUP/RESTORE recorded as an `incbackup`
 * / `restore` operation that the Operation service then lists).
 */
export function embeddedSchemeShardRunner(cluster: ClusterBackend, now?: () => Date): YqlRunner {
  const tables = embeddedYqlRunner(cluster)
  return async (text, params, types) => {
    const { script } = parseScript(new SourceText(text, 'query'))
    if (!script.statements.some((e) => isBackupStatement(e.statement))) return tables(text, params, types)
    const session = new Session({ cluster, ...(now ? { now } : {}) })
    for await (const r of session.run(new SourceText(text, 'query'))) {
      if (r.kind === 'Error') throw new YqlError(r.diagnostics.map((d) => ({ ...d })))
    }
    return { resultSets: [] }
  }
}
