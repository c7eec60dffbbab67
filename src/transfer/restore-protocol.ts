/** Messages between the parallel restore (restore-parallel.ts) and its worker (restore-worker.ts). */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { CsvColumn } from '../formats/csv-row.js'

/** Main → worker: decode one data file of the table at `path`. Then `chunk`s and an `end`. */
export interface RestoreJob {
  readonly type: 'job'
  readonly gen: number
  readonly path: string
  /** The table's catalogue entry (embedded engine), for its codecs. */
  readonly entry: unknown
  readonly columns: CsvColumn[]
  /** The file's name in messages. */
  readonly file: string
  readonly batchRows: number
}

/**
 * Main → worker after a job: `chunk` (the file's bytes `bytes[0, length)`), `end`, `abort`;
 * any time: `recycle` (a `rows` message's buffer, put and free again), `close`.
 */
export type ToRestoreWorker =
  | RestoreJob
  | { readonly type: 'chunk'; readonly gen: number; readonly bytes: ArrayBuffer; readonly length: number }
  | { readonly type: 'end' | 'abort'; readonly gen: number }
  | { readonly type: 'recycle'; readonly buffer: ArrayBuffer }
  | { readonly type: 'close' }

/**
 * Worker → main. `rows`: `count` records in `records[0, length)`; `credit`:
 * one chunk taken, with the buffer of the chunk before it (`free`), read to the end.
 */
export type FromRestoreWorker =
  | { readonly type: 'rows'; readonly gen: number; readonly count: number; readonly records: ArrayBuffer; readonly length: number }
  | { readonly type: 'credit'; readonly gen: number; readonly free?: ArrayBuffer }
  | { readonly type: 'done'; readonly gen: number }
  | { readonly type: 'error'; readonly gen: number; readonly diagnostics: readonly Diagnostic[] }
  | { readonly type: 'error'; readonly gen: number; readonly message: string; readonly stack?: string }
