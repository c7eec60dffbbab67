/**
 * A restore's data files in two threads (embedded engine, plain tables).
 *
 * This thread reads a file (decrypt, checksum, zstd, bandwidth limit: the
 * ordinary file pipeline) and sends its bytes to a worker (restore-worker.ts),
 * which parses the CSV and encodes the rows into stored key/value records;
 * this thread puts the records, one write transaction per ~1 MiB of CSV.
 * Parsing and encoding are two thirds of a load's work, so the two threads
 * overlap. Rows, errors and line numbers are the one-thread restore's (the
 * worker runs the same readCsvRows over the same bytes, and the encoder makes
 * writeRow's checks); at most WINDOW chunks are in flight.
 */
import type { Worker } from 'node:worker_threads'
import { BackendErrorCode } from '../backends/cluster/cluster-backend.js'
import type { EmbeddedDb } from '../backends/cluster/embedded/database.js'
import { putRowRecords } from '../backends/cluster/embedded/row-records.js'
import type { CatalogEntry } from '../backends/cluster/embedded/catalog.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import type { CsvColumn } from '../formats/csv-row.js'
import type { FromRestoreWorker, RestoreJob, ToRestoreWorker } from './restore-protocol.js'
import { startTransferWorker } from './worker-host.js'

const WINDOW = 4
/** Bytes per chunk message (the file readers' own chunk size). */
const CHUNK = 1 << 20

/** One worker, one file at a time. */
export class RestoreWorker {
  private readonly worker: Worker
  private gen = 0
  private inbox: FromRestoreWorker[] = []
  private waiters: (() => void)[] = []
  private failure: Error | undefined
  /** Chunk buffers the worker has read and sent back, to copy the next chunks into. */
  private spare: ArrayBuffer[] = []
  busy = false

  constructor() {
    this.worker = startTransferWorker('restore-worker')
    this.worker.on('message', (m: FromRestoreWorker) => {
      if (m.type === 'credit' && m.free && this.spare.length < WINDOW + 1) this.spare.push(m.free)
      if (m.gen !== this.gen) return
      this.inbox.push(m)
      this.notify()
    })
    this.worker.on('error', (e) => {
      this.failure = e
      this.notify()
    })
    this.worker.on('exit', (code) => {
      if (!this.failure) this.failure = new Error(`restore worker exited with code ${code}`)
      this.notify()
    })
  }

  private notify(): void {
    const ws = this.waiters
    this.waiters = []
    for (const w of ws) w()
  }

  private send(m: ToRestoreWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer)
  }

  private wait(): Promise<void> {
    return new Promise((r) => this.waiters.push(r))
  }

  /** Loads one data file's `bytes` into the table `target` (a plain table: canPutRowRecords). */
  async loadFile(
    db: EmbeddedDb,
    target: { readonly path: string; readonly entry: CatalogEntry },
    columns: readonly CsvColumn[],
    file: string,
    bytes: AsyncIterable<Uint8Array>,
    opts: { readonly batchRows: number; readonly signal?: AbortSignal; readonly onRows: (n: number) => void },
  ): Promise<void> {
    const gen = ++this.gen
    this.inbox = []
    const job: RestoreJob = { type: 'job', gen, path: target.path, entry: target.entry, columns: [...columns], file, batchRows: opts.batchRows }
    this.send(job)
    let outstanding = 0
    let stopped = false
    let producerError: unknown
    let produced = false
    const producer = (async (): Promise<void> => {
      try {
        // Chunks go to the worker coalesced to CHUNK bytes: a storage may yield small
        // pieces (an S3 response arrives in ~16-64 KiB reads), and one message per
        // piece with WINDOW in flight starved the worker (import s3 ran 1.6x slower
        // than tools restore of the same dump).
        let buf: Uint8Array | undefined
        let fill = 0
        const flush = async (): Promise<boolean> => {
          while (outstanding >= WINDOW && !stopped && !this.failure) await this.wait()
          if (stopped || this.failure) return false
          if (buf && fill > 0) {
            this.send({ type: 'chunk', gen, bytes: buf.buffer as ArrayBuffer, length: fill }, [buf.buffer as ArrayBuffer])
            outstanding++
          }
          buf = undefined
          fill = 0
          return true
        }
        for await (const c of bytes) {
          if (stopped) return
          for (let off = 0; off < c.length; ) {
            if (!buf) {
              // its own buffer, to transfer: one the worker gave back, or a new one
              let spare = this.spare.pop()
              while (spare && spare.byteLength < CHUNK) spare = this.spare.pop()
              buf = new Uint8Array(spare ?? new ArrayBuffer(CHUNK))
            }
            const n = Math.min(c.length - off, buf.length - fill)
            buf.set(n === c.length ? c : c.subarray(off, off + n), fill)
            fill += n
            off += n
            if (fill === buf.length && !(await flush())) return
          }
        }
        if (!(await flush())) return
        this.send({ type: 'end', gen })
      } catch (e) {
        producerError = e
        produced = true
        this.notify()
      }
    })()
    const tableId = target.entry.tableId!
    let done = false
    try {
      while (!done) {
        if (producerError !== undefined) throw producerError
        if (this.failure) throw this.failure
        const m = this.inbox.shift()
        if (!m) {
          await this.wait()
          continue
        }
        switch (m.type) {
          case 'credit':
            outstanding--
            this.notify()
            break
          case 'rows':
            if (opts.signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'Operation cancelled')
            putRowRecords(db, target.path, tableId, Buffer.from(m.records, 0, m.length), m.count)
            this.send({ type: 'recycle', buffer: m.records }, [m.records]) // put: the worker may fill it again
            opts.onRows(m.count)
            break
          case 'done':
            done = true
            break
          case 'error':
            if ('diagnostics' in m) throw new YqlError(m.diagnostics)
            throw Object.assign(new Error(m.message), m.stack ? { stack: m.stack } : {})
        }
      }
    } finally {
      if (!done) {
        stopped = true
        this.send({ type: 'abort', gen })
        this.gen++ // later messages of this file are dropped
        this.notify()
      }
      await producer
    }
    // the stream's own last word: a checksum mismatch is known after the last byte
    if (produced && producerError !== undefined) throw producerError
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => void this.worker.terminate().then(() => resolve()), 2000)
      this.worker.once('exit', () => {
        clearTimeout(t)
        resolve()
      })
      this.send({ type: 'close' })
    })
  }
}
