// `yql-backup operation list|get|forget|cancel`, as the ydb CLI's `operation` commands.
import { Argument, Command, Option } from 'commander'
import type { OperationRecord, OperationStore } from '../../backends/cluster/cluster-backend.js'
import { YqlError } from '../../diagnostics/diagnostic.js'
import { formatTextTable } from '../output/format-result-set.js'
import { ExitCode, type CliDeps, type CliIO } from './cli-context.js'
import { withCluster } from './command-helpers.js'

/** Kinds `operation list` accepts (YDB's, plus this tool's dump and restore). */
export const OPERATION_KINDS = ['incbackup', 'restore', 'export/s3', 'import/s3', 'dump', 'tools-restore'] as const

/** Kinds whose operations cannot be cancelled (spec §2.8: YDB refuses for backup operations). */
const NOT_CANCELLABLE = new Set(['incbackup', 'restore'])

const progressText = (op: OperationRecord): string => {
  const p = op.progress
  if (!p) return ''
  const parts = []
  if (p.tablesTotal !== undefined) parts.push(`${p.tablesDone ?? 0}/${p.tablesTotal} tables`)
  if (p.rows !== undefined) parts.push(`${p.rows} rows`)
  if (p.bytes !== undefined) parts.push(`${p.bytes} bytes`)
  return parts.join(', ')
}

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A PROGRESS operation whose runner process is gone is shown as ERROR (it will never finish). */
export const effectiveStatus = (op: OperationRecord): OperationRecord =>
  op.status === 'PROGRESS' && op.pid !== undefined && op.pid !== process.pid && !alive(op.pid)
    ? { ...op, status: 'ERROR', ready: true, issues: [...(op.issues ?? []), 'the process running the operation has exited'] }
    : op

const toJson = (op: OperationRecord): Record<string, unknown> => ({
  id: op.id,
  ready: op.ready,
  status: op.status,
  kind: op.kind,
  subject: op.subject,
  createdAt: new Date(op.createdAt).toISOString(),
  ...(op.endedAt !== undefined ? { endedAt: new Date(op.endedAt).toISOString() } : {}),
  ...(op.progress ? { progress: op.progress } : {}),
  ...(op.issues?.length ? { issues: op.issues.map((message) => ({ message })) } : {}),
})

export function printOperations(ops: readonly OperationRecord[], format: string, io: CliIO): void {
  if (format === 'proto-json-base64') {
    io.stdout.write(JSON.stringify({ operations: ops.map(toJson) }) + '\n')
    return
  }
  io.stdout.write(
    formatTextTable(
      ['id', 'ready', 'status', 'kind', 'subject', 'created', 'ended', 'progress'],
      ops.map((op) => [
        op.id,
        String(op.ready),
        op.status,
        op.kind,
        op.subject,
        new Date(op.createdAt).toISOString(),
        op.endedAt !== undefined ? new Date(op.endedAt).toISOString() : '',
        progressText(op),
      ]),
    ),
  )
}

async function getOrFail(store: OperationStore, id: string): Promise<OperationRecord> {
  const op = await store.get(id)
  if (!op) throw YqlError.of('operation/not-found', `Operation not found: ${id}`)
  return effectiveStatus(op)
}

/** Cancels a running transfer: signals its runner process, or marks an orphan CANCELLED. */
async function cancel(store: OperationStore, id: string, io: CliIO): Promise<number> {
  const op = await getOrFail(store, id)
  if (NOT_CANCELLABLE.has(op.kind)) throw YqlError.of('operation/unsupported', `Cancellation is not supported for ${op.kind} operations`)
  if (op.ready) throw YqlError.of('operation/precondition-failed', `Operation ${id} has already finished (${op.status})`)
  if (op.pid !== undefined && op.pid !== process.pid && alive(op.pid)) {
    process.kill(op.pid, 'SIGINT') // the runner's Ctrl-C handler aborts the transfer and records CANCELLED
    io.stderr.write(`cancellation of ${id} requested\n`)
    return ExitCode.Ok
  }
  await store.put({ ...op, status: 'CANCELLED', ready: true, endedAt: Date.now() })
  return ExitCode.Ok
}

const formatOpt = (): Option => new Option('--format <format>', 'output format').choices(['pretty', 'proto-json-base64']).default('pretty')

export function operationCommand(io: CliIO, deps: CliDeps, done: (code: number) => void): Command {
  const operation = new Command('operation').description('list and manage long operations (BACKUP, RESTORE, transfers)')
  operation
    .command('list')
    .description('list operations of a kind')
    .addArgument(new Argument('<kind>', 'operation kind').choices(OPERATION_KINDS))
    .addOption(formatOpt())
    .action(async (kind: string, o: { format: string }, cmd: Command) => {
      done(
        await withCluster(cmd, io, deps, async (c) => {
          const ops = (await c.operations.list(kind)).map(effectiveStatus)
          printOperations([...ops].sort((a, b) => a.createdAt - b.createdAt), o.format, io)
          return ExitCode.Ok
        }),
      )
    })
  operation
    .command('get')
    .description('show one operation')
    .argument('<id>', 'operation id')
    .addOption(formatOpt())
    .action(async (id: string, o: { format: string }, cmd: Command) => {
      done(
        await withCluster(cmd, io, deps, async (c) => {
          const op = await getOrFail(c.operations, id)
          printOperations([op], o.format, io)
          if (o.format === 'pretty') for (const issue of op.issues ?? []) io.stdout.write(`issue: ${issue}\n`)
          return ExitCode.Ok
        }),
      )
    })
  operation
    .command('forget')
    .description('forget a finished operation')
    .argument('<id>', 'operation id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      done(
        await withCluster(cmd, io, deps, async (c) => {
          const op = await getOrFail(c.operations, id)
          if (!op.ready) throw YqlError.of('operation/precondition-failed', `Operation ${id} is still running; cancel it first`)
          await c.operations.forget(id)
          return ExitCode.Ok
        }),
      )
    })
  operation
    .command('cancel')
    .description('cancel a running operation')
    .argument('<id>', 'operation id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      done(await withCluster(cmd, io, deps, (c) => cancel(c.operations, id, io)))
    })
  return operation
}
