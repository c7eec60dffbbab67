// Splits YQL text into statements without holding more than the statement
// being read: a lexical scanner that only knows where `;` ends a statement
// (outside '…', "…", `…`, @@…@@ and comments). The grammar proper runs later,
// on each statement alone, so a multi-gigabyte script runs in bounded memory.
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { bulkScanConfig } from '../syntax/bulk-values.js'
import type { ScriptWorkerData } from './script-worker.js'
import { StatementScanner, type ScriptStatement } from './statement-scanner.js'

export { StatementScanner, type ReaderStats, type ScriptStatement } from './statement-scanner.js'

/** Options of readStatements. */
export interface ReadOptions {
  /**
   * Read a script file in a worker thread that also scans its bulk VALUES
   * statements, while the caller runs them: 'auto' (default) for files of at
   * least WORKER_MIN_BYTES that start with a VALUES write (a bulk load; a thread
   * costs some memory of its own); never when a scanner is passed.
   */
  readonly worker?: boolean | 'auto'
}

/** Files at least this large are read by a worker ('auto'). */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024

/**
 * Reads `input` (text chunks of any size) and yields each statement as soon
 * as its `;` is seen; a trailing statement without `;` comes at the end. A
 * worker starts at once (it reads ahead while the caller sets up), but keeps
 * the process alive only while the statements are being iterated.
 */
export function readStatements(
  input: AsyncIterable<string> | Iterable<string>,
  scanner?: StatementScanner,
  opts: ReadOptions = {},
): AsyncGenerator<ScriptStatement> {
  if (input instanceof ScriptFile && !scanner && useWorker(input.path, opts.worker ?? 'auto')) return workerStatements(input.path)
  return readInThread(input, scanner ?? new StatementScanner())
}

async function* readInThread(input: AsyncIterable<string> | Iterable<string>, sc: StatementScanner): AsyncGenerator<ScriptStatement> {
  const ready: ScriptStatement[] = []
  const emit = (s: ScriptStatement): void => void ready.push(s)
  for await (const chunk of input) {
    sc.feed(chunk, emit)
    // At most one chunk's statements wait here; a chunk is bounded by the stream's buffer size.
    while (ready.length) yield ready.shift()!
  }
  const last = sc.finish()
  if (last) yield last
}

/** A write with a VALUES list in a script's first bytes: a bulk load, where the worker pays for its thread. */
const LOAD_HINT = /\b(?:upsert|insert|replace)\s+into\b[^;]*?\bvalues\b/i

function useWorker(path: string, mode: boolean | 'auto'): boolean {
  if (mode !== 'auto') return mode
  try {
    if (statSync(path).size < WORKER_MIN_BYTES) return false
    const fd = openSync(path, 'r')
    try {
      const head = Buffer.allocUnsafe(256 * 1024)
      const n = readSync(fd, head, 0, head.length, 0)
      return LOAD_HINT.test(head.toString('latin1', 0, n))
    } finally {
      closeSync(fd)
    }
  } catch {
    return false // the stream reports the error
  }
}

/** Statements read (and bulk ones scanned) by a worker thread, started now; see script-worker.ts. */
function workerStatements(path: string): AsyncGenerator<ScriptStatement> {
  const consumed = new SharedArrayBuffer(4)
  const counter = new Int32Array(consumed)
  const worker = startWorker({ path, config: bulkScanConfig(), consumed, ahead: 4 })
  // Not keeping the process alive until someone iterates (a caller may never do).
  worker.unref()
  const queue: WorkerMessage[] = []
  let wake: (() => void) | undefined
  let failure: unknown
  let exited = false
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m)
    wake?.()
  })
  worker.on('error', (e) => {
    failure = e
    wake?.()
  })
  worker.on('exit', () => {
    exited = true
    wake?.()
  })
  return (async function* (): AsyncGenerator<ScriptStatement> {
    worker.ref()
    try {
      for (;;) {
        const m = queue.shift()
        if (m === undefined) {
          if (failure !== undefined) throw failure
          if (exited) throw new Error('the script reader thread stopped unexpectedly')
          await new Promise<void>((r) => (wake = r))
          wake = undefined
          continue
        }
        if (m.kind === 'end') return
        if (m.kind === 'error') throw Object.assign(new Error(m.message), m.code ? { code: m.code } : {})
        Atomics.add(counter, 0, 1)
        Atomics.notify(counter, 0)
        yield m.statement
      }
    } finally {
      await worker.terminate()
    }
  })()
}

type WorkerMessage =
  | { kind: 'statement'; statement: ScriptStatement }
  | { kind: 'end' }
  | { kind: 'error'; message: string; code?: string }

let tsxApi: string | undefined

/**
 * Starts script-worker: the .js next to this file in a build; from the
 * TypeScript sources, a bundle of it (bundledWorker), else the .ts through
 * tsx's loader.
 */
function startWorker(data: ScriptWorkerData): Worker {
  const self = import.meta.url
  if (!self.endsWith('.ts')) return new Worker(new URL('./script-worker.js', self), { workerData: data })
  const bundle = bundledWorker('script-worker', fileURLToPath(new URL('./script-worker.ts', self)))
  if (bundle) return new Worker(new URL(bundle), { workerData: data })
  tsxApi ??= pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href
  const target = new URL('./script-worker.ts', self).href
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}) })`
  return new Worker(code, { eval: true, workerData: data })
}

let bundleUrl: string | undefined
/** Bundles of older sources are removed once this old (a process that still uses one rebuilds it). */
const STALE_MS = 3600_000

/**
 * The worker module bundled once with esbuild (tsx's own compiler) into
 * node_modules/.cache/yql-backup/, keyed by the sources' paths, sizes and
 * times, as src/transfer/worker-host.ts does for its workers: a worker that
 * registers tsx costs ~0.3 CPU-s to start (a loader thread, every module
 * compiled again) and the writer waits for its first statement meanwhile; a
 * bundle starts in ~40 ms. Undefined when esbuild cannot be used.
 */
function bundledWorker(name: string, entry: string): string | undefined {
  if (bundleUrl && existsSync(fileURLToPath(bundleUrl))) return bundleUrl
  try {
    const srcRoot = dirname(dirname(entry))
    const h = createHash('sha256')
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (e.name.endsWith('.ts')) {
          const st = statSync(p)
          h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`)
        }
      }
    }
    walk(srcRoot)
    const cacheDir = join(dirname(srcRoot), 'node_modules', '.cache', 'yql-backup')
    const out = join(cacheDir, `${name}-${h.digest('hex').slice(0, 16)}.mjs`)
    if (!existsSync(out)) {
      const esbuild = createRequire(pathToFileURL(entry))('esbuild') as typeof import('esbuild')
      const r = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent' })
      mkdirSync(cacheDir, { recursive: true })
      const tmp = `${out}.${process.pid}.tmp`
      writeFileSync(tmp, r.outputFiles[0]!.contents)
      renameSync(tmp, out) // atomic: concurrent processes write the same bytes
      for (const f of readdirSync(cacheDir)) {
        const at = join(cacheDir, f)
        try {
          if (f.startsWith(`${name}-`) && at !== out && Date.now() - statSync(at).mtimeMs > STALE_MS) rmSync(at, { force: true })
        } catch {
          // another process removed it first
        }
      }
    }
    bundleUrl = pathToFileURL(out).href
    return bundleUrl
  } catch {
    return undefined
  }
}

/** Splits a complete text (a REPL entry, a `-s` argument) into statements. */
export function splitStatements(text: string): ScriptStatement[] {
  const scanner = new StatementScanner()
  const out: ScriptStatement[] = []
  scanner.feed(text, (s) => out.push(s))
  const last = scanner.finish()
  if (last) out.push(last)
  return out
}

/** A script file as UTF-8 chunks; readStatements may hand the file to its worker instead. */
export class ScriptFile implements AsyncIterable<string> {
  constructor(readonly path: string) {}

  [Symbol.asyncIterator](): AsyncIterator<string> {
    const stream = createReadStream(this.path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>
    return stream[Symbol.asyncIterator]()
  }
}

/** The text of a file (or of `stdin` for `-`) as a stream of UTF-8 chunks. */
export function openScriptStream(path: string, stdin: Readable): AsyncIterable<string> {
  if (path === '-') {
    stdin.setEncoding('utf8')
    return stdin as AsyncIterable<string>
  }
  return new ScriptFile(path)
}
