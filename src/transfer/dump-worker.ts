/**
 * Worker of the parallel dump (dump-parallel.ts): reads every `stride`-th slab
 * of a table from its own LMDB snapshot (the dump's, checked by commit
 * counter) and formats it as CSV with the dump's own cell writers, recording
 * each room reservation so that the main thread can cut the byte stream into
 * the very chunks a single-threaded dump makes.
 */
import { parentPort } from 'node:worker_threads'
import { closeSlabReaders, openSlabReader } from '../backends/cluster/embedded/slab-reader.js'
import type { CsvStyle } from '../formats/csv-value.js'
import type { DumpTask, FromDumpWorker } from './dump-protocol.js'
import { SlabProducer, type SpareBuffers } from './slab-producer.js'

const port = parentPort!
const spare: SpareBuffers[] = []
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
    // one producer per share, taken in turn: their slabs come out in slab order
    const producers = task.indices.map((i) => new SlabProducer(reader, task.style as CsvStyle, task.slabRows, i, task.stride))
    for (let turn = 0; ; turn++) {
      const producer = producers[turn % producers.length]!
      while (credits <= 0 && gen === my) await new Promise<void>((r) => (wake = r))
      if (gen !== my) return
      const s = spare.pop()
      if (s) producer.spare.push(s)
      const made = producer.next()
      if (!made) {
        post({ type: 'end', gen: my, slab: producer.nextSlab })
        return
      }
      credits--
      const { sink } = made
      const bytes = sink.buf.buffer as ArrayBuffer
      const events = sink.events.buffer as ArrayBuffer
      post({ type: 'slab', gen: my, slab: made.slab, rows: made.rows, bytes, length: sink.off, events, count: sink.count, maxN: sink.maxN }, [bytes, events])
    }
  } finally {
    reader.release()
  }
}

port.on('message', (m: { readonly type: string; readonly gen?: number }) => {
  if (m.type === 'credit') {
    if (m.gen === gen) credits++
    const c = m as unknown as SpareBuffers
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
