// A StorageBackend over a local directory.
//
// 1. A key maps to `root/<segments>`; checkKey rejects '..', absolute keys and empty
//    segments, and every access re-checks with realpath that the file and its parent
//    directory stay under the root, so a symlink planted in a dump cannot redirect a
//    read or a write outside it.
// 2. put writes `.yqlb-tmp-*` in the target's directory, fsyncs it, renames it over
//    the key (atomic on POSIX) and fsyncs the directory: a crash leaves the old
//    object or the new one, never half of one. Temp files are hidden from list.
// 3. list walks directories depth-first with siblings sorted by their UTF-8 bytes
//    (directories as `name/`), which yields keys in S3's order without collecting them.
import { createReadStream } from 'node:fs'
import { lstat, mkdir, open, readdir, realpath, rename, rm, rmdir, stat, unlink } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { checkKey } from '../storage-backend.js'
import type { ObjectInfo, PutOptions, StorageBackend } from '../storage-backend.js'
import { StorageErrorCode, isStorageNotFound, isStoragePermanent, storageError } from '../storage-errors.js'

const TMP_PREFIX = '.yqlb-tmp-'
/** Chunks are coalesced up to this size before a write(2), so tiny chunks do not cost a syscall each. */
const WRITE_BATCH = 1 << 20

/** Options of FsStorage. */
export interface FsStorageOptions {
  /** fsync files and directories on put (default true; benchmarks may turn it off). */
  readonly fsync?: boolean
}

export class FsStorage implements StorageBackend {
  readonly location: string
  readonly root: string
  private readonly fsync: boolean
  private realRoot: string | undefined

  /** `root` must be absolute; it is created on the first put if missing. */
  constructor(root: string, opts: FsStorageOptions = {}) {
    if (!isAbsolute(root)) throw storageError(StorageErrorCode.InvalidUrl, `storage directory must be an absolute path: ${root}`)
    this.root = resolve(root)
    this.location = pathToFileURL(this.root).href
    this.fsync = opts.fsync ?? true
  }

  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>, opts: PutOptions = {}): Promise<void> {
    const file = await this.resolveForWrite(key)
    const tmp = join(dirname(file), `${TMP_PREFIX}${basename(file)}-${randomBytes(6).toString('hex')}`)
    let fh: FileHandle | undefined
    try {
      opts.signal?.throwIfAborted()
      fh = await open(tmp, 'wx', 0o644)
      let batch: Uint8Array[] = []
      let batchBytes = 0
      const flush = async (): Promise<void> => {
        if (batchBytes === 0) return
        await fh!.writev(batch)
        opts.onBytes?.(batchBytes)
        batch = []
        batchBytes = 0
      }
      if (data instanceof Uint8Array) {
        batch.push(data)
        batchBytes = data.byteLength
      } else {
        const it = data[Symbol.asyncIterator]()
        for (;;) {
          let r: IteratorResult<Uint8Array>
          try {
            r = await it.next()
          } catch (err) {
            // The producer's own error reaches the caller unchanged.
            throw new ProducerError(err)
          }
          if (r.done) break
          opts.signal?.throwIfAborted()
          if (r.value.byteLength === 0) continue
          batch.push(r.value)
          batchBytes += r.value.byteLength
          if (batchBytes >= WRITE_BATCH) await flush()
        }
      }
      await flush()
      opts.signal?.throwIfAborted()
      if (this.fsync) await fh.sync()
      await fh.close()
      fh = undefined
      await rename(tmp, file)
      if (this.fsync) await syncDir(dirname(file))
    } catch (err) {
      await fh?.close().catch(() => {})
      await unlink(tmp).catch(() => {})
      if (err instanceof ProducerError) throw err.inner
      throw this.wrap(err, 'write', file)
    }
  }

  async *get(key: string, opts: { readonly signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> {
    const file = await this.resolveForRead(key)
    let st
    try {
      st = await stat(file)
    } catch (err) {
      throw this.wrap(err, 'read', file)
    }
    if (!st.isFile()) throw storageError(StorageErrorCode.NotFound, `file not found: ${file}`)
    try {
      const stream = createReadStream(file, { highWaterMark: 1 << 20, ...(opts.signal ? { signal: opts.signal } : {}) })
      for await (const chunk of stream) yield chunk as Buffer
    } catch (err) {
      throw this.wrap(err, 'read', file)
    }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    const file = await this.resolveForRead(key)
    try {
      const st = await stat(file)
      return st.isFile() ? { key, size: st.size } : undefined
    } catch (err) {
      const e = this.wrap(err, 'stat', file)
      if (isStorageNotFound(e)) return undefined
      throw e
    }
  }

  async *list(prefix: string, opts: { readonly signal?: AbortSignal } = {}): AsyncIterable<ObjectInfo> {
    // The directory part of the prefix is walked; the rest filters names.
    const cut = prefix.lastIndexOf('/')
    const dirKey = cut < 0 ? '' : prefix.slice(0, cut)
    if (dirKey !== '') checkKey(dirKey)
    if (prefix.includes('\0') || prefix.includes('\\') || prefix.startsWith('/'))
      throw storageError(StorageErrorCode.InvalidKey, `invalid storage prefix: ${JSON.stringify(prefix)}`)
    const dir = dirKey === '' ? this.root : await this.resolveForRead(dirKey)
    const realRoot = await this.getRealRoot()
    if (realRoot === undefined) return
    yield* this.walk(dir, dirKey === '' ? '' : `${dirKey}/`, prefix, realRoot, opts.signal)
  }

  private async *walk(
    dir: string,
    keyPrefix: string,
    filter: string,
    realRoot: string,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<ObjectInfo> {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return
      throw this.wrap(err, 'list', dir)
    }
    const items: { name: string; sortKey: Buffer; isDir: boolean; path: string }[] = []
    for (const e of entries) {
      if (e.name.startsWith(TMP_PREFIX)) continue
      const path = join(dir, e.name)
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      if (e.isSymbolicLink()) {
        // Followed only to files inside the root; never into directories (no cycles).
        const target = await realpath(path).catch(() => undefined)
        if (target === undefined || !within(realRoot, target)) continue
        const st = await stat(target).catch(() => undefined)
        isFile = st?.isFile() ?? false
        isDir = false
      }
      if (!isDir && !isFile) continue
      const key = keyPrefix + e.name
      // Prune subtrees and files that cannot match the prefix.
      const probe = isDir ? `${key}/` : key
      if (!(probe.startsWith(filter) || filter.startsWith(probe))) continue
      items.push({ name: e.name, sortKey: Buffer.from(isDir ? `${e.name}/` : e.name), isDir, path })
    }
    items.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey))
    for (const it of items) {
      signal?.throwIfAborted()
      const key = keyPrefix + it.name
      if (it.isDir) {
        yield* this.walk(it.path, `${key}/`, filter, realRoot, signal)
      } else if (key.startsWith(filter)) {
        const st = await stat(it.path).catch(() => undefined)
        if (st?.isFile()) yield { key, size: st.size }
      }
    }
  }

  async remove(key: string): Promise<void> {
    const file = await this.resolveForRead(key)
    try {
      await unlink(file)
    } catch (err) {
      const e = this.wrap(err, 'remove', file)
      if (isStorageNotFound(e)) return
      throw e
    }
    await this.pruneEmptyDirs(dirname(file))
  }

  async removePrefix(prefix: string): Promise<void> {
    if (prefix.endsWith('/') && prefix.length > 1) {
      // A directory-like prefix: remove the directory at once.
      const dir = await this.resolveForRead(prefix.slice(0, -1))
      try {
        const st = await lstat(dir)
        if (st.isSymbolicLink()) await unlink(dir)
        else await rm(dir, { recursive: true, force: true })
      } catch (err) {
        const e = this.wrap(err, 'remove', dir)
        if (!isStorageNotFound(e)) throw e
      }
      await this.pruneEmptyDirs(dirname(dir))
      return
    }
    const keys: string[] = []
    for await (const o of this.list(prefix)) keys.push(o.key)
    for (const k of keys) await this.remove(k)
  }

  isNotFound(err: unknown): boolean {
    return isStorageNotFound(err)
  }

  isPermanent(err: unknown): boolean {
    return isStoragePermanent(err)
  }

  async close(): Promise<void> {}

  /** The absolute file path of `key` (checked lexically only). */
  pathOf(key: string): string {
    checkKey(key)
    if (key.split('/').some((s) => s.startsWith(TMP_PREFIX)))
      throw storageError(StorageErrorCode.InvalidKey, `invalid storage key: ${JSON.stringify(key)}`)
    const p = join(this.root, ...key.split('/'))
    if (!within(this.root, p)) throw storageError(StorageErrorCode.InvalidKey, `storage key escapes ${this.root}: ${JSON.stringify(key)}`)
    return p
  }

  private async getRealRoot(): Promise<string | undefined> {
    if (this.realRoot !== undefined) return this.realRoot
    try {
      this.realRoot = await realpath(this.root)
      return this.realRoot
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw this.wrap(err, 'open', this.root)
    }
  }

  /** Path of `key` for reading: the existing part of it must resolve inside the root. */
  private async resolveForRead(key: string): Promise<string> {
    const p = this.pathOf(key)
    const realRoot = await this.getRealRoot()
    if (realRoot !== undefined) await this.checkInside(p, realRoot, key)
    return p
  }

  /** Path of `key` for writing: parents created, checked inside the root before and after mkdir. */
  private async resolveForWrite(key: string): Promise<string> {
    const p = this.pathOf(key)
    try {
      await mkdir(this.root, { recursive: true })
    } catch (err) {
      throw this.wrap(err, 'create directory', this.root)
    }
    const realRoot = (await this.getRealRoot())!
    await this.checkInside(p, realRoot, key)
    try {
      await mkdir(dirname(p), { recursive: true })
    } catch (err) {
      throw this.wrap(err, 'create directory', dirname(p))
    }
    await this.checkInside(p, realRoot, key)
    return p
  }

  /** The deepest existing ancestor of `p` (or `p` itself) must resolve inside `realRoot`. */
  private async checkInside(p: string, realRoot: string, key: string): Promise<void> {
    let cur = p
    for (;;) {
      try {
        const real = await realpath(cur)
        if (!within(realRoot, real))
          throw storageError(StorageErrorCode.InvalidKey, `storage key ${JSON.stringify(key)} resolves outside ${this.root}: ${p}`)
        return
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw this.wrap(err, 'resolve', p)
        // A dangling symlink: refuse it, its target could be anywhere.
        const l = await lstat(cur).catch(() => undefined)
        if (l?.isSymbolicLink())
          throw storageError(StorageErrorCode.InvalidKey, `storage key ${JSON.stringify(key)} is a dangling symlink in ${this.root}: ${cur}`)
        if (cur === this.root || dirname(cur) === cur) return
        cur = dirname(cur)
      }
    }
  }

  /** Removes now-empty directories between `dir` and the root (not the root itself). */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    let cur = dir
    while (cur !== this.root && within(this.root, cur)) {
      try {
        await rmdir(cur)
      } catch {
        return
      }
      cur = dirname(cur)
    }
  }

  private wrap(err: unknown, op: string, file: string): Error {
    if (err instanceof YqlError) return err
    if (err instanceof Error && err.name === 'AbortError')
      return storageError(StorageErrorCode.Aborted, `${op} aborted: ${file}`, err)
    const code = (err as NodeJS.ErrnoException).code
    const detail = err instanceof Error ? err.message : String(err)
    if (code === 'ENOENT' || code === 'ENOTDIR') return storageError(StorageErrorCode.NotFound, `file not found: ${file}`, err)
    if (code === 'EACCES' || code === 'EPERM')
      return storageError(StorageErrorCode.PermissionDenied, `cannot ${op} ${file}: permission denied`, err)
    if (code === 'EISDIR')
      return op === 'read' || op === 'stat'
        ? storageError(StorageErrorCode.NotFound, `not a file: ${file}`, err)
        : storageError(StorageErrorCode.Rejected, `cannot ${op} ${file}: it is a directory`, err)
    return storageError(StorageErrorCode.Io, `cannot ${op} ${file}: ${detail}`, err)
  }
}

/** Wraps an error thrown by put's data source, to tell it from an IO error. */
class ProducerError extends Error {
  constructor(readonly inner: unknown) {
    super('producer failed')
  }
}

/** `p` is `root` or below it. */
function within(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep)
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}
