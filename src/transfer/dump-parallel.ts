/**
 * The dump's data files from two threads at once (embedded engine only).
 *
 * Reading rows out of LMDB costs about as much as formatting them, and one
 * thread did both at ~40 MB/s. Here a worker thread (dump-worker.ts; more
 * than one measured no faster on two cores) opens the database on the dump's
 * snapshot (checked by commit counter) and makes slabs of rows as CSV straight
 * from the stored bytes (csv-stored.ts). This thread takes the slabs in order,
 * cuts them into files and chunks, and writes them through the ordinary file
 * pipeline (checksums, zstd, encryption, uploads).
 *
 * Who makes which slab is decided as the dump goes (SlabSource): the worker
 * always has up to WINDOW slabs asked of it, and this thread makes a slab
 * itself only when it would otherwise wait: while the worker starts, when the
 * worker falls behind, or for the whole table when the worker's snapshot is
 * not the dump's. So the writing (an S3 upload costs this thread as much as
 * making CSV) never waits for a fixed share of the work.
 *
 * The output is byte for byte the single-threaded one, chunk boundaries
 * included (zstd frames follow them): the slabs log every room reservation
 * the encoder makes, and ChunkCutter replays CsvChunkBuilder's rule (a chunk
 * ends where a reservation no longer fits) and writeData's (a file ends at the
 * first row end at or past `split` bytes). Memory: WINDOW slabs of ~1 MiB per
 * worker and OWN_AHEAD of this thread's are outstanding at most.
 */
import type { Worker } from 'node:worker_threads'
import type { HeldSnapshot } from '../backends/cluster/embedded/database.js'
import { CsvRowEncoder } from '../formats/csv-encode.js'
import { CsvChunkBuilder } from '../formats/csv-row.js'
import type { CsvStyle } from '../formats/csv-value.js'
import type { DumpTask, FromDumpWorker, MakeSlab } from './dump-protocol.js'
import { slabReaderOn } from '../backends/cluster/embedded/slab-reader.js'
import { SlabProducer, type SpareBuffers } from './slab-producer.js'
import { startTransferWorker } from './worker-host.js'

/** Slabs asked of a worker and not yet taken. */
const WINDOW = 4
/** Slabs this thread may make ahead of the one the cutter waits for. */
const OWN_AHEAD = 4
const SLAB_BYTES = 1 << 20

/** A slab as the cutter reads it. */
interface Slab {
  /** The worker that made it (its buffers go back there), -1 for this thread. */
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
  /** Where the current table's messages go. */
  private listener: ((worker: number, m: FromDumpWorker) => void) | undefined
  private failure: Error | undefined

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const w = startTransferWorker('dump-worker')
      const index = i
      w.on('message', (m: FromDumpWorker) => {
        if (m.gen === this.gen) this.listener?.(index, m)
      })
      w.on('error', (e) => this.fail(e))
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`dump worker exited with code ${code}`))
      })
      this.workers.push(w)
    }
  }

  private fail(e: Error): void {
    this.failure ??= e
    this.listener?.(-1, { type: 'error', gen: this.gen, message: e.message, ...(e.stack ? { stack: e.stack } : {}) })
  }

  /**
   * Starts reading `path` on the dump's snapshot; undefined when this thread
   * cannot read it (no such table). The workers join when their snapshot
   * proves to be the dump's; `slabBytes` sets the slab size (tests).
   */
  open(dataDir: string, held: HeldSnapshot, path: string, style: CsvStyle, slabBytes = SLAB_BYTES): SlabSource | undefined {
    if (this.failure) throw this.failure
    const txn = held.tx.opts?.transaction
    const reader = txn ? slabReaderOn(held.tx.store, txn, path) : undefined
    if (!reader) return undefined
    const gen = ++this.gen
    const slabRows = estimateSlabRows(held, path, style, slabBytes)
    const task: DumpTask = { type: 'table', gen, dataDir, path, seq: String(held.seq), style, slabRows }
    for (const w of this.workers) w.postMessage(task)
    const source = new SlabSource(this, gen, slabRows, new SlabProducer(reader, style, slabRows))
    this.listener = (i, m) => source.receive(i, m)
    return source
  }

  /** Asks worker `i` for slab `slab`, handing back a finished slab's buffers. */
  make(i: number, gen: number, slab: number, spare: SpareBuffers | undefined): void {
    const m: MakeSlab = spare ? { type: 'make', gen, slab, bytes: spare.bytes, events: spare.events } : { type: 'make', gen, slab }
    this.workers[i]!.postMessage(m, spare ? [spare.bytes, spare.events] : [])
  }

  get size(): number {
    return this.workers.length
  }

  async close(): Promise<void> {
    this.gen++
    this.listener = undefined
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

/** Rows per slab: about `slabBytes` of CSV, judged from the table's first rows. */
function estimateSlabRows(held: HeldSnapshot, path: string, style: CsvStyle, slabBytes: number): number {
  const t = held.tx.requireTable(path)
  const { rows } = held.tx.scanChunk(t, undefined, 64)
  if (rows.length === 0) return 4096
  const enc = new CsvRowEncoder(t.schema.columns.map((c) => c.type), style)
  const out = new CsvChunkBuilder(1 << 16)
  for (const r of rows) enc.write(r, out)
  const perRow = Math.max(1, out.bytes / rows.length)
  return Math.max(16, Math.min(16_384, Math.round(slabBytes / perRow)))
}

/** The slabs of one table, in order, made by the workers or by this thread (see the file comment). */
export class SlabSource {
  /** The slab the cutter takes next. */
  private wanted = 0
  /** The first slab nobody has been asked to make. */
  private unassigned = 0
  /** The first slab past the table's end, once a short slab has shown it. */
  private end = Infinity
  /** Made slabs (with rows) not yet taken. */
  private readonly made = new Map<number, Slab>()
  /** This thread's slabs in `made`. */
  private ownAhead = 0
  /** Per worker: slabs asked for and not yet received, whether its snapshot is the dump's (undefined until it says). */
  private readonly asked: number[][]
  private readonly up: (boolean | undefined)[]
  /** Per worker: buffers of its taken slabs, to hand back with the next request. */
  private readonly spare: SpareBuffers[][]
  private failure: Error | undefined
  private wake: (() => void) | undefined
  /** Whether next() has let the event loop turn since this thread last made a slab. */
  private yielded = false
  private upWaiters: (() => void)[] = []
  /** Slabs each maker made (tests and diagnostics): [this thread, worker 0, …]. */
  readonly madeBy: number[]

  constructor(
    private readonly pool: DumpWorkers,
    private readonly gen: number,
    private readonly slabRows: number,
    private readonly own: SlabProducer,
  ) {
    this.asked = pool.workers.map(() => [])
    this.up = pool.workers.map(() => undefined)
    this.spare = pool.workers.map(() => [])
    this.madeBy = [0, ...pool.workers.map(() => 0)]
  }

  /** A message of the current run from worker `i` (-1: the pool failed). */
  receive(i: number, m: FromDumpWorker): void {
    if (m.type === 'error') {
      const e = new Error(m.message)
      if (m.stack) e.stack = m.stack
      this.failure ??= e
    } else if (m.type === 'ready' || m.type === 'stale') {
      this.up[i] = m.type === 'ready'
      const waiters = this.upWaiters
      this.upWaiters = []
      for (const w of waiters) w()
    } else {
      if (this.asked[i]!.shift() !== m.slab) this.failure ??= new Error(`dump worker sent slab ${m.slab} out of order`)
      this.madeBy[i + 1]!++
      this.arrived(m.slab, m.rows, { worker: i, rows: m.rows, bytes: Buffer.from(m.bytes, 0, m.length), events: new Int32Array(m.events), count: m.count, maxN: m.maxN })
    }
    const w = this.wake
    this.wake = undefined
    w?.()
  }

  /** Whether every worker's snapshot is the dump's, once each has said (stale ones make nothing). */
  async workersUp(): Promise<boolean> {
    while (this.up.some((u) => u === undefined) && !this.failure) await new Promise<void>((r) => this.upWaiters.push(r))
    return this.up.every((u) => u === true)
  }

  private arrived(slab: number, rows: number, s: Slab): void {
    if (rows < this.slabRows) this.end = Math.min(this.end, rows > 0 ? slab + 1 : slab)
    if (rows > 0) this.made.set(slab, s)
    else this.release(s)
  }

  /** Keeps every ready worker WINDOW slabs ahead. */
  private topUp(): void {
    for (let i = 0; i < this.asked.length; i++) {
      if (this.up[i] !== true) continue
      const asked = this.asked[i]!
      while (asked.length < WINDOW && this.unassigned < this.end) {
        asked.push(this.unassigned)
        this.pool.make(i, this.gen, this.unassigned++, this.spare[i]!.pop())
      }
    }
  }

  /** Makes the first unassigned slab here. */
  private makeOwn(): void {
    const made = this.own.make(this.unassigned++)
    this.madeBy[0]!++
    const k = made.sink
    if (made.rows > 0) this.ownAhead++
    this.arrived(made.slab, made.rows, { worker: -1, rows: made.rows, bytes: k.buf.subarray(0, k.off), events: k.events, count: k.count, maxN: k.maxN })
  }

  /** The cutter is done with `s`: its buffers go back to its maker. */
  release(s: Slab): void {
    const spare = { bytes: s.bytes.buffer as ArrayBuffer, events: s.events.buffer as ArrayBuffer }
    const list = s.worker >= 0 ? this.spare[s.worker]! : this.own.spare
    if (list.length < 2) list.push(spare)
  }

  /** The next slab, or undefined after the last. */
  async next(): Promise<Slab | undefined> {
    for (;;) {
      if (this.failure) throw this.failure
      if (this.wanted >= this.end) return undefined
      this.topUp()
      const s = this.made.get(this.wanted)
      if (s) {
        this.made.delete(this.wanted++)
        if (s.worker < 0) this.ownAhead--
        return s
      }
      const makeHere = this.unassigned === this.wanted || (this.ownAhead < OWN_AHEAD && this.unassigned < this.end)
      if (!makeHere) {
        await new Promise<void>((r) => (this.wake = r))
        continue
      }
      // Workers' messages (a slab, or `ready`) are only seen between event-loop turns, and a
      // pipeline that never waits for IO would not take one: look before making a slab here.
      if (!this.yielded) {
        this.yielded = true
        await new Promise<void>((r) => setImmediate(r))
        continue
      }
      this.yielded = false
      // nobody makes the wanted slab yet, or a worker has it: make it, or a later one meanwhile
      this.makeOwn()
    }
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
