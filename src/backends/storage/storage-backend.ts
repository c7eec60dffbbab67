// The contract for where backup files live: a local directory (fs/), an S3
// bucket (s3/). Dumps, exports and externally stored collections all go through
// it, so every format lays out the same keys on every storage.
//
// Keys are relative, '/'-separated, without a leading '/', never containing '..'
// or empty segments (use `checkKey`). A backend never reads or writes outside its root.
// Backends throw YqlError with a code from storage-errors.ts.
import { StorageErrorCode, storageError } from './storage-errors.js'

export interface ObjectInfo {
  readonly key: string
  readonly size: number
}

export interface PutOptions {
  readonly signal?: AbortSignal
  /** Bytes written so far, for progress: called with each increment (sum the calls for the total). */
  readonly onBytes?: (n: number) => void
}

export interface StorageBackend {
  /** Where it points, with credentials removed: `file:///abs/dir`, `s3://bucket/prefix`. */
  readonly location: string

  /**
   * Writes the object. Visibility is atomic: a reader sees the old object (or none)
   * until the whole new one is in place; a failed or aborted put leaves nothing under `key`.
   * A put may hold yielded chunks until it resolves: the source must not reuse their memory.
   * If `data` throws, put rejects with that same error.
   */
  put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>, opts?: PutOptions): Promise<void>

  /** Streams the object. Rejects (on first read) with an error for which `isNotFound` is true if it is absent. */
  get(key: string, opts?: { readonly signal?: AbortSignal }): AsyncIterable<Uint8Array>

  /** Size of the object, or undefined if absent. */
  stat(key: string): Promise<ObjectInfo | undefined>

  /** Every object whose key starts with `prefix`, recursively, sorted by key. */
  list(prefix: string, opts?: { readonly signal?: AbortSignal }): AsyncIterable<ObjectInfo>

  /** Removes the object; no error if it is absent. */
  remove(key: string): Promise<void>

  /** Removes every object under `prefix` (a directory-like prefix ending in '/'). */
  removePrefix(prefix: string): Promise<void>

  isNotFound(err: unknown): boolean

  /** True when retrying cannot help (missing object, invalid key, permission denied). */
  isPermanent?(err: unknown): boolean

  close(): Promise<void>
}

/** Throws (YqlError, code 'storage/invalid-key') on keys that could escape the backend's root. */
export function checkKey(key: string): string {
  if (key.length === 0 || key.startsWith('/') || key.includes('\\') || key.includes('\0'))
    throw storageError(StorageErrorCode.InvalidKey, `invalid storage key: ${JSON.stringify(key)}`)
  for (const seg of key.split('/'))
    if (seg === '' || seg === '.' || seg === '..')
      throw storageError(StorageErrorCode.InvalidKey, `invalid storage key: ${JSON.stringify(key)}`)
  return key
}
