// Progress bars on stderr for BACKUP, RESTORE and transfers, only on a terminal.
import cliProgress from 'cli-progress'
import type { Writable } from 'node:stream'
import type { ProgressEvent } from '../../exec/session.js'

/** Shows progress events; `stop()` clears the bars before the next output. */
export interface ProgressReporter {
  readonly onProgress: (e: ProgressEvent) => void
  stop(): void
}

const formatBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : n < 1 << 30 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / (1 << 30)).toFixed(2)} GiB`

/** A no-op reporter when `stream` is not a terminal (scripts, cron, pipes). */
export function createProgressReporter(stream: Writable, isTTY: boolean): ProgressReporter {
  if (!isTTY) return { onProgress: () => {}, stop: () => {} }
  let multi: cliProgress.MultiBar | undefined
  const bars = new Map<string, cliProgress.SingleBar>()
  return {
    onProgress(e) {
      multi ??= new cliProgress.MultiBar(
        {
          stream: stream as NodeJS.WritableStream,
          format: '{kind} {subject} [{bar}] {value}/{total} tables {rows} rows {bytes}',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 24,
        },
        cliProgress.Presets.shades_classic,
      )
      const p = e.progress
      const payload = { kind: e.kind, subject: e.subject, rows: p.rows ?? 0, bytes: formatBytes(p.bytes ?? 0) }
      let bar = bars.get(e.operationId)
      if (!bar) {
        bar = multi.create(p.tablesTotal ?? 1, p.tablesDone ?? 0, payload)
        bars.set(e.operationId, bar)
      }
      if (p.tablesTotal !== undefined) bar.setTotal(p.tablesTotal)
      bar.update(p.tablesDone ?? 0, payload)
    },
    stop() {
      multi?.stop()
      multi = undefined
      bars.clear()
    },
  }
}
