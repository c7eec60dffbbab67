// Pacing of long operations (consistent copy, restore) that write in many
// chunks: LMDB has one write lock for every process, and a process that
// releases it and takes it again straight away starves the others (a woken
// waiter rarely gets scheduled in time). The pacer keeps each chunk's lock hold
// short (about TARGET_MS) and, when other writers are active, leaves the lock
// free for longer than it held it, so they keep well over half their throughput.
//
// Other writers are detected without any shared state: the commit counter
// (META_SEQ) moved between our last commit and our next one by more than this
// process committed meanwhile, i.e. another process committed in the gap; or
// the event loop was busy when we yielded (writers of this process). With no
// other writer the copy runs at full speed.
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { EmbeddedDb } from './database.js'
import type { WriteTxnImpl } from './write-txn.js'

/** Lock hold per chunk the pacer aims at (ms). */
const TARGET_MS = 2
/** Free-lock time left to other writers, as a multiple of our hold time. */
const SHARE = 1.5
/** Chunks kept in the slow, sharing mode after other writers were last seen. */
const LINGER = 8
/** An event-loop turn longer than this (ms) means other work of this process ran. */
const LOCAL_WORK_MS = 0.1
/** In full-speed mode, every PROBE-th gap is 1 ms long, so that a writer of another process blocked on the lock gets in (and is noticed). */
const PROBE = 8

/**
 * Bounds of the chunk size (rows); memory stays bounded by MAX_ROWS. Each commit
 * has a fixed cost that grows with LMDB's free list (large after a long snapshot
 * with concurrent writers), so chunks never shrink below MIN_ROWS: smaller ones
 * would multiply that cost (measured: a 1M-row restore 15x slower).
 */
export const MIN_ROWS = 1000
export const MAX_ROWS = 5000

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Paces one long operation's chunked write transactions (see the file comment). */
export class WritePacer {
  /** Rows for the next chunk: adapted so a chunk holds the lock about TARGET_MS. */
  rows = 500
  private ourSeq: bigint | undefined
  private ourCommits = 0n
  private heldMs = 0
  private sharing = 0
  private chunks = 0
  /** Chunks written while other writers were active (for tests and benchmarks). */
  contendedChunks = 0

  constructor(private readonly db: EmbeddedDb) {}

  /** Runs one chunk of `n` rows as a write transaction. */
  write<T>(n: number, fn: (tx: WriteTxnImpl) => T): T {
    let t0 = 0
    const result = this.db.writeInternal((tx) => {
      t0 = performance.now() // the lock is ours from here
      const seq = this.db.currentSeq()
      // Commits since our last chunk, minus those of this process (progress records, statements).
      const foreign = this.ourSeq === undefined ? 0n : seq - this.ourSeq - (this.db.commits - this.ourCommits)
      if (foreign > 0n) this.sharing = LINGER
      const r = fn(tx)
      this.ourSeq = seq + 1n // writeInternal bumps the counter once after fn
      return r
    })
    this.ourCommits = this.db.commits
    this.heldMs = performance.now() - t0
    if (this.sharing > 0) this.contendedChunks++
    if (n > 0) {
      const perRow = this.heldMs / n
      const want = perRow > 0 ? TARGET_MS / perRow : MAX_ROWS
      this.rows = Math.round(Math.min(MAX_ROWS, Math.max(MIN_ROWS, (this.rows + want) / 2)))
    }
    return result
  }

  /** Yields between chunks: briefly when nobody else writes, long enough for them to get their share otherwise. */
  async pause(): Promise<void> {
    const t = performance.now()
    await yieldToLoop()
    // Work of this process was waiting (an empty turn of the loop takes a few µs):
    // it ran in the gap, give it more.
    const local = performance.now() - t > LOCAL_WORK_MS
    if (this.sharing > 0 || local) {
      if (this.sharing > 0) this.sharing--
      await sleep(Math.min(50, Math.max(1, Math.ceil(this.heldMs * SHARE))))
    } else if (++this.chunks % PROBE === 0) await sleep(1)
  }
}
