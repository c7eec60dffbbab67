// Table names → absolute paths: `/local/x/t` as written, `x/t` below the prefix.
import type { ObjectRef } from '../../../../ast/nodes.js'

/** Joins a relative name to the statement's prefix (database root or PRAGMA TablePathPrefix). */
export function resolvePath(name: string, pathPrefix: string): string {
  if (name.startsWith('/')) return normalize(name)
  return normalize(`${pathPrefix.replace(/\/+$/, '')}/${name}`)
}

const normalize = (p: string): string => `/${p.split('/').filter((s) => s !== '').join('/')}`

export const resolveRef = (ref: ObjectRef, pathPrefix: string): string => resolvePath(ref.name.text, pathPrefix)

/** The last path segment: a table's default correlation name. */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)
