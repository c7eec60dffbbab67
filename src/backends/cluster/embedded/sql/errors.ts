// Errors of statement execution: YqlError with a stable code and the span of the
// AST node at fault (the executor attaches the SourceText).
import { YqlError } from '../../../../diagnostics/diagnostic.js'
import type { Span } from '../../../../source/span.js'
import { BackendErrorCode } from '../../cluster-backend.js'

/** Codes of the SQL layer, beside the backend's scheme/exec codes. */
export const SqlErrorCode = {
  ...BackendErrorCode,
  UnknownColumn: 'exec/unknown-column',
  TypeMismatch: 'exec/type-mismatch',
  IntegerOverflow: 'exec/integer-overflow',
  NotNull: 'exec/not-null-violation',
  MissingKeyColumn: 'exec/missing-key-column',
  DuplicateKey: 'exec/duplicate-key',
  Unsupported: 'exec/unsupported',
} as const

export const sqlError = (code: string, message: string, span?: Span): YqlError => YqlError.of(code, message, span)

export const tableNotFound = (path: string, span?: Span): YqlError =>
  sqlError(
    SqlErrorCode.PathNotFound,
    `Cannot find table '${path}' because it does not exist or you do not have access permissions.`,
    span,
  )
