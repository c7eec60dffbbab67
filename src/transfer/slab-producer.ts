/**
 * Makes the CSV slabs of a table for the parallel dump (dump-parallel.ts):
 * slab k is rows k·slabRows … (k+1)·slabRows − 1, formatted from the stored
 * bytes (StoredRowCsvEncoder) or, for column types it does not cover, from
 * decoded rows (CsvRowEncoder), into a RecordingSink that logs every room
 * reservation. Used by the dump workers and by the main thread, each making
 * the slabs it is given, in ascending order (the ones between are stepped
 * over inside LMDB, a few ns a row).
 */
import type { SlabReader } from '../backends/cluster/embedded/slab-reader.js'
import { CsvRowEncoder, type CsvByteSink } from '../formats/csv-encode.js'
import { StoredRowCsvEncoder } from '../formats/csv-stored.js'
import type { CsvStyle } from '../formats/csv-value.js'

/** Buffers of finished slabs, for the next ones. */
export interface SpareBuffers {
  readonly bytes: ArrayBuffer
  readonly events: ArrayBuffer
}

/** A growable byte sink that logs every reserve(n) as (offset, n). */
export class RecordingSink implements CsvByteSink {
  buf: Buffer
  off = 0
  events: Int32Array
  count = 0
  maxN = 1
  constructor(bytes: number, events: number, spare?: SpareBuffers) {
    this.buf = spare && spare.bytes.byteLength >= bytes ? Buffer.from(spare.bytes) : Buffer.allocUnsafeSlow(bytes)
    this.events = spare && spare.events.byteLength >= events * 8 ? new Int32Array(spare.events) : new Int32Array(events * 2)
  }
  reserve(n: number): void {
    let e = this.events
    if (this.count * 2 + 2 > e.length) {
      const grown = new Int32Array(e.length * 2)
      grown.set(e)
      this.events = e = grown
    }
    e[this.count * 2] = this.off
    e[this.count * 2 + 1] = n
    this.count++
    if (n > this.maxN) this.maxN = n
    if (this.buf.length - this.off >= n) return
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.off + n))
    this.buf.copy(grown, 0, 0, this.off)
    this.buf = grown
  }
}

/** One made slab; `sink.buf[0, sink.off)` is its CSV. */
export interface MadeSlab {
  readonly slab: number
  readonly rows: number
  readonly sink: RecordingSink
}

export class SlabProducer {
  private readonly encoder: CsvRowEncoder
  private readonly stored: StoredRowCsvEncoder | undefined
  /** The last key read, and the slab that starts right after it. */
  private after: Buffer | undefined
  private at = 0
  /** The table ended in an earlier slab. */
  private ended = false
  private bytesHint = 1 << 20
  readonly spare: SpareBuffers[] = []

  constructor(
    private readonly reader: SlabReader,
    style: CsvStyle,
    private readonly slabRows: number,
  ) {
    const rt = reader.table
    const types = rt.schema.columns.map((c) => c.type)
    this.encoder = new CsvRowEncoder(types, style)
    // stored bytes straight to CSV when every column type allows it
    this.stored = StoredRowCsvEncoder.create({ types, keyPositions: rt.keyPositions, valuePositions: rt.valuePositions, keyPrefix: 4 }, style)
  }

  /** Makes slab `slab` (not before the last one made); fewer than slabRows rows at the table's end, 0 past it. */
  make(slab: number): MadeSlab {
    if (slab < this.at) throw new Error(`slab ${slab} asked for after slab ${this.at - 1}`)
    if (this.ended) return { slab, rows: 0, sink: new RecordingSink(0, 0) }
    const rt = this.reader.table
    const sink = new RecordingSink(this.bytesHint + (this.bytesHint >> 2), this.slabRows * (rt.schema.columns.length + 2), this.spare.pop())
    let rows = 0
    const stored = this.stored
    const encoder = this.encoder
    const skip = (slab - this.at) * this.slabRows
    const last = stored
      ? this.reader.readRaw(this.after, skip, this.slabRows, (k, ks, v) => {
          stored.write(k, ks, v, sink)
          rows++
        })
      : this.reader.read(this.after, skip, this.slabRows, (k, v) => {
          encoder.write(rt.decodeRow(k, v), sink)
          rows++
        })
    this.at = slab + 1
    this.after = last
    this.bytesHint = Math.max(1024, sink.off)
    if (rows < this.slabRows) this.ended = true
    return { slab, rows, sink }
  }
}
