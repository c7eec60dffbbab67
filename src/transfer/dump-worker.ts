/**
 * Worker of the parallel dump (dump-parallel.ts): opens a table on its own
 * LMDB snapshot (the dump's, checked by commit counter) and makes the slabs
 * the main thread asks for, as CSV with the dump's own cell writers,
 * recording each room reservation so that the main thread can cut the byte
 * stream into the very chunks a single-threaded dump makes.
 */
import { parentPort } from 'node:worker_threads'
import { closeSlabReaders, openSlabReader, type SlabReader } from '../backends/cluster/embedded/slab-reader.js'
import type { CsvStyle } from '../formats/csv-value.js'
import type { DumpTask, FromDumpWorker, MakeSlab } from './dump-protocol.js'
import { SlabProducer } from './slab-producer.js'

const port = parentPort!
const post = (m: FromDumpWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer)
let current: { readonly gen: number; readonly reader: SlabReader; readonly producer: SlabProducer } | undefined

function open(task: DumpTask): void {
  current?.reader.release()
  current = undefined
  const reader = openSlabReader(task.dataDir, task.path, BigInt(task.seq))
  if (typeof reader === 'string') return post({ type: 'stale', gen: task.gen, reason: reader })
  current = { gen: task.gen, reader, producer: new SlabProducer(reader, task.style as CsvStyle, task.slabRows) }
  post({ type: 'ready', gen: task.gen })
}

function make(m: MakeSlab): void {
  const c = current
  if (!c || c.gen !== m.gen) return
  if (m.bytes && m.events && c.producer.spare.length < 4) c.producer.spare.push({ bytes: m.bytes, events: m.events })
  const { rows, sink } = c.producer.make(m.slab)
  const bytes = sink.buf.buffer as ArrayBuffer
  const events = sink.events.buffer as ArrayBuffer
  post({ type: 'slab', gen: m.gen, slab: m.slab, rows, bytes, length: sink.off, events, count: sink.count, maxN: sink.maxN }, [bytes, events])
}

port.on('message', (m: DumpTask | MakeSlab | { readonly type: 'close' }) => {
  try {
    if (m.type === 'table') open(m)
    else if (m.type === 'make') make(m)
    else if (m.type === 'close') {
      current?.reader.release()
      current = undefined
      void closeSlabReaders().finally(() => port.close())
    }
  } catch (e) {
    port.postMessage({ type: 'error', gen: 'gen' in m ? m.gen : -1, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined })
  }
})
