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
import type { FromRestoreWorker, RestoreJob } from './restore-protocol.js'

const port = parentPort!
let job: RestoreJob | undefined
let queue: (Uint8Array | null)[] = []
let wake: (() => void) | undefined

const post = (m: FromRestoreWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer)

/** The chunks the main thread sends, as a byte stream; a credit goes back for each. */
async function* chunks(gen: number): AsyncGenerator<Uint8Array> {
  for (;;) {
    while (queue.length === 0) {
      if (job?.gen !== gen) return
      await new Promise<void>((r) => (wake = r))
    }
    if (job?.gen !== gen) return
    const c = queue.shift()!
    if (c === null) return
    post({ type: 'credit', gen })
    yield c
  }
}

async function run(j: RestoreJob): Promise<void> {
  const columns: CsvColumn[] = j.columns
  const enc = new RowRecordEncoder(j.path, j.entry as CatalogEntry)
  let hint = 1 << 20
  for await (const batch of readCsvRows(chunks(j.gen), columns, { file: j.file, batchRows: j.batchRows, batchBytes: 1 << 20 })) {
    if (job?.gen !== j.gen) return
    for (const row of batch) enc.add(row)
    const buf = enc.buf
    post({ type: 'rows', gen: j.gen, count: enc.count, records: buf.buffer as ArrayBuffer, length: enc.off }, [buf.buffer as ArrayBuffer])
    hint = Math.max(hint, enc.off + (enc.off >> 3))
    enc.reset(hint)
  }
  if (job?.gen === j.gen) post({ type: 'done', gen: j.gen })
}

port.on('message', (m: { readonly type: string; readonly gen: number; readonly bytes?: ArrayBuffer }) => {
  if (m.type === 'job') {
    job = m as unknown as RestoreJob
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
    queue.push(m.type === 'chunk' ? new Uint8Array(m.bytes!) : null)
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
