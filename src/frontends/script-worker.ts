// The script reader's worker thread (see readStatements in script-reader.ts):
// reads a script file, cuts it into statements, and for a bulk VALUES statement
// also scans it and computes its values (bulk-scan.ts, bulk-columns.ts), so the
// main thread only converts them to the table's columns and writes. It keeps at
// most AHEAD statements in flight: memory stays bounded by the writer's pace.
import { closeSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { parentPort, workerData } from 'node:worker_threads'
import { encodeCells, encodedBuffers } from '../backends/cluster/embedded/sql/bulk-columns.js'
import { scanBulkCells, type BulkScanConfig } from '../syntax/bulk-scan.js'
import { StatementScanner, type ScriptStatement } from './statement-scanner.js'

/** What the worker is started with. */
export interface ScriptWorkerData {
  readonly path: string
  readonly config: BulkScanConfig
  /** Int32 [0]: statements the main thread has taken. */
  readonly consumed: SharedArrayBuffer
  readonly ahead: number
}

const data = workerData as ScriptWorkerData
const port = parentPort!
const consumed = new Int32Array(data.consumed)
let sent = 0

function send(st: ScriptStatement): void {
  // Wait for the writer when it is `ahead` statements behind.
  for (;;) {
    const seen = Atomics.load(consumed, 0)
    if (sent - seen < data.ahead) break
    Atomics.wait(consumed, 0, seen, 1000)
  }
  sent++
  const scan = scanBulkCells(st.text, data.config)
  const payload = scan ? encodeCells(scan.cells) : undefined
  if (scan && payload) {
    const { cells: _cells, ...head } = scan
    port.postMessage({ kind: 'statement', statement: { ...st, prescanned: { head, payload } } }, encodedBuffers(payload))
  } else port.postMessage({ kind: 'statement', statement: st })
}

try {
  const fd = openSync(data.path, 'r')
  try {
    const scanner = new StatementScanner()
    // The decoder a utf8 read stream uses, so the text is the same as without the worker.
    const decoder = new StringDecoder('utf8')
    const buf = Buffer.allocUnsafe(1024 * 1024)
    const ready: ScriptStatement[] = []
    const emit = (s: ScriptStatement): void => void ready.push(s)
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null)
      const chunk = n > 0 ? decoder.write(buf.subarray(0, n)) : decoder.end()
      if (chunk) scanner.feed(chunk, emit)
      for (const s of ready) send(s)
      ready.length = 0
      if (n === 0) break
    }
    const last = scanner.finish()
    if (last) send(last)
  } finally {
    closeSync(fd)
  }
  port.postMessage({ kind: 'end' })
} catch (e) {
  port.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code })
}
