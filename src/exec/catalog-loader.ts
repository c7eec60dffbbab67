// Loads, from a cluster, the part of the catalogue one backup statement's plan
// depends on, into a CatalogSnapshot the pure planner reads.
import type { ClusterBackend, PathType } from '../backends/cluster/cluster-backend.js'
import type { BackupStatement } from '../ast/nodes.js'
import { CatalogSnapshot, parseBackupName, type BackupInfo, type CollectionInfo } from '../plan/catalog.js'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { baseName, collectionsRoot, parentPath, relativeToDatabase, resolveCollectionPath, resolvePath } from '../plan/paths.js'
import type { CollectionSpec } from '../plan/plan.js'
import type { TableSchema } from '../types/table-schema.js'
import { descriptionToSpec } from './executor.js'

/** Relative paths of every table below `dir` (recursively), sorted. */
async function tablesBelow(cluster: ClusterBackend, dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await cluster.listDirectory(dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    if (e.type === 'table') out.push(rel)
    else if (e.type === 'directory') out.push(...(await tablesBelow(cluster, `${dir}/${e.name}`, rel)))
  }
  return out.sort()
}

/** Opens external storage URLs (extension). */
export type StorageOpener = (url: string) => Promise<StorageBackend>

/**
 * Complete backups in a collection's external storage: `<name>/<backup>/<rel>/scheme.pb`
 * files, minus backups whose dump still has its `incomplete` marker.
 */
async function storageBackups(opener: StorageOpener, url: string, collection: string): Promise<Map<string, string[]>> {
  const storage = await opener(url)
  const prefix = `${baseName(collection)}/`
  const found = new Map<string, string[]>()
  const incomplete = new Set<string>()
  try {
    for await (const o of storage.list(prefix)) {
      const rest = o.key.slice(prefix.length)
      const slash = rest.indexOf('/')
      if (slash < 0) continue
      const name = rest.slice(0, slash)
      const inner = rest.slice(slash + 1)
      if (!parseBackupName(name)) continue
      if (inner === 'incomplete') incomplete.add(name)
      else if (inner.endsWith('/scheme.pb')) found.set(name, [...(found.get(name) ?? []), inner.slice(0, -'/scheme.pb'.length)])
    }
  } finally {
    await storage.close()
  }
  for (const n of incomplete) found.delete(n)
  return found
}

/** A collection with its backups, as stored; undefined when `path` is not a collection. */
export async function loadCollection(cluster: ClusterBackend, path: string, opener?: StorageOpener): Promise<CollectionInfo | undefined> {
  const desc = await cluster.describeBackupCollection(path)
  if (!desc) return undefined
  const backups = new Map<string, BackupInfo>()
  for (const e of await cluster.listDirectory(path)) {
    const parsed = parseBackupName(e.name)
    // Anything else (a staging directory, a stray name) is not a backup.
    if (!parsed || e.type !== 'directory') continue
    backups.set(e.name, { name: e.name, ...parsed, tables: await tablesBelow(cluster, `${path}/${e.name}`) })
  }
  const spec = descriptionToSpec(desc)
  if (spec.storage !== 'cluster' && opener) {
    for (const [name, tables] of await storageBackups(opener, spec.storage, path)) {
      const have = backups.get(name)
      backups.set(name, have ? { ...have, inStorage: true } : { name, ...parseBackupName(name)!, tables: tables.sort(), inCluster: false, inStorage: true })
    }
  }
  const list = [...backups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { path, spec, backups: list }
}

/** What the planner may ask about `stmt`, read from the cluster. */
export async function loadCatalog(cluster: ClusterBackend, stmt: BackupStatement, pathPrefix: string, opener?: StorageOpener): Promise<CatalogSnapshot> {
  const db = cluster.database
  const collections = new Map<string, CollectionInfo>()
  const paths = new Map<string, PathType>()
  const schemas = new Map<string, TableSchema>()
  const probe = async (p: string): Promise<PathType | undefined> => {
    if (paths.has(p)) return paths.get(p)
    const e = await cluster.describePath(p)
    if (e) paths.set(p, e.type)
    return e?.type
  }
  // Existence of a path and of its ancestors (for "nearest resolved path").
  const probeUp = async (p: string) => {
    for (let q = p; q !== '/' && q.length >= db.length; q = parentPath(q)) if ((await probe(q)) !== undefined) break
  }
  const ref = stmt.kind === 'Backup' || stmt.kind === 'Restore' ? stmt.collection : stmt.name
  const cpath = resolveCollectionPath(ref.name.text, db)
  if (cpath === undefined) return new CatalogSnapshot(db)
  await probeUp(cpath)
  // Only RESTORE needs what is in external storage.
  const info = paths.get(cpath) === 'backupCollection' ? await loadCollection(cluster, cpath, stmt.kind === 'Restore' ? opener : undefined) : undefined
  if (info) collections.set(cpath, info)
  if (stmt.kind === 'CreateBackupCollection') for (const t of stmt.entries?.kind === 'TableEntries' ? stmt.entries.tables : []) await probe(resolvePath(t.text, pathPrefix))
  if (info && stmt.kind === 'Backup') {
    for (const t of info.spec.tables) await probeUp(t)
    const full = [...info.backups].reverse().find((b) => b.kind === 'full')
    if (stmt.incremental && full) {
      for (const t of info.spec.tables) {
        const rel = relativeToDatabase(t, db)
        const now = paths.get(t) === 'table' ? await cluster.describeTable(t) : undefined
        const then = rel !== undefined ? await cluster.describeTable(`${cpath}/${full.name}/${rel}`) : undefined
        if (now) schemas.set(t, now)
        if (then) schemas.set(`${cpath}/${full.name}/${rel}`, then)
      }
    }
  }
  if (info && stmt.kind === 'Restore') {
    const rels = new Set(info.backups.flatMap((b) => b.tables))
    for (const rel of rels) await probe(`${db}/${rel}`)
  }
  return new CatalogSnapshot(db, collections, paths, schemas, [], await loadAllCollections(cluster))
}

/** Every collection of the database with its settings (no backups). */
async function loadAllCollections(cluster: ClusterBackend): Promise<{ path: string; spec: CollectionSpec }[]> {
  const root = collectionsRoot(cluster.database)
  if (!(await cluster.describePath(root))) return []
  const out: { path: string; spec: CollectionSpec }[] = []
  for (const e of await cluster.listDirectory(root)) {
    if (e.type !== 'backupCollection') continue
    const d = await cluster.describeBackupCollection(`${root}/${e.name}`)
    if (d) out.push({ path: `${root}/${e.name}`, spec: descriptionToSpec(d) })
  }
  return out
}
