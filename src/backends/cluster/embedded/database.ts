// The embedded database: an LMDB environment in a data directory.
//
// Every write() is one LMDB write transaction (serialised across processes by
// LMDB's own lock) that also bumps a commit counter, so a reader can tell
// whether anything committed since its snapshot.
//
// Durability: by default a commit returns once it is in the OS page cache and
// the fsync happens in the background: a killed process never loses or
// half-applies a committed statement (LMDB's copy-on-write B-trees reopen at
// the last commit after SIGKILL), but an OS crash or power loss may lose recent
// commits. `durability: 'full'` fsyncs every commit before returning (slower).
import type { Transaction } from 'lmdb'
import type { EmbeddedDatabase, ReadTxn, WriteTxn } from './engine-api.js'
import { ReadTxnImpl } from './read-txn.js'
import { META_SEQ, openStore, type Store } from './store.js'
import { translateWriteError } from './storage-errors.js'
import { WriteTxnImpl } from './write-txn.js'

// ABORTABLE | SYNCHRONOUS_COMMIT [| NO_SYNC_FLUSH] (see lmdb's TransactionFlags).
const FULL_SYNC_FLAGS = 0x1 | 0x2
const PROCESS_SAFE_FLAGS = 0x1 | 0x2 | 0x10000

/** Options of openEmbeddedDatabase. */
export interface EmbeddedDatabaseOptions {
  /** 'process' (default): survives killed processes; 'full': also OS crashes (fsync per commit). */
  readonly durability?: 'process' | 'full'
}

/** A read snapshot that outlives one callback (snapshot(), consistentCopy). */
export interface HeldSnapshot {
  readonly tx: ReadTxnImpl
  /** The commit counter the snapshot sees. */
  readonly seq: bigint
  release(): void
}

export class EmbeddedDb implements EmbeddedDatabase {
  private closed = false
  private readonly flags: number
  /** Write transactions this process committed (to tell other processes' commits from ours). */
  commits = 0n
  constructor(
    readonly store: Store,
    opts: EmbeddedDatabaseOptions = {},
    private readonly dataDir = '',
  ) {
    this.flags = opts.durability === 'full' ? FULL_SYNC_FLAGS : PROCESS_SAFE_FLAGS
  }

  /** The data directory (other threads open the same environment from it). */
  get directory(): string {
    return this.dataDir
  }

  read<T>(fn: (tx: ReadTxn) => T): T {
    const s = this.hold()
    try {
      return fn(s.tx)
    } finally {
      s.release()
    }
  }

  /** Opens a read snapshot the caller must release. */
  hold(): HeldSnapshot {
    // The shared read transaction may predate other processes' commits.
    this.store.root.resetReadTxn()
    const txn: Transaction = this.store.root.useReadTransaction()
    const tx = new ReadTxnImpl(this.store, txn)
    const raw = this.store.meta.get(META_SEQ, { transaction: txn })
    let released = false
    return {
      tx,
      seq: raw ? raw.readBigUInt64BE(0) : 0n,
      release: () => {
        if (!released) txn.done()
        released = true
      },
    }
  }

  write<T>(fn: (tx: WriteTxn) => T): T {
    return this.writeInternal(fn)
  }

  /** write() with the engine-internal transaction type. */
  writeInternal<T>(fn: (tx: WriteTxnImpl) => T): T {
    if (this.closed) throw new Error('the embedded database is closed')
    let out: T
    try {
      out = this.store.root.transactionSync(() => {
        const tx = new WriteTxnImpl(this.store)
        const result = fn(tx)
        this.bumpSeq()
        return result
      }, this.flags)
    } catch (e) {
      throw translateWriteError(e, this.dataDir)
    }
    this.commits++
    return out
  }

  /**
   * A write to the operation records alone: it leaves the commit counter (and
   * `commits`) as they are, since no table or catalog entry changes, so a dump
   * whose operation record is updated while it runs keeps its snapshot's
   * identity (dump workers check it by counter, slab-reader.ts).
   */
  writeOperations<T>(fn: (ops: Store['ops']) => T): T {
    if (this.closed) throw new Error('the embedded database is closed')
    try {
      return this.store.root.transactionSync(() => fn(this.store.ops), this.flags)
    } catch (e) {
      throw translateWriteError(e, this.dataDir)
    }
  }

  /** The commit counter as the current write transaction sees it. */
  currentSeq(): bigint {
    const raw = this.store.meta.get(META_SEQ)
    return raw ? raw.readBigUInt64BE(0) : 0n
  }

  private bumpSeq(): void {
    const b = Buffer.allocUnsafe(8)
    b.writeBigUInt64BE(this.currentSeq() + 1n, 0)
    this.store.meta.putSync(META_SEQ, b)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.store.root.flushed
    await this.store.root.close()
  }
}

/** Opens (creating if needed) the database in `dataDir`. */
export function openEmbeddedDatabase(dataDir: string, opts: EmbeddedDatabaseOptions = {}): EmbeddedDb {
  return new EmbeddedDb(openStore(dataDir), opts, dataDir)
}
