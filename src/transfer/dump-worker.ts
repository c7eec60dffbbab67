/**
 * Worker of the parallel dump (dump-parallel.ts): reads every `stride`-th slab
 * of a table from its own LMDB snapshot (the dump's, checked by commit
 * counter) and formats it as CSV with the dump's own encoder, recording each
 * room reservation so that the main thread can cut the byte stream into the
 * very chunks a single-threaded dump makes.
 */
import { parentPort } from 'node:worker_threads'
import { closeSlabReaders, openSlabReader } from '../backends/cluster/embedded/slab-reader.js'
import { CsvRowEncoder, type CsvByteSink } from '../formats/csv-encode.js'
import type { CsvStyle } from '../formats/csv-value.js'
import { StoredRowCsvEncoder } from '../formats/csv-stored.js'
import type { DumpTask, FromDumpWorker } from './dump-protocol.js'

/** A growable byte sink that logs every reserve(n) as (offset, n). */
class RecordingSink implements CsvByteSink {
  buf: Buffer
  off = 0
  events: Int32Array
  count = 0
  maxN = 1
  constructor(bytes: number, events: number) {
    // recycled buffers (the main thread sends them back) when big enough
    const b = spare.pop()
    this.buf = b && b.bytes.byteLength >= bytes ? Buffer.from(b.bytes) : Buffer.allocUnsafeSlow(bytes)
    this.events = b && b.events.byteLength >= events * 8 ? new Int32Array(b.events) : new Int32Array(events * 2)
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

const port = parentPort!
const spare: { bytes: ArrayBuffer; events: ArrayBuffer }[] = []
let gen = 0
let credits = 0
let wake: (() => void) | undefined

async function run(task: DumpTask): Promise<void> {
  const my = task.gen
  const post = (m: FromDumpWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer)
  const reader = openSlabReader(task.dataDir, task.path, BigInt(task.seq))
  if (typeof reader === 'string') {
    post({ type: 'stale', gen: my, reason: reader })
    return
  }
  try {
    const rt = reader.table
    const encoder = new CsvRowEncoder(rt.schema.columns.map((c) => c.type), task.style as CsvStyle)
    // stored bytes straight to CSV when every column type allows it
    const stored = StoredRowCsvEncoder.create(
      { types: rt.schema.columns.map((c) => c.type), keyPositions: rt.keyPositions, valuePositions: rt.valuePositions, keyPrefix: 4 },
      task.style as CsvStyle,
    )
    let after: Buffer | undefined
    let skip = task.index * task.slabRows
    let slab = task.index
    let bytesHint = 1 << 20
    for (;;) {
      while (credits <= 0 && gen === my) await new Promise<void>((r) => (wake = r))
      if (gen !== my) return
      const sink = new RecordingSink(bytesHint + (bytesHint >> 2), task.slabRows * (rt.schema.columns.length + 2))
      let rows = 0
      const last = stored
        ? reader.readRaw(after, skip, task.slabRows, (k, ks, v) => {
            stored.write(k, ks, v, sink)
            rows++
          })
        : reader.read(after, skip, task.slabRows, (k, v) => {
            encoder.write(rt.decodeRow(k, v), sink)
            rows++
          })
      if (rows === 0) {
        post({ type: 'end', gen: my, slab })
        return
      }
      credits--
      bytesHint = Math.max(1024, sink.off)
      const events = sink.events
      post(
        { type: 'slab', gen: my, slab, rows, bytes: sink.buf.buffer as ArrayBuffer, length: sink.off, events: events.buffer as ArrayBuffer, count: sink.count, maxN: sink.maxN },
        [sink.buf.buffer as ArrayBuffer, events.buffer as ArrayBuffer],
      )
      if (rows < task.slabRows) {
        post({ type: 'end', gen: my, slab: slab + task.stride })
        return
      }
      after = last
      skip = (task.stride - 1) * task.slabRows
      slab += task.stride
    }
  } finally {
    reader.release()
  }
}

port.on('message', (m: { readonly type: string; readonly gen?: number }) => {
  if (m.type === 'credit') {
    if (m.gen === gen) credits++
    const c = m as unknown as { bytes: ArrayBuffer; events: ArrayBuffer }
    if (spare.length < 4) spare.push({ bytes: c.bytes, events: c.events })
  } else if (m.type === 'table') {
    const task = m as unknown as DumpTask
    gen = task.gen
    credits = task.window
    run(task).catch((e: unknown) => port.postMessage({ type: 'error', gen: task.gen, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined }))
  } else if (m.type === 'close') {
    gen = -1
    void closeSlabReaders().finally(() => port.close())
  } else return
  const w = wake
  wake = undefined
  w?.()
})
