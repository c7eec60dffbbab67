// Splits YQL text into statements without holding more than the statement
// being read: a lexical scanner that only knows where `;` ends a statement
// (outside '…', "…", `…`, @@…@@ and comments). The grammar proper runs later,
// on each statement alone, so a multi-gigabyte script runs in bounded memory.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Worker } from 'node:worker_threads'
import { bulkScanConfig } from '../syntax/bulk-values.js'
import { startModuleWorker } from '../workers/start-worker.js'
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

/** Starts script-worker (src/workers/start-worker.ts says how). */
const startWorker = (data: ScriptWorkerData): Worker => startModuleWorker(import.meta.url, 'script-worker', data)

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
