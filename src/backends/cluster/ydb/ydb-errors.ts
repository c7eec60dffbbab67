// YDB status codes → our YqlError codes, and the retry rule: only calls that
// are idempotent (reads, describes, listings, BulkUpsert's replace) are retried,
// and only on statuses YDB documents as transient. Scheme changes, data
// queries, CopyTables and BACKUP/RESTORE are never retried here.
import { sdk } from './ydb-sdk-runtime.js'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'

const { StatusCode } = sdk

/** Codes this backend adds to BackendErrorCode. */
export const YdbErrorCode = {
  /** A collection operation that YDB runs server-side: send the statement's YQL instead. */
  ServerSideStatement: 'ydb/server-side-statement',
  Unauthenticated: 'ydb/unauthenticated',
  Unavailable: 'ydb/unavailable',
  /** "Conflict with existing key": the embedded SQL layer's code for the same failure. */
  DuplicateKey: 'exec/duplicate-key',
} as const

interface IssueLike { message?: string | null; issues?: IssueLike[] | null }

const flatIssues = (issues: readonly IssueLike[] | null | undefined): string[] =>
  (issues ?? []).flatMap((i) => [...(i.message ? [i.message] : []), ...flatIssues(i.issues)])

/** The YDB status of an error thrown by ydb-sdk (or a gRPC status as one), if any. */
export function ydbStatusOf(e: unknown): number | undefined {
  if (e && typeof e === 'object') {
    const ctor = (e as { constructor?: { status?: number } }).constructor
    if (typeof ctor?.status === 'number') return ctor.status
    let code = (e as { code?: unknown }).code
    // ydb-sdk rethrows some gRPC failures as a plain Error naming the code.
    const m = e instanceof Error ? /transport error code (\d+)/i.exec(e.message) : null
    if (m) code = Number(m[1])
    if (typeof code === 'number') {
      // gRPC transport statuses (grpc-js ServiceError)
      if (code === 14) return StatusCode.TRANSPORT_UNAVAILABLE
      if (code === 4) return StatusCode.CLIENT_DEADLINE_EXCEEDED
      if (code === 16) return StatusCode.UNAUTHENTICATED
      if (code === 1) return StatusCode.CLIENT_CANCELED
    }
  }
  return undefined
}

/** The issue texts of a ydb-sdk error, or its message. */
export function ydbMessages(e: unknown): string[] {
  const issues = (e as { issues?: IssueLike[] | null })?.issues
  const flat = flatIssues(issues)
  if (flat.length) return flat
  return [e instanceof Error ? e.message : String(e)]
}

const NOT_FOUND = /not found|does not exist|doesn't exist|path not exist|hasn't been resolved|unknown path|no such/i
const EXISTS = /already exists|path exist|exists/i

/** Converts anything a ydb-sdk call throws into a YqlError with a stable code and YDB's words. */
export function toYqlError(e: unknown, context?: string): YqlError {
  if (e instanceof YqlError) return e
  const status = ydbStatusOf(e)
  const text = ydbMessages(e).join('; ')
  const message = context ? `${context}: ${text}` : text
  let code: string = BackendErrorCode.Internal
  switch (status) {
    case StatusCode.SCHEME_ERROR:
      code = NOT_FOUND.test(text) ? BackendErrorCode.PathNotFound : EXISTS.test(text) ? BackendErrorCode.PathExists : BackendErrorCode.SchemeError
      break
    case StatusCode.NOT_FOUND: code = BackendErrorCode.PathNotFound; break
    case StatusCode.ALREADY_EXISTS: code = BackendErrorCode.PathExists; break
    case StatusCode.PRECONDITION_FAILED:
      code = /conflict with existing key|duplicate key/i.test(text) ? YdbErrorCode.DuplicateKey : BackendErrorCode.PreconditionFailed
      break
    case StatusCode.BAD_REQUEST: case StatusCode.GENERIC_ERROR: case StatusCode.UNSUPPORTED:
      code = BackendErrorCode.BadRequest; break
    case StatusCode.OVERLOADED: case StatusCode.SESSION_BUSY: case StatusCode.ABORTED:
      code = BackendErrorCode.Busy; break
    case StatusCode.CANCELLED: case StatusCode.CLIENT_CANCELED: code = BackendErrorCode.Cancelled; break
    case StatusCode.UNAUTHORIZED: case StatusCode.UNAUTHENTICATED: code = YdbErrorCode.Unauthenticated; break
    case StatusCode.UNAVAILABLE: case StatusCode.TRANSPORT_UNAVAILABLE: case StatusCode.CLIENT_DEADLINE_EXCEEDED:
      code = YdbErrorCode.Unavailable; break
  }
  const err = YqlError.of(code, message)
  Object.defineProperty(err, 'cause', { value: e })
  return err
}

const TRANSIENT: ReadonlySet<number> = new Set([
  StatusCode.UNAVAILABLE, StatusCode.OVERLOADED, StatusCode.BAD_SESSION, StatusCode.SESSION_EXPIRED,
  StatusCode.SESSION_BUSY, StatusCode.TRANSPORT_UNAVAILABLE, StatusCode.ABORTED, StatusCode.UNDETERMINED,
  StatusCode.TIMEOUT,
])

/** Whether retrying an idempotent call after this error can help. */
export const isTransient = (e: unknown): boolean => {
  const s = ydbStatusOf(e)
  return s !== undefined && TRANSIENT.has(s)
}

/**
 * Runs an idempotent call, retrying transient failures with exponential
 * backoff (YDB's rule: UNDETERMINED and ABORTED may only be retried when the
 * call is idempotent, which callers of this function promise).
 */
export async function retryIdempotent<T>(fn: () => Promise<T>, opts: { attempts?: number; signal?: AbortSignal } = {}): Promise<T> {
  const attempts = opts.attempts ?? 5
  for (let i = 0; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i + 1 >= attempts || !isTransient(e) || opts.signal?.aborted) throw e
      const delay = Math.min(1000, 25 * 2 ** i) * (0.5 + Math.random() / 2)
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}
