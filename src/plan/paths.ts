// Path resolution for backup statements (spec §1.3): relative table names
// against PRAGMA TablePathPrefix (or the database), collection names against
// `<database>/.backups/collections`.

/** Normalises an absolute path: no empty or `.` segments, no trailing '/'. */
export function normalizePath(path: string): string {
  const out: string[] = []
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  return '/' + out.join('/')
}

/** `/a/b` + `c/d` → `/a/b/c/d`; an absolute name is kept (normalised). */
export const resolvePath = (name: string, base: string): string =>
  normalizePath(name.startsWith('/') ? name : `${base}/${name}`)

/** The path relative to the database (`/local/dir/t` → `dir/t`), or undefined when outside it. */
export function relativeToDatabase(path: string, database: string): string | undefined {
  const db = normalizePath(database)
  const p = normalizePath(path)
  return p.startsWith(db + '/') ? p.slice(db.length + 1) : undefined
}

/** Where a database keeps its collections. */
export const collectionsRoot = (database: string): string => `${normalizePath(database)}/.backups/collections`

/**
 * Resolves a collection name as KQP does: a name starting with '/' is taken as
 * absolute, anything else goes below `<db>/.backups/collections`. Returns
 * undefined when the result is not directly inside that directory (SchemeShard
 * refuses it: `Backup collections must be placed in <db>/.backups/collections`).
 */
export function resolveCollectionPath(name: string, database: string): string | undefined {
  const root = collectionsRoot(database)
  const path = name.startsWith('/') ? normalizePath(name) : normalizePath(`${root}/${name}`)
  const parent = path.slice(0, path.lastIndexOf('/'))
  return parent === root && path.length > root.length + 1 ? path : undefined
}

/** The parent directory of an absolute path (`/` for top-level names). */
export const parentPath = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/'

/** The last segment of a path. */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)
