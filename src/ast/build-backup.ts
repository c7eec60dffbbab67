// CST → AST: CREATE / ALTER / DROP BACKUP COLLECTION, BACKUP, RESTORE.
import type { CstNode, IToken } from 'chevrotain'
import { NONE, req, nodeSpan, tokenSpan, type Builder, type Ctx } from './build-core.js'
import { DiagnosticCodes } from '../syntax/codes.js'
import { bytesToText, unescapeString } from '../syntax/unescape.js'
import type * as A from './nodes.js'

// ── Backup statements ──────────────────────────────────────────────────────
export function collectionRef(b: Builder, n: CstNode): A.ObjectRef {
  return b.objectRef(req(((n.children as Ctx)['objectRef']?.[0] as CstNode | undefined)))
}

export function collectionSetting(b: Builder, n: CstNode): A.CollectionSetting {
  const c = n.children as Ctx
  const key = b.name(req((c['key']?.[0] as IToken | undefined)))
  b.quietStrings = true
  const expr = b.expr(req((c['value']?.[0] as CstNode | undefined)))
  b.quietStrings = false
  const value: A.Expr | A.Name = expr.kind === 'ColumnRef' && !expr.table ? expr.column : expr
  return { kind: 'CollectionSetting', key, value, span: nodeSpan(n) }
}

export function createBackupCollectionStmt(b: Builder, n: CstNode): A.CreateBackupCollectionStmt {
  const c = n.children as Ctx
  const entriesNode = (c['collectionEntries']?.[0] as CstNode | undefined)
  let entries: A.CollectionEntries | undefined
  if (entriesNode) {
    const e = entriesNode.children as Ctx
    entries = (e['DATABASE']?.[0] as IToken | undefined)
      ? { kind: 'DatabaseEntry', span: nodeSpan(entriesNode) }
      : { kind: 'TableEntries', tables: ((e['table'] ?? NONE) as IToken[]).map((t) => b.name(t)), span: nodeSpan(entriesNode) }
  }
  const name = collectionRef(b, req((c['backupCollection']?.[0] as CstNode | undefined)))
  const settings = ((c['collectionSetting'] ?? NONE) as CstNode[]).map((s) => collectionSetting(b, s))
  return entries
    ? { kind: 'CreateBackupCollection', name, entries, settings, span: nodeSpan(n) }
    : { kind: 'CreateBackupCollection', name, settings, span: nodeSpan(n) }
}

export function alterBackupCollectionStmt(b: Builder, n: CstNode): A.AlterBackupCollectionStmt {
  const c = n.children as Ctx
  const actions: A.AlterBackupCollectionAction[] = ((c['alterCollectionAction'] ?? NONE) as CstNode[]).map((a) => {
    const ac = a.children as Ctx
    const keys = (ac['keys']?.[0] as CstNode | undefined)
    return keys
      ? { kind: 'ResetSettings', keys: b.nameList(keys), span: nodeSpan(a) }
      : { kind: 'SetSettings', settings: ((ac['collectionSetting'] ?? NONE) as CstNode[]).map((s) => collectionSetting(b, s)), span: nodeSpan(a) }
  })
  const entries: A.AlterBackupCollectionEntry[] = ((c['alterCollectionEntry'] ?? NONE) as CstNode[]).map((e) => {
    const ec = e.children as Ctx
    const add = (ec['ADD']?.[0] as IToken | undefined) !== undefined
    const table = (ec['table']?.[0] as IToken | undefined)
    const span = nodeSpan(e)
    if (!table) return { kind: add ? 'AddDatabase' : 'DropDatabase', span }
    return { kind: add ? 'AddTable' : 'DropTable', table: b.name(table), span }
  })
  return { kind: 'AlterBackupCollection', name: collectionRef(b, req((c['backupCollection']?.[0] as CstNode | undefined))), actions, entries, span: nodeSpan(n) }
}

export function dropBackupCollectionStmt(b: Builder, n: CstNode): A.DropBackupCollectionStmt {
  return { kind: 'DropBackupCollection', name: collectionRef(b, req(((n.children as Ctx)['backupCollection']?.[0] as CstNode | undefined))), span: nodeSpan(n) }
}

export function backupStmt(b: Builder, n: CstNode): A.BackupStmt {
  const c = n.children as Ctx
  return { kind: 'Backup', collection: b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined))), incremental: (c['INCREMENTAL']?.[0] as IToken | undefined) !== undefined, span: nodeSpan(n) }
}

export function restoreStmt(b: Builder, n: CstNode): A.RestoreStmt {
  const c = n.children as Ctx
  const collection = b.objectRef(req((c['objectRef']?.[0] as CstNode | undefined)))
  const at = (c['at']?.[0] as IToken | undefined)
  if (!at) return { kind: 'Restore', collection, span: nodeSpan(n) }
  const r = unescapeString(at.image)
  if (!r.ok) b.report(DiagnosticCodes.BadLiteral, `cannot unescape string literal: ${r.message}`, tokenSpan(at))
  const value = r.ok ? bytesToText(r.bytes) : at.image
  return { kind: 'Restore', collection, at: { value, span: tokenSpan(at) }, span: nodeSpan(n) }
}
