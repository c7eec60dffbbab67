// The script runner: feeds statements (from a stream, a -s string or a REPL
// entry) to a Session one at a time and prints what comes back. Result sets
// and plans go to stdout; diagnostics and status lines to stderr.
import type { Writable } from 'node:stream'
import type { RunOptions, StatementResult } from '../exec/session.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { renderDiagnostic } from '../diagnostics/render.js'
import { SourceText } from '../source/source-text.js'
import type { Value } from '../types/value.js'
import { formatResultSet, type OutputFormat } from './output/format-result-set.js'
import { createProgressReporter } from './output/progress.js'
import type { ScriptStatement } from './script-reader.js'

/** What the runner needs of a Session (the real one, or the library's wrapper). */
export interface StatementRunner {
  run(source: SourceText, opts?: RunOptions): AsyncIterable<StatementResult>
}

/** Where a front end writes, so tests capture output without touching the process. */
export interface OutputStreams {
  readonly stdout: Writable
  readonly stderr: Writable
  /** Colour diagnostics (a terminal). */
  readonly color?: boolean
  /** Show progress bars on stderr (stderr is a terminal). */
  readonly progress?: boolean
  /** Do not print the status lines of successful statements ("Table created"). */
  readonly quiet?: boolean
}

/** Options of one run, from `sql` flags or REPL settings. */
export interface RunScriptOptions {
  readonly format: OutputFormat
  readonly explain?: boolean
  readonly keepGoing?: boolean
  readonly signal?: AbortSignal
  /** Values of parameters used without DECLARE (Session's RunOptions.parameters). */
  readonly parameters?: ReadonlyMap<string, Value>
  /** Binds DECLAREd parameters (Session's RunOptions.bindParameter). */
  readonly bindParameter?: RunOptions['bindParameter']
}

/** The outcome of a run; the exit code follows from `failed`. */
export interface RunSummary {
  readonly statements: number
  readonly failed: number
  /** Stopped early: a failure without --keep-going, or the signal fired. */
  readonly stopped: boolean
}

/** Prints one statement result; returns true when it was an error. */
export function printResult(r: StatementResult, io: OutputStreams, format: OutputFormat): boolean {
  switch (r.kind) {
    case 'ResultSets':
      for (const rs of r.resultSets) io.stdout.write(formatResultSet(rs, format))
      return false
    case 'Ok':
      if (r.message && !io.quiet) io.stderr.write(r.message + '\n')
      return false
    case 'Plan':
      io.stdout.write(r.text.endsWith('\n') ? r.text : r.text + '\n')
      return false
    case 'Error':
      io.stderr.write(renderErrors(r.diagnostics, r.source, io.color) + '\n')
      if (r.failedStep) io.stderr.write(`  failed step: ${r.failedStep}\n`)
      if (r.notExecuted?.length) io.stderr.write(`  not executed: ${r.notExecuted.join(', ')}\n`)
      return true
  }
}

/** Renders diagnostics, attaching the statement's source to those that have a span but no source. */
export function renderErrors(ds: readonly Diagnostic[], source: SourceText, color?: boolean): string {
  return ds.map((d) => renderDiagnostic(d.span && !d.source ? { ...d, source } : d, { color: color ?? false })).join('\n')
}

/**
 * Runs `statements` in order against `session`. Stops at the first failing
 * statement unless `keepGoing`; stops when `signal` fires.
 */
export async function runStatements(
  session: StatementRunner,
  statements: AsyncIterable<ScriptStatement> | Iterable<ScriptStatement>,
  name: string,
  io: OutputStreams,
  opts: RunScriptOptions,
): Promise<RunSummary> {
  const progress = createProgressReporter(io.stderr, io.progress ?? false)
  let count = 0
  let failed = 0
  try {
    for await (const st of statements) {
      if (opts.signal?.aborted) return { statements: count, failed, stopped: true }
      count++
      const source = new SourceText(st.text, name, st.line, st.column)
      let bad = false
      const runOpts: RunOptions = {
        explain: opts.explain ?? false,
        keepGoing: opts.keepGoing ?? false,
        onProgress: progress.onProgress,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.parameters ? { parameters: opts.parameters } : {}),
        ...(opts.bindParameter ? { bindParameter: opts.bindParameter } : {}),
        ...(st.prescanned ? { prescanned: st.prescanned } : {}),
      }
      for await (const r of session.run(source, runOpts)) {
        progress.stop()
        if (printResult(r, io, opts.format)) bad = true
      }
      progress.stop()
      if (bad) {
        failed++
        if (!opts.keepGoing) return { statements: count, failed, stopped: true }
      }
    }
  } finally {
    progress.stop()
  }
  return { statements: count, failed, stopped: false }
}
