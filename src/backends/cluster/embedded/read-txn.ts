// ReadTxn over the store: a read snapshot (an LMDB read transaction), or the
// current write transaction when used as the base of a WriteTxn.
import type { Database, Transaction } from 'lmdb'
import type { KeyCodec } from '../../../types/key-codec.js'
import type { Row, Value } from '../../../types/value.js'
import type { CollectionDescription, PathEntry } from '../cluster-backend.js'
import { catalogKey, childrenRange, decodeJson, joinPath, normalizePath, pathParts, type CatalogEntry } from './catalog.js'
import type { KeyBound, KeyRange, ReadTxn, TableHandle } from './engine-api.js'
import { pathNotFound, schemeError, wrongPathType } from './errors.js'
import type { Store } from './store.js'
import { idPrefix, TableRuntime } from './table-runtime.js'

const FF = Buffer.from([0xff])

// A second handle on the rows sub-database for snapshot scans, whose key and
// value hooks decode a row straight out of lmdb-js's shared read buffers:
// lmdb-js would otherwise copy every key and value into fresh Buffers (binary
// encoding), which cost more than decoding. The hooks run synchronously inside
// the iterator's next(), so `scanning` is set just before each next() call
// (scans of several tables may be interleaved). Relies on lmdb-js 3's store
// properties readKey/decoder/decoderCopies (read.js: a decoder that copies is
// handed the shared buffer with its length set to the value's size).
let scanning: TableRuntime | undefined
let scanned: Value[] = []
const rowScanners = new WeakMap<Store, Database<Value[], Buffer>>()

function rowScanner(store: Store): Database<Value[], Buffer> {
  let h = rowScanners.get(store)
  if (h) return h
  h = store.root.openDB<Value[], Buffer>({ name: 'rows', keyEncoding: 'binary', encoding: 'binary' })
  const hooks = h as unknown as {
    readKey: (buf: Buffer, start: number, end: number) => Value[]
    decoder: { decode: (buf: Buffer, size: number) => Value[] }
    decoderCopies: boolean
  }
  hooks.readKey = (buf, start) => {
    const rt = scanning!
    scanned = new Array(rt.schema.columns.length)
    rt.keyCodec.decodeInto(buf, start + 4, scanned, rt.keyPositions)
    return scanned
  }
  hooks.decoder = {
    decode: (buf) => {
      const rt = scanning!
      if (rt.valuePositions.length > 0) rt.valueCodec.decodeInto(buf, scanned, rt.valuePositions)
      return scanned
    },
  }
  hooks.decoderCopies = true
  rowScanners.set(store, h)
  return h
}

/** LMDB start/end keys of a range over `prefix` + encoded (partial) keys. */
export function rangeBounds(prefix: Buffer, codec: KeyCodec, range?: KeyRange): { start: Buffer; end: Buffer } {
  const after = (b: KeyBound): Buffer => Buffer.concat([codec.encode(b.key, prefix), FF])
  const start = !range?.from ? prefix : range.from.inclusive ? codec.encode(range.from.key, prefix) : after(range.from)
  let end: Buffer
  if (!range?.to) {
    end = Buffer.from(prefix)
    end.writeUInt32BE(prefix.readUInt32BE(0) + 1, 0)
  } else {
    end = range.to.inclusive ? after(range.to) : codec.encode(range.to.key, prefix)
  }
  return { start, end }
}

export class ReadTxnImpl implements ReadTxn {
  /** Options that bind LMDB reads to this snapshot (undefined: the write transaction). */
  readonly opts: { transaction: Transaction } | undefined
  private readonly tables = new Map<string, TableRuntime | null>()

  constructor(readonly store: Store, txn?: Transaction) {
    this.opts = txn ? { transaction: txn } : undefined
  }

  /** The raw catalogue entry at a path. */
  entry(path: string): CatalogEntry | undefined {
    const p = normalizePath(path)
    if (p === '/') return { type: 'directory', createdAt: 0 }
    const raw = this.store.catalog.get(catalogKey(p), this.opts)
    return raw ? decodeJson<CatalogEntry>(raw) : undefined
  }

  /** Invalidates cached handles (after a scheme change in this transaction). */
  protected forget(path?: string): void {
    if (path === undefined) this.tables.clear()
    else this.tables.delete(normalizePath(path))
  }

  private toPathEntry(path: string, e: CatalogEntry): PathEntry {
    const parts = pathParts(path)
    return { path, name: parts[parts.length - 1] ?? '', type: e.type, createdAt: e.createdAt }
  }

  getPath(path: string): PathEntry | undefined {
    const p = normalizePath(path)
    const e = this.entry(p)
    return e ? this.toPathEntry(p, e) : undefined
  }

  /** The nearest existing ancestor of a path (for error messages). */
  nearest(path: string): string {
    const parts = pathParts(path)
    while (parts.length > 0) {
      parts.pop()
      const p = '/' + parts.join('/')
      if (this.entry(p)) return p
    }
    return '/'
  }

  /** Children as [name, entry] pairs. */
  children(dir: string): [string, CatalogEntry][] {
    const { start, end } = childrenRange(dir)
    const out: [string, CatalogEntry][] = []
    for (const { key, value } of this.store.catalog.getRange({ start, end, ...this.opts })) {
      const k = key.toString('utf8')
      out.push([k.slice(k.indexOf('\u0000') + 1), decodeJson<CatalogEntry>(value)])
    }
    return out
  }

  listDirectory(path: string): PathEntry[] {
    const p = normalizePath(path)
    const e = this.entry(p)
    if (!e) throw pathNotFound(p, this.nearest(p))
    if (e.type === 'table') throw wrongPathType(p, 'directory', 'table')
    return this.children(p).map(([name, c]) => this.toPathEntry(joinPath(p, name), c))
  }

  resolveTable(path: string): TableRuntime | undefined {
    const p = normalizePath(path)
    const cached = this.tables.get(p)
    if (cached !== undefined) return cached ?? undefined
    const e = this.entry(p)
    const t = e && e.type === 'table' ? new TableRuntime(p, e) : undefined
    this.tables.set(p, t ?? null)
    return t
  }

  /** Resolves a table or throws YDB's path error. */
  requireTable(path: string): TableRuntime {
    const t = this.resolveTable(path)
    if (t) return t
    const p = normalizePath(path)
    const e = this.entry(p)
    if (e) throw wrongPathType(p, 'table', e.type)
    throw pathNotFound(p, this.nearest(p))
  }

  /** The runtime for a handle (handles from another transaction are re-resolved). */
  runtime(t: TableHandle): TableRuntime {
    if (t instanceof TableRuntime && (t.detached || this.tables.get(t.path) === t)) return t
    return this.requireTable(t.path)
  }

  getCollection(path: string): CollectionDescription | undefined {
    const e = this.entry(path)
    return e?.type === 'backupCollection' ? e.collection : undefined
  }

  get(t: TableHandle, key: readonly Value[]): Row | undefined {
    const rt = this.runtime(t)
    if (key.length !== rt.keyPositions.length) throw schemeError(`Key of table ${rt.path} needs ${rt.keyPositions.length} values, got ${key.length}`)
    const k = rt.rowKey(key)
    const v = this.store.rows.get(k, this.opts)
    return v === undefined ? undefined : rt.decodeRow(k, v)
  }

  *scan(t: TableHandle, range?: KeyRange): Iterable<Row> {
    const rt = this.runtime(t)
    const { start, end } = rangeBounds(rt.prefix, rt.keyCodec, range)
    if (!this.opts) {
      for (const { key, value } of this.store.rows.getRange({ start, end })) yield rt.decodeRow(key, value)
      return
    }
    // A snapshot: rows decoded in lmdb-js's buffers (rowScanner).
    const it = rowScanner(this.store).getRange({ start, end, ...this.opts })[Symbol.iterator]()
    try {
      for (;;) {
        scanning = rt
        const n = it.next()
        if (n.done) return
        yield n.value.value
      }
    } finally {
      it.return?.()
    }
  }

  *scanIndex(t: TableHandle, index: string, range?: KeyRange): Iterable<Row> {
    const rt = this.runtime(t)
    const ix = rt.indexes.find((i) => i.schema.name === index)
    if (!ix) throw schemeError(`Index ${index} of table ${rt.path} does not exist`)
    const { start, end } = rangeBounds(ix.prefix, ix.codec, range)
    for (const { key } of this.store.index.getRange({ start, end, ...this.opts })) {
      const { end: at } = ix.codec.decode(key, 4)
      const pk = rt.keyCodec.decode(key, at).values
      const row = this.get(rt, pk)
      if (row) yield row
    }
  }

  /**
   * Up to `limit` rows of a table starting after the stored key `after`
   * (from the start when undefined): bounded reads for long operations that
   * must not keep an iterator open across awaits.
   */
  scanChunk(t: TableHandle, after: Buffer | undefined, limit: number): { rows: Row[]; last: Buffer | undefined } {
    const rt = this.runtime(t)
    const start = after ? Buffer.concat([after, Buffer.from([0])]) : rt.prefix
    const end = idPrefix(rt.id + 1)
    const rows: Row[] = []
    let last: Buffer | undefined
    for (const { key, value } of this.store.rows.getRange({ start, end, limit, ...this.opts })) {
      rows.push(rt.decodeRow(key, value))
      last = key
    }
    return { rows, last }
  }

  /** Number of rows of a table (a full key count). */
  countRows(t: TableHandle): number {
    const rt = this.runtime(t)
    const { start, end } = rangeBounds(rt.prefix, rt.keyCodec)
    return this.store.rows.getKeysCount({ start, end, ...this.opts })
  }

  /** Whether a table has at least `n` rows (steps over n keys, not the whole table). */
  hasRows(t: TableHandle, n: number): boolean {
    if (n <= 0) return true
    const rt = this.runtime(t)
    const { start, end } = rangeBounds(rt.prefix, rt.keyCodec)
    for (const _ of this.store.rows.getKeys({ start, end, offset: n - 1, limit: 1, ...this.opts })) return true
    return false
  }
}
