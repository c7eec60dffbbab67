// `export s3` / `import s3` server-side: YDB's Export and Import services
// start a long operation (kinds `export/s3`, `import/s3`) and return its id;
// progress and the result come from the Operation service. Starting one is
// not idempotent (each call is a new export), so it is never retried.
// ydb-sdk-proto's messages predate encryption settings: encrypted exports need
// a newer proto (@ydbjs/api has them) and are not offered here.
import type { Ydb as YdbNs } from 'ydb-sdk'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'
import { toYqlError } from './ydb-errors.js'
import type { RawRpc } from './ydb-raw-rpc.js'

/** Where an export goes to / an import comes from. */
export interface S3Location {
  /** Host[:port] of the S3 service, without scheme. */
  readonly endpoint: string
  readonly scheme?: 'http' | 'https'
  readonly bucket: string
  readonly accessKey: string
  readonly secretKey: string
  readonly region?: string
  /** Path-style addressing (most S3-compatible servers). */
  readonly disableVirtualAddressing?: boolean
  readonly description?: string
  readonly numberOfRetries?: number
}

export interface ExportToS3Options extends S3Location {
  /** Absolute table or directory paths and the object prefix each goes to. */
  readonly items: readonly { readonly path: string; readonly prefix: string }[]
  /** e.g. `zstd` or `zstd-3`. */
  readonly compression?: string
}

export interface ImportFromS3Options extends S3Location {
  /** Object prefixes and the absolute table path each is restored to. */
  readonly items: readonly { readonly prefix: string; readonly path: string }[]
}

const SUCCESS = 400000
const SCHEME = { http: 1, https: 2 } as const

function location(s: S3Location) {
  return {
    endpoint: s.endpoint,
    scheme: SCHEME[s.scheme ?? 'https'],
    bucket: s.bucket,
    accessKey: s.accessKey,
    secretKey: s.secretKey,
    ...(s.region ? { region: s.region } : {}),
    ...(s.disableVirtualAddressing ? { disableVirtualAddressing: true } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(s.numberOfRetries !== undefined ? { numberOfRetries: s.numberOfRetries } : {}),
  }
}

function operationId(op: YdbNs.Operations.IOperation | null | undefined, what: string): string {
  if (!op) throw YqlError.of(BackendErrorCode.Internal, `${what}: no operation in response`)
  if (op.status !== SUCCESS) {
    const e = Object.assign(new Error(what), { issues: op.issues })
    Object.defineProperty(e, 'constructor', { value: { status: op.status } })
    throw toYqlError(e, what)
  }
  if (!op.id) throw YqlError.of(BackendErrorCode.Internal, `${what}: the server returned no operation id`)
  return op.id
}

/** Starts a server-side export; returns the operation id. */
export async function startExportToS3(rpc: RawRpc, o: ExportToS3Options): Promise<string> {
  try {
    const res = await (await rpc.exports()).exportToS3({
      operationParams: { operationMode: 2 /* ASYNC */ },
      settings: {
        ...location(o),
        items: o.items.map((i) => ({ sourcePath: i.path, destinationPrefix: i.prefix })),
        ...(o.compression ? { compression: o.compression } : {}),
      },
    })
    return operationId(res.operation, 'export s3')
  } catch (e) {
    throw toYqlError(e, 'export s3')
  }
}

/** Starts a server-side import; returns the operation id. */
export async function startImportFromS3(rpc: RawRpc, o: ImportFromS3Options): Promise<string> {
  try {
    const res = await (await rpc.imports()).importFromS3({
      operationParams: { operationMode: 2 /* ASYNC */ },
      settings: { ...location(o), items: o.items.map((i) => ({ sourcePrefix: i.prefix, destinationPath: i.path })) },
    })
    return operationId(res.operation, 'import s3')
  } catch (e) {
    throw toYqlError(e, 'import s3')
  }
}
