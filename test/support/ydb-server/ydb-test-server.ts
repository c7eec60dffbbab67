// A YDB-protocol test server: grpc-js serving YDB's Discovery, Auth, Scheme,
// Table and Operation services with @ydbjs/api's own service definitions and
// messages, backed by a database object with the ClusterBackend's methods
// (the embedded cluster; see test/backends/ydb/harness.ts). The real ydb-sdk client connects
// to it as to a YDB node on 127.0.0.1.
//
// What it checks like YDB does: the `x-ydb-database` header, the auth ticket
// (when auth is configured), table session ids (BAD_SESSION otherwise).
// What it does not do: partitioning, transactions spanning calls (every data
// query is its own committed transaction), query plans, TLS.
import { once } from 'node:events'
import * as grpc from '@grpc/grpc-js'
import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf'
import { AuthServiceDefinition, LoginResultSchema } from '@ydbjs/api/auth'
import { ExportServiceDefinition, type ExportToS3Request } from '@ydbjs/api/export'
import { ImportServiceDefinition, type ImportFromS3Request } from '@ydbjs/api/import'
import { DiscoveryServiceDefinition, ListEndpointsResultSchema, WhoAmIResultSchema } from '@ydbjs/api/discovery'
import { OperationServiceDefinition, StatusIds_StatusCode, type Operation } from '@ydbjs/api/operation'
import { DescribePathResultSchema, Entry_Type, EntrySchema, ListDirectoryResultSchema, SchemeServiceDefinition } from '@ydbjs/api/scheme'
import {
  BulkUpsertResultSchema,
  CreateSessionResultSchema,
  DescribeTableResultSchema,
  ExecuteQueryResultSchema,
  KeepAliveResult_SessionStatus,
  KeepAliveResultSchema,
  TableServiceDefinition,
  type BulkUpsertRequest,
  type CopyTablesRequest,
  type CreateTableRequest,
  type ExecuteDataQueryRequest,
  type ReadTableRequest,
} from '@ydbjs/api/table'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { BackendErrorCode, type ClusterBackend, type OperationRecord, type PathEntry, type ResultSet } from '../../../src/backends/cluster/cluster-backend.js'
import type { Value } from '../../../src/types/value.js'
import type { ColumnType } from '../../../src/types/ydb-type.js'
import { createRequestToSchema, schemaToDescribeResult } from './wire-schema.js'
import { typeFromWire, typeToWire, valueFromWire, valueToWire } from './wire-values.js'

/** What the server needs from the database behind it: a subset of ClusterBackend. */
export type ServerBacking = Pick<
  ClusterBackend,
  | 'database' | 'operations' | 'describePath' | 'listDirectory' | 'describeTable' | 'makeDirectory' | 'removeDirectory'
  | 'createTable' | 'dropTable' | 'bulkUpsert' | 'snapshot' | 'consistentCopy'
>

/** Runs YQL text for ExecuteDataQuery / ExecuteSchemeQuery; absent → UNSUPPORTED. */
export type YqlRunner = (
  text: string,
  params: ReadonlyMap<string, Value>,
  paramTypes: ReadonlyMap<string, ColumnType>,
) => Promise<{ resultSets: readonly ResultSet[]; rowsAffected?: number }>

export interface YdbTestServerOptions {
  readonly backing: ServerBacking
  readonly yql?: YqlRunner
  /** Require a ticket: a fixed token and/or static users (AuthService.Login). */
  readonly auth?: { readonly tokens?: readonly string[]; readonly users?: Readonly<Record<string, string>> }
  readonly port?: number
}

/** A running server. `calls` lists every RPC served, as `Service/Method`. */
export interface YdbTestServer {
  readonly endpoint: string
  readonly database: string
  readonly port: number
  readonly calls: string[]
  /** Export/import requests received, as decoded messages (the server moves no data). */
  readonly transfers: (ExportToS3Request | ImportFromS3Request)[]
  /** Metadata of the last call, for header assertions. */
  readonly lastMetadata: () => grpc.Metadata | undefined
  /** Makes the next `times` calls of `Service/Method` answer with `status` (a YDB status name). */
  failNext(method: string, status: keyof typeof StatusIds_StatusCode, times?: number): void
  stop(): Promise<void>
}

const S = StatusIds_StatusCode

type Issue = { message: string; severity: number }
/** Thrown by a backing or YQL runner to answer with a specific YDB status. */
export class StatusError extends Error {
  constructor(readonly status: StatusIds_StatusCode, message: string) {
    super(message)
  }
}

const statusOf = (e: unknown): StatusError => {
  if (e instanceof StatusError) return e
  if (e instanceof YqlError) {
    const code = e.diagnostics[0]?.code
    const map: Record<string, StatusIds_StatusCode> = {
      [BackendErrorCode.PathNotFound]: S.SCHEME_ERROR,
      [BackendErrorCode.PathExists]: S.ALREADY_EXISTS,
      [BackendErrorCode.WrongPathType]: S.SCHEME_ERROR,
      [BackendErrorCode.SchemeError]: S.SCHEME_ERROR,
      [BackendErrorCode.PreconditionFailed]: S.PRECONDITION_FAILED,
      [BackendErrorCode.ConstraintViolation]: S.PRECONDITION_FAILED,
      [BackendErrorCode.BadRequest]: S.BAD_REQUEST,
      [BackendErrorCode.Busy]: S.OVERLOADED,
      [BackendErrorCode.Cancelled]: S.CANCELLED,
      // the embedded SQL layer's codes, as YDB answers the same failures
      'exec/duplicate-key': S.PRECONDITION_FAILED,
      'exec/not-null-violation': S.BAD_REQUEST,
      'exec/integer-overflow': S.PRECONDITION_FAILED,
      'exec/unsupported': S.UNSUPPORTED,
    }
    return new StatusError(map[code ?? ''] ?? S.GENERIC_ERROR, e.message)
  }
  return new StatusError(S.INTERNAL_ERROR, e instanceof Error ? e.message : String(e))
}

const issues = (message: string): Issue[] => [{ message, severity: 1 }]

function okOp<D extends DescMessage>(schema?: D, msg?: MessageInitShape<D>): { operation: MessageInitShape<typeof import('@ydbjs/api/operation').OperationSchema> } {
  return {
    operation: {
      id: '',
      ready: true,
      status: S.SUCCESS,
      ...(schema ? { result: { typeUrl: `type.googleapis.com/${schema.typeName}`, value: toBinary(schema, create(schema, msg)) } } : {}),
    },
  }
}

const failOp = (e: unknown) => {
  const s = statusOf(e)
  return { operation: { id: '', ready: true, status: s.status, issues: issues(s.message) } }
}

/** grpc-js wants Buffers from serializers and no extra keys on the definition. */
function grpcDefinition(def: object): grpc.ServiceDefinition {
  const out: Record<string, unknown> = {}
  for (const [k, m] of Object.entries(def)) {
    if (k === 'name' || k === 'fullName') continue
    const md = m as { requestSerialize: (x: unknown) => Uint8Array; responseSerialize: (x: unknown) => Uint8Array }
    out[k] = {
      ...md,
      originalName: k,
      requestSerialize: (x: unknown) => Buffer.from(md.requestSerialize(x)),
      responseSerialize: (x: unknown) => Buffer.from(md.responseSerialize(x)),
    }
  }
  return out as grpc.ServiceDefinition
}

const opRecordToWire = (r: OperationRecord): MessageInitShape<typeof import('@ydbjs/api/operation').OperationSchema> => ({
  id: r.id,
  ready: r.ready,
  status: !r.ready || r.status === 'SUCCESS' ? S.SUCCESS : r.status === 'CANCELLED' ? S.CANCELLED : S.GENERIC_ERROR,
  issues: (r.issues ?? []).map((m) => ({ message: m, severity: 1 })),
})

export async function startYdbTestServer(opts: YdbTestServerOptions): Promise<YdbTestServer> {
  const { backing } = opts
  const db = backing.database
  const calls: string[] = []
  const sessions = new Set<string>()
  const tickets = new Set<string>(opts.auth?.tokens ?? [])
  let lastMd: grpc.Metadata | undefined
  let seq = 0
  let port = 0

  const norm = (p: string): string => {
    const s = p.replace(/\/+/g, '/').replace(/\/$/, '')
    return s === '' ? '/' : s
  }

  /** Common checks: auth ticket and database header. Throws a StatusError. */
  const faults = new Map<string, { status: StatusIds_StatusCode; times: number }>()
  const check = (svc: string, method: string, md: grpc.Metadata): void => {
    calls.push(`${svc}/${method}`)
    lastMd = md
    const f = faults.get(`${svc}/${method}`)
    if (f && f.times > 0) {
      f.times--
      throw new StatusError(f.status, `Injected ${StatusIds_StatusCode[f.status]} for ${svc}/${method}`)
    }
    const dbHeader = md.get('x-ydb-database')[0]
    if (svc !== 'Auth' && dbHeader !== undefined && String(dbHeader) !== db) {
      throw new StatusError(S.BAD_REQUEST, `Unknown database ${String(dbHeader)}`)
    }
    if (opts.auth && svc !== 'Auth') {
      const t = md.get('x-ydb-auth-ticket')[0]
      if (t === undefined || !tickets.has(String(t))) throw new StatusError(S.UNAUTHORIZED, 'Unknown or missing auth ticket')
    }
  }

  const session = (id: string): void => {
    if (!sessions.has(id)) throw new StatusError(S.BAD_SESSION, `Session not found: ${id}`)
  }

  // One unary handler returning an Operation response.
  const unary = <Req>(svc: string, method: string, fn: (req: Req, md: grpc.Metadata) => Promise<object>) =>
    (call: grpc.ServerUnaryCall<Req, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      Promise.resolve()
        .then(() => check(svc, method, call.metadata))
        .then(() => fn(call.request, call.metadata))
        .then((r) => cb(null, r))
        .catch((e: unknown) => {
          if (e instanceof StatusError && e.status === S.UNAUTHORIZED) {
            cb({ code: grpc.status.UNAUTHENTICATED, details: e.message })
            return
          }
          cb(null, failOp(e))
        })
    }

  const entryOf = (e: PathEntry) =>
    create(EntrySchema, {
      name: e.name,
      owner: e.owner ?? 'root@builtin',
      type: e.type === 'table' ? Entry_Type.TABLE : e.type === 'backupCollection' ? (22 as Entry_Type) : e.path === db ? Entry_Type.DATABASE : Entry_Type.DIRECTORY,
    })

  const server = new grpc.Server()

  server.addService(grpcDefinition(DiscoveryServiceDefinition), {
    listEndpoints: unary('Discovery', 'ListEndpoints', async () =>
      okOp(ListEndpointsResultSchema, {
        endpoints: [{ address: '127.0.0.1', port, loadFactor: 0, ssl: false, nodeId: 1, location: 'local', service: ['table_service', 'scheme_service', 'discovery'] }],
        selfLocation: 'local',
      })),
    whoAmI: unary('Discovery', 'WhoAmI', async (_r, md) => {
      const t = md.get('x-ydb-auth-ticket')[0]
      return okOp(WhoAmIResultSchema, { user: t ? `ticket:${String(t).slice(0, 8)}` : 'anonymous' })
    }),
  })

  server.addService(grpcDefinition(AuthServiceDefinition), {
    login: unary('Auth', 'Login', async (req: { user: string; password: string }) => {
      const users = opts.auth?.users ?? {}
      if (!(req.user in users) || users[req.user] !== req.password) throw new StatusError(S.UNAUTHORIZED, 'Invalid password')
      // A JWT-shaped token: ydb-sdk reads `exp` from its payload.
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
      const token = `${b64({ alg: 'none' })}.${b64({ sub: req.user, exp: Math.floor(Date.now() / 1000) + 3600, iat: Math.floor(Date.now() / 1000), aud: [db] })}.sig${++seq}`
      tickets.add(token)
      return okOp(LoginResultSchema, { token })
    }),
  })

  server.addService(grpcDefinition(SchemeServiceDefinition), {
    listDirectory: unary('Scheme', 'ListDirectory', async (req: { path: string }) => {
      const p = norm(req.path)
      const self = await backing.describePath(p)
      if (!self) throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
      const children = self.type === 'table' ? [] : await backing.listDirectory(p)
      return okOp(ListDirectoryResultSchema, { self: entryOf(self), children: children.map(entryOf) })
    }),
    describePath: unary('Scheme', 'DescribePath', async (req: { path: string }) => {
      const p = norm(req.path)
      const self = await backing.describePath(p)
      if (!self) throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
      return okOp(DescribePathResultSchema, { self: entryOf(self) })
    }),
    makeDirectory: unary('Scheme', 'MakeDirectory', async (req: { path: string }) => {
      await backing.makeDirectory(norm(req.path))
      return okOp()
    }),
    removeDirectory: unary('Scheme', 'RemoveDirectory', async (req: { path: string }) => {
      const p = norm(req.path)
      const e = await backing.describePath(p)
      if (!e) throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
      if (e.type !== 'directory') throw new StatusError(S.SCHEME_ERROR, `Path is not a directory: ${p}`)
      await backing.removeDirectory(p, { recursive: false })
      return okOp()
    }),
  })

  const runYql = async (text: string, params: ReadonlyMap<string, Value>, types: ReadonlyMap<string, ColumnType>) => {
    if (!opts.yql) throw new StatusError(S.UNSUPPORTED, 'This test server runs no YQL (no query engine configured)')
    return opts.yql(text, params, types)
  }

  server.addService(grpcDefinition(TableServiceDefinition), {
    createSession: unary('Table', 'CreateSession', async () => {
      const id = `ydb://session/3?node_id=1&id=test-${++seq}`
      sessions.add(id)
      return okOp(CreateSessionResultSchema, { sessionId: id })
    }),
    keepAlive: unary('Table', 'KeepAlive', async (req: { sessionId: string }) => {
      session(req.sessionId)
      return okOp(KeepAliveResultSchema, { sessionStatus: KeepAliveResult_SessionStatus.READY })
    }),
    deleteSession: unary('Table', 'DeleteSession', async (req: { sessionId: string }) => {
      sessions.delete(req.sessionId)
      return okOp()
    }),
    createTable: unary('Table', 'CreateTable', async (req: CreateTableRequest) => {
      session(req.sessionId)
      await backing.createTable(norm(req.path), createRequestToSchema(req))
      return okOp()
    }),
    dropTable: unary('Table', 'DropTable', async (req: { sessionId: string; path: string }) => {
      session(req.sessionId)
      const p = norm(req.path)
      const e = await backing.describePath(p)
      if (e?.type !== 'table') throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
      await backing.dropTable(p)
      return okOp()
    }),
    describeTable: unary('Table', 'DescribeTable', async (req: { sessionId: string; path: string }) => {
      session(req.sessionId)
      const p = norm(req.path)
      const s = await backing.describeTable(p)
      if (!s) throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
      return okOp(DescribeTableResultSchema, schemaToDescribeResult(p.split('/').pop() ?? '', s))
    }),
    copyTables: unary('Table', 'CopyTables', async (req: CopyTablesRequest) => {
      session(req.sessionId)
      const omit = req.tables.some((t) => t.omitIndexes)
      await backing.consistentCopy(req.tables.map((t) => ({ src: norm(t.sourcePath), dst: norm(t.destinationPath) })), { omitIndexes: omit })
      return okOp()
    }),
    bulkUpsert: unary('Table', 'BulkUpsert', async (req: BulkUpsertRequest) => {
      const p = norm(req.table)
      const schema = await backing.describeTable(p)
      if (!schema) throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
      const t = req.rows?.type
      if (t?.type.case !== 'listType' || t.type.value.item?.type.case !== 'structType') throw new StatusError(S.BAD_REQUEST, 'BulkUpsert rows must be List<Struct>')
      const members = t.type.value.item.type.value.members
      const idx = members.map((m) => {
        const i = schema.columns.findIndex((c) => c.name === m.name)
        if (i < 0) throw new StatusError(S.SCHEME_ERROR, `Unknown column: ${m.name}`)
        return i
      })
      const types = members.map((m) => typeFromWire(m.type))
      const rows = (req.rows?.value?.items ?? []).map((item) => {
        const row: Value[] = schema.columns.map(() => null)
        item.items.forEach((v, j) => {
          row[idx[j]!] = valueFromWire(v, types[j]!)
        })
        return row
      })
      await backing.bulkUpsert(p, rows)
      return okOp(BulkUpsertResultSchema, {})
    }),
    executeSchemeQuery: unary('Table', 'ExecuteSchemeQuery', async (req: { sessionId: string; yqlText: string }) => {
      session(req.sessionId)
      await runYql(req.yqlText, new Map(), new Map())
      return okOp()
    }),
    executeDataQuery: unary('Table', 'ExecuteDataQuery', async (req: ExecuteDataQueryRequest) => {
      session(req.sessionId)
      if (req.query?.query.case !== 'yqlText') throw new StatusError(S.BAD_REQUEST, 'Only YQL text queries are supported')
      const params = new Map<string, Value>()
      const types = new Map<string, ColumnType>()
      for (const [k, tv] of Object.entries(req.parameters)) {
        const ct = typeFromWire(tv.type)
        types.set(k, ct)
        params.set(k, valueFromWire(tv.value, ct))
      }
      const out = await runYql(req.query.query.value, params, types)
      return okOp(ExecuteQueryResultSchema, {
        resultSets: out.resultSets.map((rs) => {
          const cts: (ColumnType | null)[] = rs.columns.map((c) => c.type)
          return {
            columns: rs.columns.map((c, i) => ({ name: c.name, type: cts[i] ? typeToWire(cts[i]!) : { type: { case: 'nullType' as const, value: 0 } } })),
            rows: rs.rows.map((r) => ({ items: r.map((v, i) => (cts[i] ? valueToWire(v, cts[i]!) : valueToWire(null, { type: { kind: 'Primitive', name: 'Utf8' }, nullable: true }))) })),
          }
        }),
        txMeta: { id: '' },
        ...(out.rowsAffected !== undefined
          ? { queryStats: { queryPhases: [{ tableAccess: [{ name: '', updates: { rows: BigInt(out.rowsAffected) } }] }] } }
          : {}),
      })
    }),
    streamReadTable: (call: grpc.ServerWritableStream<ReadTableRequest, unknown>) => {
      void (async () => {
        try {
          check('Table', 'StreamReadTable', call.metadata)
          session(call.request.sessionId)
          const p = norm(call.request.path)
          const snap = await backing.snapshot()
          try {
            const schema = snap.describeTable(p)
            if (!schema) throw new StatusError(S.SCHEME_ERROR, `Path does not exist: ${p}`)
            const cts = schema.columns.map((c) => ({ type: c.type, nullable: !c.notNull }))
            const columns = schema.columns.map((c, i) => ({ name: c.name, type: typeToWire(cts[i]!) }))
            let n = 0
            const limit = Number(call.request.rowLimit) || Infinity
            for await (const batch of snap.readTable(p, { batchRows: Number(call.request.batchLimitRows) || 1000 })) {
              if (call.cancelled) return
              const rows = batch.slice(0, Math.max(0, limit - n))
              n += rows.length
              const msg = { status: S.SUCCESS, result: { resultSet: { columns, rows: rows.map((r) => ({ items: r.map((v, i) => valueToWire(v, cts[i]!)) })) } } }
              if (!call.write(msg)) await once(call, 'drain')
              if (n >= limit) break
            }
          } finally {
            snap.release()
          }
          call.end()
        } catch (e) {
          const s = statusOf(e)
          if (s.status === S.UNAUTHORIZED) {
            call.destroy(Object.assign(new Error(s.message), { code: grpc.status.UNAUTHENTICATED }))
            return
          }
          call.write({ status: s.status, issues: issues(s.message) })
          call.end()
        }
      })()
    },
  })

  // Export/Import start an operation and leave it in PROGRESS: the protocol
  // (what is sent, what id comes back, how progress is read) is what is tested.
  const transfers: (ExportToS3Request | ImportFromS3Request)[] = []
  const startTransfer = (kind: 'export' | 'import', req: ExportToS3Request | ImportFromS3Request) => {
    transfers.push(req)
    const id = `ydb://${kind}/${kind === 'export' ? 6 : 7}?id=${++seq}&kind=s3`
    const subject = req.settings?.items.map((i) => ('sourcePath' in i ? i.sourcePath : i.destinationPath)).join(',') ?? ''
    return backing.operations.put({ id, kind: `${kind}/s3`, status: 'PROGRESS', ready: false, createdAt: Date.now(), subject }).then(() => ({
      operation: { id, ready: false, status: S.SUCCESS },
    }))
  }
  server.addService(grpcDefinition(ExportServiceDefinition), {
    exportToS3: unary('Export', 'ExportToS3', (req: ExportToS3Request) => startTransfer('export', req)),
  })
  server.addService(grpcDefinition(ImportServiceDefinition), {
    importFromS3: unary('Import', 'ImportFromS3', (req: ImportFromS3Request) => startTransfer('import', req)),
  })

  server.addService(grpcDefinition(OperationServiceDefinition), {
    getOperation: unary('Operation', 'GetOperation', async (req: { id: string }) => {
      const r = await backing.operations.get(req.id)
      if (!r) return { operation: { id: req.id, ready: true, status: S.NOT_FOUND, issues: issues(`Operation not found: ${req.id}`) } }
      return { operation: opRecordToWire(r) }
    }),
    listOperations: (call: grpc.ServerUnaryCall<{ kind: string; pageSize: bigint; pageToken: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      try {
        check('Operation', 'ListOperations', call.metadata)
      } catch (e) {
        cb({ code: grpc.status.UNAUTHENTICATED, details: (e as Error).message })
        return
      }
      const { kind, pageSize, pageToken } = call.request
      backing.operations
        .list(kind)
        .then((all) => {
          const from = Number(pageToken || 0)
          const size = Number(pageSize) || 100
          const page = all.slice(from, from + size)
          const next = from + size < all.length ? String(from + size) : ''
          cb(null, { status: S.SUCCESS, operations: page.map(opRecordToWire) as Operation[], nextPageToken: next })
        })
        .catch((e: unknown) => cb(null, { status: statusOf(e).status, issues: issues(statusOf(e).message) }))
    },
    forgetOperation: (call: grpc.ServerUnaryCall<{ id: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      try {
        check('Operation', 'ForgetOperation', call.metadata)
      } catch (e) {
        cb({ code: grpc.status.UNAUTHENTICATED, details: (e as Error).message })
        return
      }
      backing.operations
        .forget(call.request.id)
        .then((had) => cb(null, had ? { status: S.SUCCESS } : { status: S.NOT_FOUND, issues: issues(`Operation not found: ${call.request.id}`) }))
        .catch((e: unknown) => cb(null, { status: statusOf(e).status }))
    },
    cancelOperation: (call: grpc.ServerUnaryCall<{ id: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      try {
        check('Operation', 'CancelOperation', call.metadata)
      } catch (e) {
        cb({ code: grpc.status.UNAUTHENTICATED, details: (e as Error).message })
        return
      }
      // YDB refuses to cancel backup collection operations (spec §2.8).
      cb(null, { status: S.UNSUPPORTED, issues: issues('Cancel is not supported for this operation kind') })
    },
  })

  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  )

  return {
    endpoint: `grpc://127.0.0.1:${port}`,
    database: db,
    port,
    calls,
    transfers,
    lastMetadata: () => lastMd,
    failNext: (method, status, times = 1) => faults.set(method, { status: StatusIds_StatusCode[status], times }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve())
        setTimeout(() => server.forceShutdown(), 2000).unref()
      }),
  }
}
