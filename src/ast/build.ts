// CST → AST: turns the Chevrotain CST of one statement (grammar/yql.ts) into the
// typed nodes of ./nodes.ts. No checks beyond decoding literals; those live in
// validate.ts. Names, types and expressions are built in build-core.ts, each
// statement family in its own file; this one dispatches and builds the session
// statements (USE, PRAGMA, DECLARE).
import type { CstNode, IToken } from 'chevrotain'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import { alterBackupCollectionStmt, backupStmt, createBackupCollectionStmt, dropBackupCollectionStmt, restoreStmt } from './build-backup.js'
import { between, Builder, firstChild, nodeSpan, NONE, req, type Ctx } from './build-core.js'
import { selectStmt } from './build-select.js'
import { alterTableStmt, createTableStmt, dropTableStmt } from './build-table.js'
import { deleteStmt, intoTableStmt, updateStmt } from './build-write.js'
import type * as A from './nodes.js'

export { tokenSpan } from './build-core.js'

/** Builds the AST of one `sqlStmt` CST; decoding problems go to `diagnostics`. */
export function buildStatement(cst: CstNode, source: SourceText, diagnostics: Diagnostic[]): A.StatementEntry {
  return sqlStmt(new Builder(source, diagnostics), cst)
}

function sqlStmt(b: Builder, n: CstNode): A.StatementEntry {
  const c = n.children as Ctx
  const core = req((c['sqlStmtCore']?.[0] as CstNode | undefined))
  const child = firstChild(core) as CstNode
  const statement = STATEMENTS[child.name]!(b, child)
  return { statement, explain: (c['EXPLAIN']?.[0] as IToken | undefined) !== undefined, span: nodeSpan(n) }
}

// ── Session statements ─────────────────────────────────────────────────────
function useStmt(b: Builder, n: CstNode): A.UseStmt {
  return { kind: 'Use', cluster: b.name(req(((n.children as Ctx)['cluster']?.[0] as IToken | undefined))), span: nodeSpan(n) }
}

function pragmaStmt(b: Builder, n: CstNode): A.PragmaStmt {
  const c = n.children as Ctx
  const parts = ((c['name'] ?? NONE) as IToken[]).map((t) => b.name(t))
  const first = parts[0]!
  const name: A.Name = parts.length === 1 ? first : { kind: 'Name', text: parts.map((p) => p.text).join('.'), quoted: 'none', span: between(first.span, parts[parts.length - 1]!.span) }
  return { kind: 'Pragma', name, values: ((c['value'] ?? NONE) as CstNode[]).map((e) => b.expr(e)), span: nodeSpan(n) }
}

function declareStmt(b: Builder, n: CstNode): A.DeclareStmt {
  const c = n.children as Ctx
  return { kind: 'Declare', name: req((c['PARAM']?.[0] as IToken | undefined)).image, type: b.typeRef(req((c['typeRef']?.[0] as CstNode | undefined))), span: nodeSpan(n) }
}

// The statement dispatch, by CST rule name.
type StatementBuilder = (b: Builder, n: CstNode) => A.Statement
const STATEMENTS: Readonly<Record<string, StatementBuilder>> = {
  createBackupCollectionStmt,
  alterBackupCollectionStmt,
  dropBackupCollectionStmt,
  backupStmt,
  restoreStmt,
  createTableStmt,
  alterTableStmt,
  dropTableStmt,
  intoTableStmt,
  updateStmt,
  deleteStmt,
  selectStmt,
  useStmt,
  pragmaStmt,
  declareStmt,
}
