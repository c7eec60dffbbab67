/**
 * Reads a dump/export tree from storage into a plan, checking everything that
 * can be checked from the listing alone: `incomplete` markers (YDB's refusal
 * text), unsafe names, data file numbering gaps, checksum sidecars without
 * their file and files without their sidecar, encryption key presence.
 */
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { parseRootMetadata, parseSchemaMapping, type ExportRootMetadata } from '../formats/export-metadata.js'
import { readChecksum, readObject, transferError, TransferErrorCode } from './file-pipeline.js'
import { baseName, joinKey, parentKey, safeRelative } from './paths.js'

/** A table of the dump. */
export interface DumpTable {
  /** Key prefix of its files ('' when the dump root is the table). */
  readonly key: string
  /** Path relative to the restore destination. */
  readonly rel: string
  readonly schemeKey: string
  readonly permissionsKey?: string
  /** Stored keys of data files, in part order. */
  readonly dataKeys: readonly string[]
}

/** A directory of the dump. */
export interface DumpDir {
  readonly rel: string
  readonly empty: boolean
}

/** A scanned dump. */
export interface DumpPlan {
  readonly tables: readonly DumpTable[]
  readonly dirs: readonly DumpDir[]
  readonly root?: ExportRootMetadata
  readonly encrypted: boolean
  /** Keys that have (or must have) a `.sha256` sidecar, with the sidecar's presence. */
  readonly checksummed: ReadonlyMap<string, boolean>
  /** Every stored key (without sidecars). */
  readonly keys: ReadonlySet<string>
}

/** How a key is shown in messages: the file path for file storage, the URL otherwise. */
export function displayKey(storage: StorageBackend, key: string): string {
  const base = storage.location.startsWith('file:') ? fileURLToPath(storage.location) : storage.location
  if (key === '') return base
  return `${base.replace(/\/$/, '')}/${key}`
}

const DATA_RE = /^data_(\d+)\.csv(\.zst)?(\.enc)?$/
const SCHEME_RE = /^scheme\.pb(\.enc)?$/
const SERVICE_PREFIX = 'SchemaMapping/'

export async function scanDump(
  storage: StorageBackend,
  opts: { readonly skipChecksumValidation?: boolean; readonly encryptionKey?: Uint8Array; readonly signal?: AbortSignal } = {},
): Promise<DumpPlan> {
  const keys = new Set<string>()
  const sidecars = new Set<string>()
  for await (const o of storage.list('', opts.signal ? { signal: opts.signal } : {})) {
    const name = baseName(o.key)
    if (name === 'incomplete' || name === 'incomplete.csv')
      throw transferError(TransferErrorCode.Incomplete, `There is incomplete file in folder: "${displayKey(storage, parentKey(o.key))}"`)
    safeRelative(o.key)
    if (name.endsWith('.sha256')) sidecars.add(o.key)
    else keys.add(o.key)
  }
  if (keys.size === 0) throw transferError(TransferErrorCode.BadDump, `No dump found in ${displayKey(storage, '')}`)

  // The export's own service files are checked like data: by their sidecar when
  // there is one, and a file that does not parse is reported by name.
  const readServiceFile = async <T>(key: string, parse: (text: string) => T): Promise<T | undefined> => {
    const bytes = await readObject(storage, key)
    if (bytes === undefined) return undefined
    const display = displayKey(storage, key)
    if (!opts.skipChecksumValidation && sidecars.has(`${key}.sha256`)) {
      const expected = await readChecksum(storage, key, display)
      if (expected !== undefined && createHash('sha256').update(bytes).digest('hex') !== expected)
        throw transferError(TransferErrorCode.Checksum, `checksum mismatch: ${display} (the file is corrupted or truncated)`)
    }
    try {
      return parse(bytes.toString('utf8'))
    } catch (e) {
      throw transferError(TransferErrorCode.BadDump, `${display}: ${(e as Error).message}`)
    }
  }

  let root: ExportRootMetadata | undefined
  let mapping: Map<string, string> | undefined // prefix → rel
  if (keys.has('metadata.json') && !keys.has('scheme.pb') && !keys.has('scheme.pb.enc')) {
    root = await readServiceFile('metadata.json', parseRootMetadata)
    const m = await readServiceFile(`${SERVICE_PREFIX}mapping.json`, parseSchemaMapping)
    if (m) {
      mapping = new Map()
      for (const [rel, v] of Object.entries(m)) mapping.set(v.exportPrefix, safeRelative(rel))
    }
  }

  const byDir = new Map<string, string[]>()
  for (const k of keys) {
    if (root && (k.startsWith(SERVICE_PREFIX) || k === 'metadata.json')) continue
    const d = parentKey(k)
    if (!byDir.has(d)) byDir.set(d, [])
    byDir.get(d)!.push(baseName(k))
  }
  const encrypted = [...keys].some((k) => k.endsWith('.enc'))
  if (encrypted && !opts.encryptionKey) throw transferError(TransferErrorCode.Encryption, 'No encryption key provided')

  const tables: DumpTable[] = []
  const dirs: DumpDir[] = []
  for (const [dir, names] of [...byDir.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const scheme = names.find((n) => SCHEME_RE.test(n))
    const rel = mapping?.get(dir) ?? dir
    if (!scheme) {
      if (names.some((n) => DATA_RE.test(n))) throw transferError(TransferErrorCode.MissingFile, `missing file: ${displayKey(storage, joinKey(dir, 'scheme.pb'))}`)
      dirs.push({ rel, empty: names.includes('empty_dir') })
      continue
    }
    const parts = new Map<number, string>()
    for (const n of names) {
      const m = DATA_RE.exec(n)
      if (!m) continue
      const part = Number(m[1])
      if (parts.has(part)) throw transferError(TransferErrorCode.BadDump, `two data files for part ${part} in ${displayKey(storage, dir)}`)
      parts.set(part, joinKey(dir, n))
    }
    const dataKeys: string[] = []
    for (let p = 0; p < parts.size; p++) {
      const k = parts.get(p)
      if (k === undefined) throw transferError(TransferErrorCode.MissingFile, `missing file: ${displayKey(storage, joinKey(dir, `data_${String(p).padStart(2, '0')}.csv`))}`)
      dataKeys.push(k)
    }
    const perm = names.find((n) => /^permissions\.pb(\.enc)?$/.test(n))
    tables.push({ key: dir, rel, schemeKey: joinKey(dir, scheme), ...(perm ? { permissionsKey: joinKey(dir, perm) } : {}), dataKeys })
  }

  // Checksums: once any sidecar exists (or the export says so), every file needs one.
  const checksummed = new Map<string, boolean>()
  const wantSums = root?.checksum === 'sha256' || sidecars.size > 0
  if (wantSums) {
    for (const s of sidecars) {
      const base = s.slice(0, -'.sha256'.length)
      if (!keys.has(base) && !keys.has(`${base}.enc`)) throw transferError(TransferErrorCode.MissingFile, `missing file: ${displayKey(storage, base)}`)
    }
    for (const t of tables)
      for (const k of [t.schemeKey, ...t.dataKeys]) {
        const has = sidecars.has(`${k.replace(/\.enc$/, '')}.sha256`)
        if (!has && !opts.skipChecksumValidation)
          throw transferError(TransferErrorCode.Checksum, `missing checksum file: ${displayKey(storage, `${k.replace(/\.enc$/, '')}.sha256`)}`)
        checksummed.set(k, has)
      }
  }
  return { tables, dirs, ...(root ? { root } : {}), encrypted, checksummed, keys }
}
