/**
 * Database paths and storage keys of a transfer. Database paths are absolute
 * (`/local/dir/t`); keys are relative to the dump root. A dump's names are not
 * trusted: `safeRelative` rejects anything that could leave the destination.
 */
import { transferError, TransferErrorCode } from './file-pipeline.js'

/** `path` made absolute against the database (`.` and '' are the database itself). */
export function absolutePath(database: string, path: string): string {
  if (path.startsWith('/')) return normalize(path)
  if (path === '' || path === '.') return normalize(database)
  return normalize(`${database}/${path}`)
}

export function normalize(path: string): string {
  const segs = path.split('/').filter((s) => s !== '' && s !== '.')
  return `/${segs.join('/')}`
}

export const joinPath = (dir: string, rel: string): string => (rel === '' ? dir : dir === '/' ? `/${rel}` : `${dir}/${rel}`)
export const joinKey = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}/${name}`)
export const parentKey = (key: string): string => (key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '')
export const baseName = (key: string): string => key.slice(key.lastIndexOf('/') + 1)

/** Characters YDB allows in object names, plus the ones dumps of YDB carry (spaces, non-ASCII). */
const BAD_SEGMENT = /[\\\0]/

/**
 * Checks a relative name from a dump (a directory key under the dump root):
 * no empty, `.` or `..` segments, no leading '/', no backslashes or NULs.
 */
export function safeRelative(rel: string): string {
  if (rel === '') return rel
  if (rel.startsWith('/')) throw transferError(TransferErrorCode.UnsafeName, `unsafe name in dump (absolute): ${JSON.stringify(rel)}`)
  for (const seg of rel.split('/'))
    if (seg === '' || seg === '.' || seg === '..' || BAD_SEGMENT.test(seg))
      throw transferError(TransferErrorCode.UnsafeName, `unsafe name in dump: ${JSON.stringify(rel)}`)
  return rel
}

/** `dest/rel`, asserting it stays inside `dest`. */
export function inside(dest: string, rel: string): string {
  const full = joinPath(dest, safeRelative(rel))
  const n = normalize(full)
  if (n !== dest && !n.startsWith(dest === '/' ? '/' : `${dest}/`))
    throw transferError(TransferErrorCode.UnsafeName, `unsafe name in dump: ${JSON.stringify(rel)}`)
  return n
}
