/**
 * Makes the CSV slabs of a table for the parallel dump (dump-parallel.ts):
 * slabs `index`, `index + stride`, … of `slabRows` rows each, formatted from
 * the stored bytes (StoredRowCsvEncoder) or, for column types it does not
 * cover, from decoded rows (CsvRowEncoder), into a RecordingSink that logs
 * every room reservation. Used by the dump workers and by the main thread,
 * which takes a share of the slabs itself.
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
  private after: Buffer | undefined
  private skip: number
  private slab: number
  private bytesHint = 1 << 20
  private done = false
  readonly spare: SpareBuffers[] = []

  constructor(
    private readonly reader: SlabReader,
    style: CsvStyle,
    private readonly slabRows: number,
    index: number,
    private readonly stride: number,
  ) {
    const rt = reader.table
    const types = rt.schema.columns.map((c) => c.type)
    this.encoder = new CsvRowEncoder(types, style)
    // stored bytes straight to CSV when every column type allows it
    this.stored = StoredRowCsvEncoder.create({ types, keyPositions: rt.keyPositions, valuePositions: rt.valuePositions, keyPrefix: 4 }, style)
    this.skip = index * slabRows
    this.slab = index
  }

  /** The next slab of this producer's share, undefined after its last (the table ends). */
  next(): MadeSlab | undefined {
    if (this.done) return undefined
    const rt = this.reader.table
    const sink = new RecordingSink(this.bytesHint + (this.bytesHint >> 2), this.slabRows * (rt.schema.columns.length + 2), this.spare.pop())
    let rows = 0
    const stored = this.stored
    const encoder = this.encoder
    const last = stored
      ? this.reader.readRaw(this.after, this.skip, this.slabRows, (k, ks, v) => {
          stored.write(k, ks, v, sink)
          rows++
        })
      : this.reader.read(this.after, this.skip, this.slabRows, (k, v) => {
          encoder.write(rt.decodeRow(k, v), sink)
          rows++
        })
    if (rows === 0) {
      this.done = true
      return undefined
    }
    const made = { slab: this.slab, rows, sink }
    this.bytesHint = Math.max(1024, sink.off)
    if (rows < this.slabRows) this.done = true
    this.after = last
    this.skip = (this.stride - 1) * this.slabRows
    this.slab += this.stride
    return made
  }

  /** The slab number after this producer's last one (what `end` reports). */
  get nextSlab(): number {
    return this.slab
  }
}
