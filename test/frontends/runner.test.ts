import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { RunOptions, StatementResult } from '../../src/exec/session.js'
import { runStatements, type StatementRunner } from '../../src/frontends/runner.js'
import { splitStatements } from '../../src/frontends/script-reader.js'
import type { SourceText } from '../../src/source/source-text.js'

const capture = () => {
  const s = new PassThrough()
  let text = ''
  s.on('data', (c: Buffer) => (text += c.toString()))
  return { s, text: () => text }
}

/** A session whose BACKUP reports progress for two tables. */
const session: StatementRunner = {
  async *run(source: SourceText, opts?: RunOptions): AsyncGenerator<StatementResult> {
    const span = { start: 0, end: source.text.length }
    for (let i = 1; i <= 2; i++) {
      opts?.onProgress?.({ operationId: 'op1', kind: 'incbackup', subject: '/local/.backups/collections/c', progress: { tablesDone: i, tablesTotal: 2, rows: i * 10, bytes: 2048 } })
      await new Promise((r) => setTimeout(r, 120))
    }
    yield { kind: 'Ok', source, span, message: 'Full backup taken' }
  },
}

describe('runner', () => {
  it('draws progress bars on stderr when it is a terminal, and none otherwise', async () => {
    for (const tty of [true, false]) {
      const out = capture()
      const err = capture()
      // cli-progress draws only on a terminal; this stream says it is one (it only gets cursor escapes)
      if (tty) Object.assign(err.s, { isTTY: true, columns: 120 })
      const r = await runStatements(session, splitStatements('BACKUP c;'), 'x.yql', { stdout: out.s, stderr: err.s, progress: tty }, { format: 'pretty' })
      expect(r).toEqual({ statements: 1, failed: 0, stopped: false })
      await new Promise((r) => setImmediate(r))
      if (tty) expect(err.text()).toContain('incbackup /local/.backups/collections/c')
      else expect(err.text()).toBe('Full backup taken\n')
      expect(out.text()).toBe('')
    }
  })

  it('stops when the signal fires', async () => {
    const controller = new AbortController()
    controller.abort()
    const err = capture()
    const r = await runStatements(session, splitStatements('BACKUP c; BACKUP c;'), 'x.yql', { stdout: new PassThrough(), stderr: err.s }, { format: 'pretty', signal: controller.signal })
    expect(r).toEqual({ statements: 0, failed: 0, stopped: true })
  })
})
