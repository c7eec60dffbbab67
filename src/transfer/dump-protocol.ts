/** Messages between the parallel dump (dump-parallel.ts) and its workers (dump-worker.ts). */

/** Main → worker: read slabs `i`, `i + stride`, `i + 2·stride`, … for each `i` of `indices`, in slab order. */
export interface DumpTask {
  readonly type: 'table'
  /** Identifies this table's run; credits and replies of older runs are ignored. */
  readonly gen: number
  readonly dataDir: string
  readonly path: string
  /** The dump snapshot's commit counter (decimal). */
  readonly seq: string
  readonly style: string
  readonly slabRows: number
  /** Ascending, each below `stride`. */
  readonly indices: readonly number[]
  readonly stride: number
  /** Slabs the worker may have outstanding before waiting for a credit. */
  readonly window: number
}

/** One slab of CSV: `length` bytes, and `count` (offset, n) reservations in `events`. */
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

/** Worker → main. `end`: no rows at or after slab `slab`. */
export type FromDumpWorker =
  | SlabMessage
  | { readonly type: 'end'; readonly gen: number; readonly slab: number }
  | { readonly type: 'stale'; readonly gen: number; readonly reason: string }
  | { readonly type: 'error'; readonly gen: number; readonly message: string; readonly stack?: string }
