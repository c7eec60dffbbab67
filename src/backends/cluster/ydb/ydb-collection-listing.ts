// A backup collection's description as far as a YDB client can see it.
//
// YDB's public Scheme API has no DescribeBackupCollection: the collection's
// settings live in SchemeShard. What a client can see is the collection's
// backups (`<stamp>_full`, `<stamp>_incremental` directories) and the tables
// inside them, so the description is inferred from those:
// - tables: those of the newest full backup (none before the first backup);
// - incrementalBackupEnabled: true (unknown; the server refuses an
//   INCREMENTAL of a collection without it, with its own words);
// - storage 'cluster' (YDB stores backups in the cluster only).
// The result carries `settings.inferred = 'true'`.
import type { ClusterBackend, CollectionDescription } from '../cluster-backend.js'

// YDB names backups `<YYYYMMDDhhmmss>Z_full` / `..._incremental`.
const BACKUP_NAME = /^\d{14}Z_(full|incremental)$/

async function tablesBelow(c: Pick<ClusterBackend, 'listDirectory'>, dir: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await c.listDirectory(dir)) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.type === 'table') out.push(r)
    else if (e.type === 'directory') out.push(...(await tablesBelow(c, e.path, r)))
  }
  return out
}

/** The inferred description of the collection at `path` (which must be one). */
export async function inferCollectionDescription(
  c: Pick<ClusterBackend, 'listDirectory' | 'database'>,
  path: string,
): Promise<CollectionDescription> {
  const fulls = (await c.listDirectory(path))
    .filter((e) => e.type === 'directory' && BACKUP_NAME.test(e.name) && e.name.endsWith('_full'))
    .map((e) => e.name)
    .sort()
  const newest = fulls.at(-1)
  const rels = newest ? await tablesBelow(c, `${path}/${newest}`) : []
  return {
    tables: rels.sort().map((r) => `${c.database}/${r}`),
    storage: 'cluster',
    incrementalBackupEnabled: true,
    omitIndexes: false,
    settings: { inferred: 'true' },
  }
}
