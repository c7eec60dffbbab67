// The engine's errors, with YDB's words where the spec gives them.
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'

export const pathNotFound = (path: string, nearest = '/'): YqlError =>
  YqlError.of(
    BackendErrorCode.PathNotFound,
    `Check failed: path: '${path}', error: path hasn't been resolved, nearest resolved path: '${nearest}'`,
  )

export const pathExists = (path: string): YqlError =>
  YqlError.of(BackendErrorCode.PathExists, `Check failed: path: '${path}', error: path exist, request accepts it`)

export const wrongPathType = (path: string, expected: string, actual: string): YqlError =>
  YqlError.of(BackendErrorCode.WrongPathType, `Check failed: path: '${path}', error: path is not a ${expected} (it is a ${actual})`)

export const schemeError = (message: string): YqlError => YqlError.of(BackendErrorCode.SchemeError, message)
export const badRequest = (message: string): YqlError => YqlError.of(BackendErrorCode.BadRequest, message)
export const constraint = (message: string): YqlError => YqlError.of(BackendErrorCode.ConstraintViolation, message)
export const precondition = (message: string): YqlError => YqlError.of(BackendErrorCode.PreconditionFailed, message)
