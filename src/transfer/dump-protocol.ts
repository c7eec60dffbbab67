/** Messages between the parallel dump (dump-parallel.ts) and its workers (dump-worker.ts). */

/** Main → worker: open a table on the dump's snapshot; the worker answers `ready` or `stale`. */
export interface DumpTask {
  readonly type: 'table'
  /** Identifies this table's run; requests and replies of older runs are ignored. */
  readonly gen: number
  readonly dataDir: string
  readonly path: string
  /** The dump snapshot's commit counter (decimal). */
  readonly seq: string
  readonly style: string
  readonly slabRows: number
}

/**
 * Main → worker: make slab `slab` (rows slab·slabRows … of the table); slabs
 * are asked for in ascending order. `bytes`/`events`: buffers of a finished
 * slab handed back for reuse.
 */
export interface MakeSlab {
  readonly type: 'make'
  readonly gen: number
  readonly slab: number
  readonly bytes?: ArrayBuffer
  readonly events?: ArrayBuffer
}

/** One slab of CSV: `length` bytes, and `count` (offset, n) reservations in `events`; `rows` < slabRows at the table's end. */
export interface SlabMessage {
  readonly type: 'slab'
  readonly gen: number
  readonly slab: number
  readonly rows: number
  readonly bytes: ArrayBuffer
  readonly length: number
  readonly events: ArrayBuffer
  readonly count: number
  readonly maxN: number
}

/** Worker → main. */
export type FromDumpWorker =
  | SlabMessage
  | { readonly type: 'ready'; readonly gen: number }
  | { readonly type: 'stale'; readonly gen: number; readonly reason: string }
  | { readonly type: 'error'; readonly gen: number; readonly message: string; readonly stack?: string }
