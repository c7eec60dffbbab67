// Drives an EmbeddedCluster through the transaction API the way the scenarios'
// statements would (UPSERT / REPLACE / DELETE as writeRow / deleteRow).
import { openEmbeddedCluster, type EmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { decodeChangeMetadata } from '../../../src/backends/cluster/embedded/incremental-format.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import type { Value } from '../../../src/types/value.js'
import { KV, tempDir } from './helpers.js'

export interface Harness {
  readonly c: EmbeddedCluster
  /** UPSERT of the listed columns (all when omitted). */
  upsert(path: string, rows: readonly (readonly Value[])[], columns?: readonly string[]): void
  replace(path: string, rows: readonly (readonly Value[])[], columns?: readonly string[]): void
  del(path: string, ...keys: Value[]): void
  rows(path: string): Value[][]
  /** `{1:10, ~2}`-style listing of a backup table (tombstones as `~k`). */
  delta(path: string): string
  backupFull(coll: string): Promise<string>
  backupIncremental(coll: string): Promise<string>
  restoreColl(coll: string, target?: string): Promise<void>
  create(path?: string, schema?: TableSchema): void
  close(): Promise<void>
}

/** A cluster in a temp dir with one collection `C` over `/local/T` (incrementals on). */
export async function harness(): Promise<Harness> {
  const { dir, cleanup } = tempDir()
  const c = await openEmbeddedCluster({ dataDir: dir })
  const db = c.db
  let seq = 0
  const collPath = (n: string) => `/local/.backups/collections/${n}`
  const write = (path: string, rows: readonly (readonly Value[])[], kind: 'upsert' | 'replace', columns?: readonly string[]) =>
    db.write((tx) => {
      const t = tx.resolveTable(path)!
      const names = columns ?? t.schema.columns.map((x) => x.name)
      const pos = names.map((n) => t.schema.columns.findIndex((x) => x.name === n))
      for (const r of rows) {
        const key = t.schema.primaryKey.map((k) => r[names.indexOf(k)]!)
        const cur = tx.get(t, key)
        const full: Value[] = kind === 'upsert' && cur ? [...cur] : t.schema.columns.map(() => null)
        pos.forEach((p, i) => { full[p] = r[i]! })
        tx.writeRow(t, full, { kind, columns: pos })
      }
    })
  const backups = async (coll: string) => (await c.listDirectory(collPath(coll))).map((e) => e.name)
  const h: Harness = {
    c,
    upsert: (p, r, cols) => write(p, r, 'upsert', cols),
    replace: (p, r, cols) => write(p, r, 'replace', cols),
    del: (p, ...keys) => db.write((tx) => { for (const k of keys) tx.deleteRow(tx.resolveTable(p)!, [k]) }),
    rows: (p) => db.read((tx) => [...tx.scan(tx.resolveTable(p)!)].map((r) => [...r])),
    delta: (p) => {
      const out = db.read((tx) => [...tx.scan(tx.resolveTable(p)!)]).map((r) => {
        const m = decodeChangeMetadata(r[r.length - 1] as Uint8Array)
        return m.isDeleted ? `~${r[0]}` : `${r[0]}:${r.slice(1, -1).map((v) => (v === null ? 'NULL' : String(v))).join(',')}`
      })
      return `{${out.join(', ')}}`
    },
    backupFull: async (coll) => {
      const name = `2025010100${String(seq++).padStart(4, '0')}Z_full`
      const d = await c.describeBackupCollection(collPath(coll))
      await c.consistentCopy(
        d!.tables.map((t) => ({ src: t, dst: `${collPath(coll)}/${name}/${t.slice('/local/'.length)}` })),
        d!.incrementalBackupEnabled ? { changeCapture: `${name}_continuousBackupImpl` } : {},
      )
      return `${collPath(coll)}/${name}`
    },
    backupIncremental: async (coll) => {
      const name = `2025010100${String(seq++).padStart(4, '0')}Z_incremental`
      const d = await c.describeBackupCollection(collPath(coll))
      await c.takeIncrementalBackup(
        d!.tables.map((t) => ({ src: t, dst: `${collPath(coll)}/${name}/${t.slice('/local/'.length)}` })),
        { nextStream: `${name}_continuousBackupImpl` },
      )
      return `${collPath(coll)}/${name}`
    },
    restoreColl: async (coll) => {
      const d = await c.describeBackupCollection(collPath(coll))
      const names = (await backups(coll)).sort()
      let full: string | undefined
      let incs: string[] = []
      for (const n of names) {
        if (n.endsWith('_full')) { full = n; incs = [] } else incs.push(n)
      }
      await c.restore(
        d!.tables.map((t) => {
          const rel = t.slice('/local/'.length)
          return { target: t, full: `${collPath(coll)}/${full}/${rel}`, incrementals: incs.map((i) => `${collPath(coll)}/${i}/${rel}`) }
        }),
        {},
      )
    },
    create: (p = '/local/T', s = KV) => db.write((tx) => { tx.createTable(p, s) }),
    close: async () => {
      await c.close()
      cleanup()
    },
  }
  return h
}

export async function withCollection(h: Harness, tables = ['/local/T'], incremental = true): Promise<void> {
  await h.c.createBackupCollection('/local/.backups/collections/C', {
    tables,
    storage: 'cluster',
    incrementalBackupEnabled: incremental,
    omitIndexes: false,
  })
}
