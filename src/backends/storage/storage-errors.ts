// Error classification for storage backends: every backend throws YqlError with
// one of these codes, so callers (retry decorators, the executor, verify) decide
// on the code, never on an SDK's or the OS's error shape.
import { YqlError, error } from '../../diagnostics/diagnostic.js'

export const StorageErrorCode = {
  /** The object (or file) does not exist. */
  NotFound: 'storage/not-found',
  /** A key that could escape the root, or a path resolving outside it (symlink). */
  InvalidKey: 'storage/invalid-key',
  /** A storage URL that cannot be used (bad scheme, credentials in it, bad query). */
  InvalidUrl: 'storage/invalid-url',
  /** Missing or unreadable credentials. */
  Credentials: 'storage/credentials',
  /** 401/403: retrying cannot help. */
  PermissionDenied: 'storage/permission-denied',
  /** Other 4xx replies: retrying cannot help. */
  Rejected: 'storage/rejected',
  /** Network errors, 5xx and throttling that outlived every retry. */
  Unavailable: 'exec/storage-unavailable',
  /** A local IO error (disk full, permissions on a file, ...). */
  Io: 'storage/io',
  /** The caller's AbortSignal fired. */
  Aborted: 'storage/aborted',
} as const
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode]

/** A YqlError carrying one storage diagnostic; `cause` keeps the SDK / OS error for --verbose. */
export function storageError(code: StorageErrorCode, message: string, cause?: unknown): YqlError {
  const d = error(code, message)
  return new YqlError([cause === undefined ? d : { ...d, cause }])
}

/** The storage code of `err`, if it is a storage YqlError. */
export function storageErrorCode(err: unknown): string | undefined {
  return err instanceof YqlError ? err.diagnostics[0]?.code : undefined
}

export const isStorageNotFound = (err: unknown): boolean => storageErrorCode(err) === StorageErrorCode.NotFound

/** Errors a retry cannot fix: everything classified except Unavailable and Io. */
export function isStoragePermanent(err: unknown): boolean {
  const code = storageErrorCode(err)
  return code !== undefined && code !== StorageErrorCode.Unavailable && code !== StorageErrorCode.Io
}
