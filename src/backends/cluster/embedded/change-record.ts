// Change-capture records, compacted per key: one record per (stream, key) holding
// the key's latest image, whether it was deleted, and which columns the changes
// since the stream started set or reset (so UPSERT keeps unlisted columns and
// REPLACE resets them when an incremental is restored).
import type { Value } from '../../../types/value.js'
import type { RowChange } from './engine-api.js'
import type { TableRuntime } from './table-runtime.js'

/** A decoded change record. `changed[i]` is about column i of the table (key columns unused). */
export interface ChangeRecord {
  readonly deleted: boolean
  readonly changed: readonly boolean[]
  /** The full row image (undefined for a tombstone). */
  readonly image?: readonly Value[]
}

export function encodeChange(t: TableRuntime, rec: ChangeRecord): Buffer {
  const n = t.schema.columns.length
  const mask = Buffer.alloc(Math.ceil(n / 8))
  rec.changed.forEach((c, i) => {
    if (c) mask[i >> 3] = mask[i >> 3]! | (1 << (i & 7))
  })
  const head = Buffer.concat([Buffer.from([rec.deleted ? 1 : 0]), mask])
  return rec.image ? t.fullCodec.encode(rec.image, undefined, head) : head
}

export function decodeChange(t: TableRuntime, buf: Buffer): ChangeRecord {
  const n = t.schema.columns.length
  const deleted = buf[0] === 1
  const maskLen = Math.ceil(n / 8)
  const changed: boolean[] = []
  for (let i = 0; i < n; i++) changed.push(((buf[1 + (i >> 3)]! >> (i & 7)) & 1) === 1)
  const image = deleted ? undefined : t.fullCodec.decode(buf, 1 + maskLen)
  return { deleted, changed, ...(image ? { image } : {}) }
}

/**
 * The record after a row write. `existed`: the key had a row before the write;
 * `prev`: the stream's record for the key so far.
 */
export function mergeWrite(
  t: TableRuntime,
  prev: ChangeRecord | undefined,
  row: readonly Value[],
  change: RowChange,
  existed: boolean,
): ChangeRecord {
  const n = t.schema.columns.length
  let changed: boolean[]
  if (change.kind === 'replace' || prev?.deleted) {
    changed = new Array<boolean>(n).fill(true) // a reset: unlisted columns become NULL
  } else {
    changed = new Array<boolean>(n).fill(false)
    for (const c of change.columns) changed[c] = true
    // A new row also gets its DEFAULT values (what YDB's write carries).
    if (!existed) row.forEach((v, i) => { if (v !== null) changed[i] = true })
    if (prev) prev.changed.forEach((c, i) => { if (c) changed[i] = true })
  }
  for (const k of t.keyPositions) changed[k] = false
  return { deleted: false, changed, image: row }
}

export const tombstone = (t: TableRuntime): ChangeRecord => ({
  deleted: true,
  changed: t.schema.columns.map((_c, i) => !t.keyPositions.includes(i)),
})
