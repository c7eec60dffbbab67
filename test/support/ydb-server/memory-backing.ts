// A small in-memory database for the YDB test server, used while the embedded
// engine (src/backends/cluster/embedded/) is not importable. It covers exactly
// what the server's Scheme and Table services need: directories, tables with
// rows kept by primary key, consistent copies and snapshot reads. It does not
// run YQL (ExecuteDataQuery needs the embedded engine and our parser).
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { BackendErrorCode, type CopyItem, type OperationRecord, type OperationStore, type PathEntry, type Snapshot } from '../../../src/backends/cluster/cluster-backend.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import { isDecimal, type Row, type Value } from '../../../src/types/value.js'
import type { ServerBacking } from './ydb-test-server.js'

type Node = { kind: 'directory' } | { kind: 'table'; schema: TableSchema; rows: Map<string, Row>; readOnly: boolean }

const cmp = (a: Value, b: Value): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b)
  if (isDecimal(a) && isDecimal(b)) return a.unscaled < b.unscaled ? -1 : a.unscaled > b.unscaled ? 1 : 0
  return (a as never) < (b as never) ? -1 : (a as never) > (b as never) ? 1 : 0
}

const keyString = (k: readonly Value[]): string =>
  JSON.stringify(k, (_n, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))

const notFound = (p: string) => YqlError.of(BackendErrorCode.PathNotFound, `Path does not exist: ${p}`)

class MemoryOperations implements OperationStore {
  readonly ops = new Map<string, OperationRecord>()
  async put(op: OperationRecord) { this.ops.set(op.id, op) }
  async get(id: string) { return this.ops.get(id) }
  async list(kind?: string) { return [...this.ops.values()].filter((o) => !kind || o.kind === kind) }
  async forget(id: string) { return this.ops.delete(id) }
}

export class MemoryBacking implements ServerBacking {
  readonly nodes = new Map<string, Node>()
  readonly operations = new MemoryOperations()

  constructor(readonly database: string) {
    this.nodes.set(database, { kind: 'directory' })
  }

  private parent = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/'

  private ensureDirs(p: string): void {
    if (p.length <= this.database.length) return
    const n = this.nodes.get(p)
    if (n && n.kind !== 'directory') throw YqlError.of(BackendErrorCode.WrongPathType, `Path is not a directory: ${p}`)
    if (!n) {
      this.ensureDirs(this.parent(p))
      this.nodes.set(p, { kind: 'directory' })
    }
  }

  private entry(p: string, n: Node): PathEntry {
    return { path: p, name: p.split('/').pop() ?? '', type: n.kind === 'directory' ? 'directory' : 'table' }
  }

  async describePath(p: string) {
    const n = this.nodes.get(p)
    return n ? this.entry(p, n) : undefined
  }

  async listDirectory(p: string) {
    const n = this.nodes.get(p)
    if (!n) throw notFound(p)
    if (n.kind !== 'directory') throw YqlError.of(BackendErrorCode.WrongPathType, `Path is not a directory: ${p}`)
    return [...this.nodes].filter(([k]) => this.parent(k) === p && k !== p).map(([k, v]) => this.entry(k, v)).sort((a, b) => (a.name < b.name ? -1 : 1))
  }

  async describeTable(p: string) {
    const n = this.nodes.get(p)
    return n?.kind === 'table' ? n.schema : undefined
  }

  async makeDirectory(p: string) { this.ensureDirs(p) }

  async removeDirectory(p: string, opts: { recursive?: boolean } = {}) {
    const n = this.nodes.get(p)
    if (!n) throw notFound(p)
    const children = [...this.nodes.keys()].filter((k) => k.startsWith(`${p}/`))
    if (children.length && !opts.recursive) throw YqlError.of(BackendErrorCode.SchemeError, `Directory is not empty: ${p}`)
    for (const c of children) this.nodes.delete(c)
    this.nodes.delete(p)
  }

  async createTable(p: string, schema: TableSchema) {
    if (this.nodes.has(p)) throw YqlError.of(BackendErrorCode.PathExists, `Path already exists: ${p}`)
    this.ensureDirs(this.parent(p))
    this.nodes.set(p, { kind: 'table', schema, rows: new Map(), readOnly: false })
  }

  async dropTable(p: string) {
    const n = this.nodes.get(p)
    if (n?.kind !== 'table') throw notFound(p)
    this.nodes.delete(p)
  }

  private table(p: string) {
    const n = this.nodes.get(p)
    if (n?.kind !== 'table') throw notFound(p)
    return n
  }

  async bulkUpsert(p: string, rows: readonly Row[]) {
    const t = this.table(p)
    const keyIdx = t.schema.primaryKey.map((k) => t.schema.columns.findIndex((c) => c.name === k))
    for (const r of rows) t.rows.set(keyString(keyIdx.map((i) => r[i]!)), r)
  }

  async consistentCopy(items: readonly CopyItem[], opts: { omitIndexes?: boolean } = {}) {
    // Validate everything first: the copy is all-or-nothing.
    for (const it of items) {
      this.table(it.src)
      if (this.nodes.has(it.dst)) throw YqlError.of(BackendErrorCode.PathExists, `Path already exists: ${it.dst}`)
    }
    for (const it of items) {
      const t = this.table(it.src)
      this.ensureDirs(this.parent(it.dst))
      const schema = opts.omitIndexes ? { ...t.schema, indexes: [] } : t.schema
      this.nodes.set(it.dst, { kind: 'table', schema, rows: new Map(t.rows), readOnly: true })
    }
  }

  async snapshot(): Promise<Snapshot> {
    const frozen = new Map<string, { schema: TableSchema; rows: Row[] }>()
    for (const [p, n] of this.nodes) {
      if (n.kind !== 'table') continue
      const keyIdx = n.schema.primaryKey.map((k) => n.schema.columns.findIndex((c) => c.name === k))
      const rows = [...n.rows.values()].sort((a, b) => {
        for (const i of keyIdx) {
          const c = cmp(a[i]!, b[i]!)
          if (c) return c
        }
        return 0
      })
      frozen.set(p, { schema: n.schema, rows })
    }
    return {
      describeTable: (p: string) => frozen.get(p)?.schema,
      async *readTable(p: string, o: { batchRows?: number } = {}) {
        const t = frozen.get(p)
        if (!t) throw notFound(p)
        const n = o.batchRows ?? 1000
        for (let i = 0; i < t.rows.length; i += n) yield t.rows.slice(i, i + n)
      },
      release() {},
    }
  }
}
