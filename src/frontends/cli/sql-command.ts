// `yql-backup sql -s TEXT | -f FILE`: runs statements in order (ydb CLI's `sql`).
import { access } from 'node:fs/promises'
import { Command, Option } from 'commander'
import { OUTPUT_FORMATS, type OutputFormat } from '../output/format-result-set.js'
import { runStatements } from '../runner.js'
import { openScriptStream, readStatements, splitStatements, type ScriptStatement } from '../script-reader.js'
import { ExitCode, type CliDeps, type CliIO } from './cli-context.js'
import { usageError, withSession } from './command-helpers.js'
import { collectParameters, fileMentions, inferredParameters, mentions, parameterBinder, PARAM_SOURCE, type RawParameter } from './query-params.js'

/** Options of `sql`. */
export interface SqlCommandOptions {
  readonly script?: string
  readonly file?: string
  readonly format: OutputFormat
  readonly explain?: boolean
  readonly keepGoing?: boolean
  readonly quiet?: boolean
  /** `-p '$name=<json>'`, repeatable. */
  readonly param?: readonly string[]
  readonly inputFile?: string
  readonly inputFormat?: string
}

export const formatOption = (): Option =>
  new Option('--format <format>', 'result set format').choices(OUTPUT_FORMATS).default('pretty')

/** Runs a stream of statements on a new Session and returns the exit code. */
export async function runScript(
  cmd: Command,
  io: CliIO,
  deps: CliDeps,
  statements: AsyncIterable<ScriptStatement> | Iterable<ScriptStatement>,
  name: string,
  o: Omit<SqlCommandOptions, 'script' | 'file'>,
  params?: ReadonlyMap<string, RawParameter>,
): Promise<number> {
  return withSession(cmd, io, deps, async (session) => {
    const summary = await runStatements(session, statements, name, { stdout: io.stdout, stderr: io.stderr, color: io.stderrIsTTY, progress: io.stderrIsTTY, quiet: o.quiet ?? false }, {
      format: o.format,
      explain: o.explain ?? false,
      keepGoing: o.keepGoing ?? false,
      // Always bind: a DECLAREd parameter without a value is ydb's "Missing value for parameter".
      parameters: inferredParameters(params ?? new Map()),
      bindParameter: parameterBinder(params ?? new Map()),
      ...(io.signal ? { signal: io.signal } : {}),
    })
    return summary.failed > 0 || io.signal?.aborted ? ExitCode.Failed : ExitCode.Ok
  })
}

export function sqlCommand(io: CliIO, deps: CliDeps, done: (code: number) => void): Command {
  return new Command('sql')
    .description('run YQL statements in order, stopping at the first failure')
    .option('-s, --script <text>', 'the statements to run')
    .option('-f, --file <path>', "a file of statements ('-' for stdin)")
    .addOption(formatOption())
    .option('--explain', "print every statement's plan and run nothing")
    .option('--keep-going', 'continue after a failing statement (exit code is still 1)')
    .option('-q, --quiet', 'print only result sets and errors, not the status of each statement')
    .option('-p, --param <$name=value>', "a query parameter's value as JSON (name with or without '$'); repeatable", (v: string, prev: string[] = []) => [...prev, v])
    .option('--input-file <path>', 'a file with one set of parameter values: a JSON object (or one newline-delimited JSON object)')
    .addOption(new Option('--input-format <format>', 'format of parameter values').choices(['json']).default('json'))
    .action(async (o: SqlCommandOptions, cmd: Command) => {
      if ((o.script === undefined) === (o.file === undefined)) usageError(cmd, 'exactly one of -s/--script or -f/--file is required')
      let params: Map<string, RawParameter> | undefined
      if (o.param?.length || o.inputFile !== undefined) {
        params = await collectParameters({ ...(o.param ? { params: o.param } : {}), ...(o.inputFile !== undefined ? { inputFile: o.inputFile } : {}), ...(o.inputFormat !== undefined ? { inputFormat: o.inputFormat } : {}) })
          .catch((e: unknown) => usageError(cmd, e instanceof Error ? e.message : String(e)))
        // ydb: every --param must be a parameter of the query (stdin cannot be read twice: not checked there).
        const given = [...params].filter(([, p]) => p.source === PARAM_SOURCE).map(([n]) => n)
        if (given.length && o.file !== '-') {
          const found = o.script !== undefined ? new Set(given.filter(mentions(o.script))) : await fileMentions(o.file!, given).catch(() => new Set(given))
          const missing = given.find((n) => !found.has(n))
          if (missing) usageError(cmd, `Query does not contain parameter "${missing}".`)
        }
      }
      let statements: AsyncIterable<ScriptStatement> | Iterable<ScriptStatement>
      let name: string
      if (o.script !== undefined) {
        statements = splitStatements(o.script)
        name = '<script>'
      } else {
        const file = o.file!
        if (file !== '-') await access(file).catch(() => usageError(cmd, `cannot read file '${file}'`))
        statements = readStatements(openScriptStream(file, io.stdin))
        name = file === '-' ? '<stdin>' : file
      }
      done(await runScript(cmd, io, deps, statements, name, o, params))
    })
}
