// The interactive REPL: multi-line entries until `;`, history, completion,
// coloured diagnostics, progress bars, and Ctrl-C that cancels the running
// statement without leaving. Built on readline (not node:repl) because the
// input is YQL, not JavaScript, and Ctrl-C must reach us while a statement runs.
import { createInterface, type Interface } from 'node:readline'
import { createColors } from 'picocolors'
import type { CliIO, CliSession } from '../cli/cli-context.js'
import type { OutputFormat } from '../output/format-result-set.js'
import { runStatements } from '../runner.js'
import { StatementScanner, type ScriptStatement } from '../script-reader.js'
import { makeCompleter, NameCache } from './completer.js'
import { historyPath, HISTORY_SIZE, loadHistory, saveHistory } from './history.js'
import { isMetaCommand, runMetaCommand, type ReplState } from './meta-commands.js'

/** Options of the REPL. */
export interface ReplOptions {
  readonly format: OutputFormat
  /** History file; default from `historyPath(env)`. */
  readonly historyFile?: string
}

/** Splits an entry into complete statements; `incomplete` when it still waits for a `;` or a closing quote. */
export function scanEntry(text: string): { statements: ScriptStatement[]; incomplete: boolean } {
  const scanner = new StatementScanner()
  const statements: ScriptStatement[] = []
  scanner.feed(text, (s) => statements.push(s))
  return { statements, incomplete: scanner.inStatement }
}

/** Runs the REPL until `\quit`, Ctrl-D or a double Ctrl-C; resolves with exit code 0. */
export function startRepl(session: CliSession, io: CliIO, opts: ReplOptions): Promise<number> {
  const color = io.stdoutIsTTY
  const pc = createColors(color)
  const names = new NameCache(session.cluster)
  const state: ReplState = { format: opts.format, session, names, stdout: io.stdout, stderr: io.stderr, color: io.stderrIsTTY }
  const histFile = opts.historyFile ?? historyPath(io.env)
  const PROMPT = pc.bold('yql> ')
  const MORE = pc.dim('...> ')

  const rl: Interface = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: true,
    prompt: PROMPT,
    completer: makeCompleter(names),
    history: loadHistory(histFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  })
  // readline's history array (newest first) is public in practice; typed here.
  const history = (): string[] => (rl as unknown as { history: string[] }).history

  let buffer: string[] = []
  let running: AbortController | undefined
  let armedExit = false
  let closed = false
  const queue: string[] = []

  /** Replaces the lines of a multi-line entry in the history with the whole entry. */
  const remember = (lines: readonly string[]): void => {
    const h = history()
    const entry = lines.map((l) => l.trim()).filter((l) => l !== '').join(' ')
    if (lines.length > 1) h.splice(0, Math.min(lines.length, h.length), ...(entry ? [entry] : []))
    saveHistory(histFile, h)
  }

  const execute = async (lines: string[]): Promise<boolean> => {
    remember(lines)
    const text = lines.join('\n')
    if (isMetaCommand(text)) return (await runMetaCommand(text, state)) === 'quit'
    const { statements } = scanEntry(text)
    running = new AbortController()
    try {
      await runStatements(session, statements, '<repl>', { stdout: io.stdout, stderr: io.stderr, color: io.stderrIsTTY, progress: io.stderrIsTTY }, {
        format: state.format,
        keepGoing: false,
        signal: running.signal,
      })
    } catch (e) {
      io.stderr.write(pc.red(`error: ${e instanceof Error ? e.message : String(e)}`) + '\n')
    } finally {
      running = undefined
    }
    await names.refresh()
    return false
  }

  const onLine = async (line: string): Promise<void> => {
    armedExit = false
    if (buffer.length === 0 && line.trim() === '') return
    buffer.push(line)
    const text = buffer.join('\n')
    if (!(buffer.length === 1 && isMetaCommand(text)) && scanEntry(text).incomplete) {
      rl.setPrompt(MORE)
      return
    }
    const lines = buffer
    buffer = []
    rl.setPrompt(PROMPT)
    if (await execute(lines)) rl.close()
  }

  return new Promise((resolve) => {
    let busy = Promise.resolve()
    rl.on('line', (line) => {
      queue.push(line)
      // Lines typed while a statement runs wait their turn.
      busy = busy.then(async () => {
        const l = queue.shift()
        if (l === undefined || closed) return
        await onLine(l)
        if (!closed && queue.length === 0) rl.prompt()
      })
    })
    rl.on('SIGINT', () => {
      if (running) {
        running.abort(new Error('cancelled by Ctrl-C'))
        io.stderr.write(pc.yellow('^C cancelling the running statement') + '\n')
        return
      }
      if (buffer.length > 0 || rl.line !== '') {
        buffer = []
        armedExit = false
        rl.write(null, { ctrl: true, name: 'u' }) // clear the typed line
        io.stdout.write('^C\n')
        rl.setPrompt(PROMPT)
        rl.prompt()
        return
      }
      if (armedExit) {
        rl.close()
        return
      }
      armedExit = true
      io.stdout.write('^C\n' + pc.dim('(press Ctrl-C again or Ctrl-D to exit)') + '\n')
      rl.prompt()
    })
    rl.on('close', () => {
      closed = true
      running?.abort(new Error('REPL closed'))
      void busy.then(() => {
        io.stdout.write('\n')
        resolve(0)
      })
    })
    io.stdout.write(pc.dim('yql-backup REPL. Statements end with ";". \\help for help, \\quit or Ctrl-D to exit.') + '\n')
    void names.refresh().then(() => {
      if (!closed) rl.prompt()
    })
  })
}
