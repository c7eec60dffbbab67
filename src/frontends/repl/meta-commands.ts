// REPL meta-commands: `\help`, `\tables`, `\collections`, `\backups NAME`,
// `\format FMT`, `\quit` (each also accepted with a leading `.`).
import type { Writable } from 'node:stream'
import type { ResultSet } from '../../backends/cluster/cluster-backend.js'
import { YqlError } from '../../diagnostics/diagnostic.js'
import { renderDiagnostics } from '../../diagnostics/render.js'
import type { CliSession } from '../cli/cli-context.js'
import { formatResultSet, isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from '../output/format-result-set.js'
import { listCollections, type NameCache } from './completer.js'

export const META_COMMAND_NAMES = ['help', 'tables', 'collections', 'backups', 'format', 'quit', 'q']

/** The REPL's mutable settings and what meta-commands need. */
export interface ReplState {
  format: OutputFormat
  readonly session: CliSession
  readonly names: NameCache
  readonly stdout: Writable
  readonly stderr: Writable
  readonly color: boolean
}

export const HELP = `Type YQL statements ending with ';' (an entry may span lines).
Ctrl-C cancels the running statement or clears the input; Ctrl-C twice on an empty line, or Ctrl-D, exits.
Tab completes keywords, table and collection names.

Meta-commands (also with a leading '.'):
  \\help               this text
  \\tables             list the database's tables
  \\collections        list backup collections
  \\backups NAME       list the backups of collection NAME
  \\format FMT         result format: ${OUTPUT_FORMATS.join(', ')}
  \\quit, \\q           exit
`

/** True when the entry is a meta-command (starts with `\` or `.` and a known name). */
export function isMetaCommand(line: string): boolean {
  const m = /^\s*[\\.](\w+)/.exec(line)
  return m !== null && META_COMMAND_NAMES.includes(m[1]!.toLowerCase())
}

const textColumn = (name: string) => ({ name, type: { type: { kind: 'Primitive' as const, name: 'Utf8' as const }, nullable: false } })

const list = (name: string, items: readonly string[]): ResultSet => ({ columns: [textColumn(name)], rows: items.map((i) => [i]) })

/** Runs a meta-command; returns 'quit' to leave the REPL. */
export async function runMetaCommand(line: string, st: ReplState): Promise<'quit' | undefined> {
  const [cmd = '', ...args] = line.trim().slice(1).split(/\s+/)
  const out = (s: string): void => void st.stdout.write(s)
  try {
    switch (cmd.toLowerCase()) {
      case 'help':
        out(HELP)
        return
      case 'quit':
      case 'q':
        return 'quit'
      case 'tables':
        await st.names.refresh()
        out(formatResultSet(list('table', st.names.tables), st.format))
        return
      case 'collections':
        out(formatResultSet(list('collection', (await listCollections(st.session.cluster)).sort()), st.format))
        return
      case 'backups':
        if (args.length !== 1) {
          st.stderr.write('usage: \\backups COLLECTION\n')
          return
        }
        out(formatResultSet(await st.session.listBackups(args[0]!.replace(/^`|`$/g, '')), st.format))
        return
      case 'format':
        if (args.length === 0) out(`${st.format}\n`)
        else if (isOutputFormat(args[0]!)) st.format = args[0]
        else st.stderr.write(`unknown format '${args[0]}': expected one of ${OUTPUT_FORMATS.join(', ')}\n`)
        return
    }
  } catch (e) {
    st.stderr.write((e instanceof YqlError ? renderDiagnostics(e.diagnostics, { color: st.color }) : `error: ${e instanceof Error ? e.message : String(e)}`) + '\n')
  }
  return undefined
}
