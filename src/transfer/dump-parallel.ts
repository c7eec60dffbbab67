/**
 * The dump's data files from two threads at once (embedded engine only).
 *
 * Reading rows out of LMDB costs about as much as formatting them, and one
 * thread did both at ~40 MB/s. Here a worker thread (dump-worker.ts; more
 * than one measured no faster on two cores) opens the database on the dump's
 * snapshot (checked by commit counter) and makes every other slab of rows as
 * CSV straight from the stored bytes (csv-stored.ts); this thread makes the
 * slabs in between on the snapshot itself, takes all of them in order, cuts
 * them into files and chunks, and writes them through the ordinary file
 * pipeline (checksums, zstd, encryption).
 *
 * The output is byte for byte the single-threaded one, chunk boundaries
 * included (zstd frames follow them): the workers log every room reservation
 * the encoder makes, and ChunkCutter replays CsvChunkBuilder's rule (a chunk
 * ends where a reservation no longer fits) and writeData's (a file ends at the
 * first row end at or past `split` bytes). Memory: each worker has at most
 * `WINDOW` slabs of ~1 MiB outstanding.
 */
import type { Worker } from 'node:worker_threads'
import type { HeldSnapshot } from '../backends/cluster/embedded/database.js'
import { CsvRowEncoder } from '../formats/csv-encode.js'
import { CsvChunkBuilder } from '../formats/csv-row.js'
import type { CsvStyle } from '../formats/csv-value.js'
import type { DumpTask, FromDumpWorker, SlabMessage } from './dump-protocol.js'
import { slabReaderOn } from '../backends/cluster/embedded/slab-reader.js'
import { SlabProducer } from './slab-producer.js'
import { startTransferWorker } from './worker-host.js'

const WINDOW = 4
/** Slabs each worker makes per slab of this thread (2 measured no better on two cores: this thread's share is cheap to make). */
const SHARE_OF = 1
const SLAB_BYTES = 1 << 20

/** A slab as the cutter reads it. */
interface Slab {
  /** The worker that made it (its buffers go back there). */
  readonly worker: number
  readonly rows: number
  readonly bytes: Buffer
  readonly events: Int32Array
  readonly count: number
  readonly maxN: number
}

/** Starts the workers once per dump; `close()` ends them. */
export class DumpWorkers {
  readonly workers: Worker[] = []
  private gen = 0
  private queues: FromDumpWorker[][] = []
  private waiters: ((() => void) | undefined)[] = []
  private failure: Error | undefined
  /** Who makes a slab of the current table: a worker's index, or -1 for this thread. */
  owner: (slab: number) => number = () => -1

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const w = startTransferWorker('dump-worker')
      const index = i
      this.queues.push([])
      this.waiters.push(undefined)
      w.on('message', (m: FromDumpWorker) => {
        if (m.gen !== this.gen) return
        this.queues[index]!.push(m)
        this.wake(index)
      })
      w.on('error', (e) => {
        this.failure = e
        this.wake(index)
      })
      w.on('exit', (code) => {
        if (code !== 0 && !this.failure) this.failure = new Error(`dump worker exited with code ${code}`)
        this.wake(index)
      })
      this.workers.push(w)
    }
  }

  private wake(i: number): void {
    const w = this.waiters[i]
    this.waiters[i] = undefined
    w?.()
  }

  private async receive(i: number): Promise<FromDumpWorker> {
    for (;;) {
      const q = this.queues[i]!
      if (q.length > 0) return q.shift()!
      if (this.failure) throw this.failure
      await new Promise<void>((r) => (this.waiters[i] = r))
    }
  }

  /**
   * Starts reading `path`; resolves to undefined when a worker's snapshot is
   * not the dump's (the caller then reads in this thread).
   */
  async open(dataDir: string, held: HeldSnapshot, path: string, style: CsvStyle): Promise<SlabSource | undefined> {
    const gen = ++this.gen
    this.queues = this.queues.map(() => [])
    const slabRows = estimateSlabRows(held, path, style)
    // Of every SHARE_OF slabs per worker + 1, this thread makes the first and
    // each worker SHARE_OF: this thread also cuts, copies and writes everything.
    const stride = this.workers.length * SHARE_OF + 1
    this.workers.forEach((w, i) => {
      const indices = Array.from({ length: SHARE_OF }, (_, k) => 1 + i + k * this.workers.length)
      const task: DumpTask = { type: 'table', gen, dataDir, path, seq: String(held.seq), style, slabRows, indices, stride, window: WINDOW }
      w.postMessage(task)
    })
    this.owner = (slab) => {
      const r = slab % stride
      return r === 0 ? -1 : (r - 1) % this.workers.length
    }
    const txn = held.tx.opts?.transaction
    const reader = txn ? slabReaderOn(held.tx.store, txn, path) : undefined
    if (!reader) return undefined
    const source = new SlabSource(this, gen, slabRows, new SlabProducer(reader, style, slabRows, 0, stride))
    return (await source.start()) ? source : undefined
  }

  /** Whether every worker's snapshot is the dump's (waits for each one's first answer). */
  async agreed(gen: number): Promise<boolean> {
    let ok = true
    for (let i = 0; i < this.workers.length; i++) {
      const m = await this.next(gen, i)
      this.queues[i]!.unshift(m)
      if (m.type === 'stale') ok = false
    }
    if (!ok) this.gen++ // the others' slabs are dropped; they stop at their next task
    return ok
  }

  /** The next message of the current run from worker `i`. */
  async next(gen: number, i: number): Promise<FromDumpWorker> {
    const m = await this.receive(i)
    if (m.type === 'error') {
      const e = new Error(m.message)
      if (m.stack) e.stack = m.stack
      throw e
    }
    if (gen !== this.gen) throw new Error('dump worker run superseded')
    return m
  }

  /** Hands a slab's buffers back to its worker: it may make one more. */
  credit(gen: number, i: number, bytes: ArrayBuffer, events: ArrayBuffer): void {
    this.workers[i]!.postMessage({ type: 'credit', gen, bytes, events }, [bytes, events])
  }

  get size(): number {
    return this.workers.length
  }

  async close(): Promise<void> {
    this.gen++
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(() => void w.terminate().then(() => resolve()), 2000)
            w.once('exit', () => {
              clearTimeout(t)
              resolve()
            })
            w.postMessage({ type: 'close' })
          }),
      ),
    )
  }
}

/** Rows per slab: about SLAB_BYTES of CSV, judged from the table's first rows. */
function estimateSlabRows(held: HeldSnapshot, path: string, style: CsvStyle): number {
  const t = held.tx.requireTable(path)
  const { rows } = held.tx.scanChunk(t, undefined, 64)
  if (rows.length === 0) return 4096
  const enc = new CsvRowEncoder(t.schema.columns.map((c) => c.type), style)
  const out = new CsvChunkBuilder(1 << 16)
  for (const r of rows) enc.write(r, out)
  const perRow = Math.max(1, out.bytes / rows.length)
  return Math.max(16, Math.min(16_384, Math.round(SLAB_BYTES / perRow)))
}

/** The slabs of one table, in order. */
export class SlabSource {
  private slab = 0
  private ended = false

  constructor(
    private readonly pool: DumpWorkers,
    private readonly gen: number,
    private readonly slabRows: number,
    private readonly own: SlabProducer,
  ) {}

  /** Waits for every worker's first answer: false when a worker's snapshot is not the dump's. */
  async start(): Promise<boolean> {
    return this.pool.agreed(this.gen)
  }

  /** The cutter is done with `s`. */
  release(s: Slab): void {
    const bytes = s.bytes.buffer as ArrayBuffer
    const events = s.events.buffer as ArrayBuffer
    if (s.worker >= 0) this.pool.credit(this.gen, s.worker, bytes, events)
    else if (this.own.spare.length < 2) this.own.spare.push({ bytes, events })
  }

  private take(m: FromDumpWorker, worker: number): Slab | undefined {
    if (m.type === 'stale') throw new Error(`dump worker: ${m.reason}`)
    if (m.type !== 'slab') {
      this.ended = true
      return undefined
    }
    const s = m as SlabMessage
    if (s.slab !== this.slab) throw new Error(`dump worker sent slab ${s.slab}, expected ${this.slab}`)
    this.slab++
    if (s.rows < this.slabRows) this.ended = true
    return { worker, rows: s.rows, bytes: Buffer.from(s.bytes, 0, s.length), events: new Int32Array(s.events), count: s.count, maxN: s.maxN }
  }

  /** The next slab, or undefined after the last. */
  async next(): Promise<Slab | undefined> {
    if (this.ended) return undefined
    const i = this.pool.owner(this.slab)
    if (i < 0) {
      // this thread's share: made here, between the writes
      const made = this.own.next()
      if (!made) {
        this.ended = true
        return undefined
      }
      if (made.slab !== this.slab) throw new Error(`dump slab ${made.slab}, expected ${this.slab}`)
      this.slab++
      if (made.rows < this.slabRows) this.ended = true
      const k = made.sink
      return { worker: -1, rows: made.rows, bytes: k.buf.subarray(0, k.off), events: k.events, count: k.count, maxN: k.maxN }
    }
    return this.take(await this.pool.next(this.gen, i), i)
  }
}

/**
 * Replays CsvChunkBuilder over the slabs' bytes: yields each data file as the
 * chunks the single-threaded dump would have made.
 */
export class ChunkCutter {
  private cur: Slab | undefined
  /** Global offset of `cur`'s first byte. */
  private base = 0
  /** Next event of `cur` to look at. */
  private ei = 0
  /** Bytes of `cur` already handed out (relative). */
  private used = 0
  private done = false
  rows = 0

  constructor(
    private readonly source: SlabSource,
    private readonly chunkBytes: number,
  ) {}

  /** Whether any bytes remain (fetches the next slab when the current one is used up). */
  async more(): Promise<boolean> {
    while (!this.done && (!this.cur || this.used >= this.cur.bytes.length)) {
      if (this.cur) {
        this.base += this.cur.bytes.length
        this.source.release(this.cur)
      }
      this.cur = await this.source.next()
      this.ei = 0
      this.used = 0
      if (!this.cur) this.done = true
      else this.rows += this.cur.rows
    }
    return !this.done
  }

  /** One file's chunks: up to the first row end at or past `split` bytes. */
  async *file(split: number): AsyncGenerator<Buffer> {
    const chunk = this.chunkBytes
    let c = this.base + this.used // chunk start (global)
    const fileStart = c
    let bufLen = chunk
    // the chunk being built: copied out of the slabs (their buffers go back to the workers)
    let acc = Buffer.allocUnsafe(chunk)
    let accLen = 0
    const append = (from: number, to: number): void => {
      if (to <= from) return
      if (accLen + to - from > acc.length) {
        const grown = Buffer.allocUnsafe(Math.max(acc.length * 2, accLen + to - from))
        acc.copy(grown, 0, 0, accLen)
        acc = grown
      }
      this.cur!.bytes.copy(acc, accLen, from, to)
      accLen += to - from
    }
    const emit = (upTo: number): Buffer | undefined => {
      // the chunk [c, upTo): what `acc` holds plus `cur` up to upTo
      const to = upTo - this.base
      append(this.used, to)
      this.used = Math.max(this.used, to)
      if (accLen === 0) return undefined
      const out = acc.subarray(0, accLen)
      acc = Buffer.allocUnsafe(chunk)
      accLen = 0
      return out
    }
    while (await this.more()) {
      const s = this.cur!
      const g = this.base
      const len = s.bytes.length
      // where this file ends in this slab (every slab ends with a row's \n)
      let fileEnd = Infinity
      const lastNl = fileStart + split - 1 - g
      if (lastNl < len) fileEnd = s.bytes.indexOf(0x0a, Math.max(lastNl, this.used)) + 1
      const ev = s.events
      for (;;) {
        // only a reservation starting after c + bufLen - maxN can overflow
        const threshold = c + bufLen - s.maxN - g
        let lo = this.ei
        let hi = s.count
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (ev[mid * 2]! < threshold) lo = mid + 1
          else hi = mid
        }
        let hit = -1
        for (let i = lo; i < s.count; i++) {
          const p = ev[i * 2]!
          if (p >= fileEnd) break
          const n = ev[i * 2 + 1]!
          if (g + p - c + n > bufLen) {
            hit = i
            break
          }
        }
        if (hit < 0) {
          this.ei = s.count
          break
        }
        const p = g + ev[hit * 2]!
        const n = ev[hit * 2 + 1]!
        if (p > c) {
          const out = emit(p)
          if (out) yield out
          c = p
          bufLen = chunk
        }
        if (n > bufLen) bufLen = Math.max(n, chunk)
        this.ei = hit + 1
      }
      if (fileEnd !== Infinity) {
        const out = emit(g + fileEnd)
        if (out) yield out
        // the next file starts with the first reservation at or after fileEnd
        let lo = 0
        let hi = s.count
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (ev[mid * 2]! < fileEnd) lo = mid + 1
          else hi = mid
        }
        this.ei = lo
        return
      }
      // the whole rest of this slab belongs to the current chunk
      append(this.used, len)
      this.used = len
    }
    if (accLen > 0) yield acc.subarray(0, accLen)
  }
}
