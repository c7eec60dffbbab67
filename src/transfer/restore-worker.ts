/**
 * Worker of the parallel restore (restore-parallel.ts): reads a data file's
 * CSV bytes as the main thread sends them (readCsvRows: the same rows, line
 * numbers and errors as a restore in one thread) and encodes each row into
 * the stored key/value bytes (RowRecordEncoder); the main thread only puts them.
 */
import { parentPort } from 'node:worker_threads'
import type { CatalogEntry } from '../backends/cluster/embedded/catalog.js'
import { RowRecordEncoder } from '../backends/cluster/embedded/row-records.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import { readCsvRows, type CsvColumn } from '../formats/csv-row.js'
import type { FromRestoreWorker, RestoreJob, ToRestoreWorker } from './restore-protocol.js'

const port = parentPort!
/** Rows per decode batch. */
const DECODE_ROWS = 1000
/** Records per post (and per transaction of the main thread): ~1 MiB. */
const POST_BYTES = 1 << 20
/** The first post of a file: small, so that the main thread starts putting early (both threads are cold then). */
const FIRST_POST_BYTES = 64 << 10
let job: RestoreJob | undefined
let queue: (Uint8Array | null)[] = []
let wake: (() => void) | undefined
/** Record buffers the main thread has put and sent back (fewer 1 MiB allocations, less GC). */
const spare: ArrayBuffer[] = []

const post = (m: FromRestoreWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer)

/**
 * The chunks the main thread sends, as a byte stream; a credit goes back for
 * each, with the buffer of the chunk before it: readCsvRows asks for the next
 * chunk only when it is done with one (it copies what it keeps).
 */
async function* chunks(gen: number): AsyncGenerator<Uint8Array> {
  let last: ArrayBuffer | undefined
  for (;;) {
    while (queue.length === 0) {
      if (job?.gen !== gen) return
      await new Promise<void>((r) => (wake = r))
    }
    if (job?.gen !== gen) return
    const c = queue.shift()!
    if (c === null) return
    if (last) post({ type: 'credit', gen, free: last }, [last])
    else post({ type: 'credit', gen })
    last = c.buffer as ArrayBuffer
    yield c
  }
}

async function run(j: RestoreJob): Promise<void> {
  const columns: CsvColumn[] = j.columns
  const enc = new RowRecordEncoder(j.path, j.entry as CatalogEntry)
  let hint = 1 << 20
  let postAt = FIRST_POST_BYTES
  const flush = (): void => {
    postAt = Math.min(postAt * 2, POST_BYTES)
    const buf = enc.buf
    post({ type: 'rows', gen: j.gen, count: enc.count, records: buf.buffer as ArrayBuffer, length: enc.off }, [buf.buffer as ArrayBuffer])
    hint = Math.max(hint, enc.off + (enc.off >> 3))
    enc.reset(hint, spare.pop())
  }
  // Small decode batches, one ~1 MiB record batch (a transaction) per post: a
  // few thousand rows of values alive at a time instead of ten thousand, so
  // the young-generation collections copy and promote less (~7% of the work).
  const decodeRows = Math.min(j.batchRows, DECODE_ROWS)
  for await (const batch of readCsvRows(chunks(j.gen), columns, { file: j.file, batchRows: decodeRows, batchBytes: 1 << 20 })) {
    if (job?.gen !== j.gen) return
    for (const row of batch) enc.add(row)
    if (enc.off >= postAt || enc.count >= j.batchRows) flush()
  }
  if (job?.gen !== j.gen) return
  if (enc.count > 0) flush()
  post({ type: 'done', gen: j.gen })
}

port.on('message', (m: ToRestoreWorker) => {
  if (m.type === 'job') {
    job = m
    queue = []
    const j = job
    run(j).catch((e: unknown) =>
      post(
        e instanceof YqlError
          ? { type: 'error', gen: j.gen, diagnostics: e.diagnostics }
          : { type: 'error', gen: j.gen, message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) },
      ),
    )
  } else if (m.type === 'chunk' || m.type === 'end') {
    if (job?.gen !== m.gen) return
    queue.push(m.type === 'chunk' ? new Uint8Array(m.bytes, 0, m.length) : null)
  } else if (m.type === 'recycle') {
    if (spare.length < 4) spare.push(m.buffer)
    return
  } else if (m.type === 'abort') {
    if (job?.gen === m.gen) job = undefined
  } else if (m.type === 'close') {
    job = undefined
    port.close()
  }
  const w = wake
  wake = undefined
  w?.()
})
