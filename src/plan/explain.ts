// Prints a plan one line per step: what EXPLAIN and `--explain` show, and what
// the golden files under fixtures/plan/ hold.
import { storagePrefix, type Plan, type Step } from './plan.js'

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '(none)')

/** Storage URLs may carry credentials in their query: never print them. */
export const redactUrl = (url: string): string =>
  url.replace(/([?&](?:access[_-]?key|secret[_-]?key|secret|aws_access_key_id|aws_secret_access_key|session[_-]?token|token|password)=)[^&]*/gi, '$1***')

/** One line describing a step (no index). */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'CreateCollection': {
      const sp = s.spec
      return `CreateCollection ${s.collection} tables=[${list(sp.tables)}] storage=${redactUrl(sp.storage)} incremental=${sp.incrementalBackupEnabled} omit_indexes=${sp.omitIndexes}`
    }
    case 'AlterCollection':
      return `AlterCollection ${s.collection} ${list(s.changes)} -> tables=[${list(s.spec.tables)}] incremental=${s.spec.incrementalBackupEnabled} omit_indexes=${s.spec.omitIndexes}`
    case 'DropCollection':
      return `DropCollection ${s.collection} (all backups, change capture stopped; source tables stay)`
    case 'StopChangeCapture':
      return `StopChangeCapture ${list(s.tables)}`
    case 'CheckTablesExist':
      return `CheckTablesExist ${list(s.tables)}`
    case 'CheckTargetsAbsent':
      return `CheckTargetsAbsent ${list(s.tables)}`
    case 'FullBackup':
      return (
        `FullBackup ${s.backup} consistent copy ${s.items.map((i) => `${i.src} -> ${i.dst}`).join(', ')}` +
        (s.omitIndexes ? ' omit_indexes' : '') +
        (s.changeCapture ? ` change_capture=${s.changeCapture}` : '')
      )
    case 'IncrementalBackup':
      return `IncrementalBackup ${s.backup} changes ${s.items.map((i) => `${i.src} -> ${i.dst}`).join(', ')} next_stream=${s.nextStream}`
    case 'ExportBackup':
      return `ExportBackup ${s.backup} -> ${redactUrl(s.storage)} ${storagePrefix(s.collection, s.backup)}/`
    case 'ImportBackup':
      return `ImportBackup ${s.backup} <- ${redactUrl(s.storage)} ${storagePrefix(s.collection, s.backup)}/`
    case 'Restore':
      return `Restore chain ${s.chain.join(' + ')}: ${s.items
        .map((i) => `${i.target} <- ${i.full}${i.incrementals.length ? ` + ${i.incrementals.length} incremental(s)` : ''}`)
        .join(', ')}`
  }
}

/** The whole plan as text: a header line, then `  N. step` lines. */
export function explainPlan(plan: Plan): string {
  const head = plan.operation ? `${plan.statement.kind} (operation ${plan.operation.kind} on ${plan.operation.subject})` : plan.statement.kind
  return [head, ...plan.steps.map((s, i) => `  ${i + 1}. ${describeStep(s)}`)].join('\n') + '\n'
}
