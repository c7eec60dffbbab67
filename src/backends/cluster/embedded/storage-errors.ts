// LMDB reports a full disk in several ways: ENOSPC, MDB_MAP_FULL, or, when the
// memory-mapped file cannot grow on tmpfs, a bare EIO ("Input/output error").
// Users should read one clear sentence naming the data directory instead.
import { statfsSync } from 'node:fs'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { BackendErrorCode } from '../cluster-backend.js'

const STORAGE_FAILURE = /ENOSPC|No space left|MDB_MAP_FULL|EIO|Input\/output error/i

/** Free bytes on the file system holding `dir`, or undefined if it cannot be asked. */
function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir)
    return s.bavail * s.bsize
  } catch {
    return undefined
  }
}

/** Turns a storage-level write failure into a YqlError naming the data directory; other errors pass through. */
export function translateWriteError(e: unknown, dataDir: string): unknown {
  if (e instanceof YqlError || !(e instanceof Error)) return e
  const text = `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}`
  if (!STORAGE_FAILURE.test(text)) return e
  const free = freeBytes(dataDir)
  const full = /ENOSPC|No space left|MDB_MAP_FULL/i.test(text) || (free !== undefined && free < 1024 * 1024)
  const message = full
    ? `No space left on device for the data directory ${dataDir} (${free ?? 'unknown'} bytes free): the statement was rolled back`
    : `Input/output error writing the data directory ${dataDir}: the statement was rolled back`
  return new YqlError([{ severity: 'error', code: full ? BackendErrorCode.StorageFull : BackendErrorCode.Internal, message, cause: e }])
}
