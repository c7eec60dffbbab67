// Entry point of the SQL layer: runs one table statement on the embedded
// database, atomically: SELECT in one read snapshot, everything else in one
// write transaction (a thrown error rolls the statement back).
import type { TableStatement } from '../../../../ast/nodes.js'
import type { StatementContext, StatementOutcome } from '../../cluster-backend.js'
import type { EmbeddedDatabase } from '../engine-api.js'
import { executeAlterTable, executeCreateTable, executeDropTable } from './ddl.js'
import { executeDelete, executeUpdate, executeWrite } from './dml.js'
import { parameterScope } from './compile-expr.js'
import { SqlErrorCode, sqlError } from './errors.js'
import { executeSelect, type QueryEnv } from './select.js'

const nowMicros = (): bigint => BigInt(Date.now()) * 1000n

/**
 * Executes a table statement. Relative table names are joined to
 * `ctx.pathPrefix`; `database` is the database root (absolute names may use it).
 */
export async function executeTableStatement(
  db: EmbeddedDatabase,
  database: string,
  stmt: TableStatement,
  ctx: StatementContext,
): Promise<StatementOutcome> {
  if (ctx.signal?.aborted) throw sqlError(SqlErrorCode.Cancelled, 'Statement cancelled')
  const q: QueryEnv = {
    pathPrefix: ctx.pathPrefix || database,
    now: nowMicros(),
    ...parameterScope(ctx),
  }
  switch (stmt.kind) {
    case 'Select':
      return db.read((tx) => ({ resultSets: [executeSelect(tx, stmt, q)] }))
    case 'CreateTable':
      return db.write((tx) => executeCreateTable(tx, stmt, q))
    case 'DropTable':
      return db.write((tx) => executeDropTable(tx, stmt, q))
    case 'AlterTable':
      return db.write((tx) => executeAlterTable(tx, stmt, q))
    case 'Write':
      return db.write((tx) => executeWrite(tx, stmt, q))
    case 'Update':
      return db.write((tx) => executeUpdate(tx, stmt, q))
    case 'Delete':
      return db.write((tx) => executeDelete(tx, stmt, q))
  }
}
