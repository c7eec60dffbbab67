// The catalogue's stored form: one entry per scheme path, keyed by
// `<parent>\0<name>` so that a directory's children are one key range.
import type { TableSchema } from '../../../types/table-schema.js'
import type { CollectionDescription, PathType } from '../cluster-backend.js'

/** A change-capture stream attached to a table. */
export interface StreamInfo {
  readonly name: string
  readonly id: number
  /** 'pending' while the consistent copy that starts it is still running. */
  readonly state: 'active' | 'pending'
  /** Process id of the consistentCopy that created a pending stream. */
  readonly owner?: number
}

/** One catalogue entry. */
export interface CatalogEntry {
  readonly type: PathType
  readonly createdAt: number
  readonly tableId?: number
  readonly schema?: TableSchema
  readonly readOnly?: boolean
  /** Index name → index id (keys in the index sub-database). */
  readonly indexIds?: Readonly<Record<string, number>>
  readonly streams?: readonly StreamInfo[]
  readonly collection?: CollectionDescription
}

// JSON with tagged bigint / bytes, for schemas' DEFAULT values.
const replacer = (_k: string, v: unknown): unknown => {
  if (typeof v === 'bigint') return { $big: v.toString() }
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') }
  return v
}
const reviver = (_k: string, v: unknown): unknown => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>
    if (typeof o.$big === 'string') return BigInt(o.$big)
    if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'))
  }
  return v
}

export const encodeJson = (v: unknown): Buffer => Buffer.from(JSON.stringify(v, replacer), 'utf8')
export const decodeJson = <T>(b: Buffer): T => JSON.parse(b.toString('utf8'), reviver) as T

/** Splits an absolute path into its parts (empty parts dropped). */
export const pathParts = (path: string): string[] => path.split('/').filter((p) => p !== '')
export const normalizePath = (path: string): string => '/' + pathParts(path).join('/')

export function parentAndName(path: string): [string, string] {
  const parts = pathParts(path)
  const name = parts.pop() ?? ''
  return ['/' + parts.join('/'), name]
}

export const catalogKey = (path: string): Buffer => {
  const [parent, name] = parentAndName(path)
  return Buffer.from(`${parent}\u0000${name}`, 'utf8')
}

/** The key range of a directory's children. */
export const childrenRange = (dir: string): { start: Buffer; end: Buffer } => ({
  start: Buffer.from(`${normalizePath(dir)}\u0000`, 'utf8'),
  end: Buffer.from(`${normalizePath(dir)}\u0001`, 'utf8'),
})

export const joinPath = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`)
