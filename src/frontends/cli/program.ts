// The yql-backup command line: global options and commands mirroring the ydb
// CLI. `runCli` is the whole CLI as a function of its arguments and streams,
// so tests run it in-process; main.ts binds it to the real process.
import { Command, CommanderError } from 'commander'
import { readStatements } from '../script-reader.js'
import { startRepl } from '../repl/repl.js'
import { checkCommand } from './check-command.js'
import { defaultDeps, ExitCode, type CliDeps, type CliIO } from './cli-context.js'
import { withSession } from './command-helpers.js'
import { operationCommand } from './operation-command.js'
import { schemeCommand } from './scheme-command.js'
import { formatOption, runScript, sqlCommand } from './sql-command.js'
import { transferCommands } from './transfer-commands.js'

const VERSION = '0.1.0'

/** Builds the program; `done` receives the exit code of the command that ran. */
export function buildProgram(io: CliIO, deps: CliDeps, done: (code: number) => void): Command {
  const program = new Command('yql-backup')
    .description('Run YDB backup statements (backup collections, dump/restore, export/import) on an embedded database or a YDB cluster.\nWith no command: a REPL on a terminal, else runs stdin as a script.')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .option('-e, --endpoint <endpoint>', 'YDB endpoint grpc[s]://host:port (default: the embedded database)')
    .option('-d, --database <path>', 'database path', '/local')
    // The environment is read from io.env (resolveDataDir), not by commander from process.env.
    .option('--data-dir <dir>', 'embedded database directory (env YQL_BACKUP_DATA_DIR; default: $XDG_DATA_HOME/yql-backup or ~/.local/share/yql-backup)')
    .option('--user <name>', 'user name (env YDB_USER)')
    .option('--password-file <file>', 'file with the password (env YDB_PASSWORD)')
    .option('--no-password', 'do not ask for a password')
    .option('--token-file <file>', 'file with an access token (env YDB_ACCESS_TOKEN_CREDENTIALS, YDB_TOKEN)')
    .option('--sa-key-file <file>', 'service account key file (env YDB_SERVICE_ACCOUNT_KEY_FILE_CREDENTIALS)')
    .option('--use-metadata-credentials', 'use the metadata service (env YDB_METADATA_CREDENTIALS=1)')
    .option('--ca-file <file>', 'root certificate for grpcs')
    .addOption(formatOption())
    .action(async (o: { format: 'pretty' | 'json-unicode' | 'csv' | 'tsv' }, cmd: Command) => {
      if (io.stdinIsTTY) {
        done(await withSession(cmd, io, deps, (s) => startRepl(s, io, { format: o.format })))
      } else {
        done(await runScript(cmd, io, deps, readStatements(stdinText(io)), '<stdin>', { format: o.format }))
      }
    })
  program.addCommand(sqlCommand(io, deps, done))
  program.addCommand(checkCommand(io, deps, done))
  program.addCommand(schemeCommand(io, deps, done))
  program.addCommand(operationCommand(io, deps, done))
  for (const c of transferCommands(io, deps, done)) program.addCommand(c)
  applyToAll(program, (c) =>
    c
      .exitOverride()
      .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
      .showHelpAfterError('(run with --help for usage)'),
  )
  return program
}

function stdinText(io: CliIO): AsyncIterable<string> {
  io.stdin.setEncoding('utf8')
  return io.stdin as AsyncIterable<string>
}

function applyToAll(c: Command, f: (c: Command) => void): void {
  f(c)
  for (const sub of c.commands) applyToAll(sub, f)
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code:
 * 0 success, 1 a statement or operation failed, 2 usage error.
 */
export async function runCli(argv: readonly string[], io: CliIO, deps: CliDeps = defaultDeps): Promise<number> {
  let code: number = ExitCode.Ok
  const program = buildProgram(io, deps, (c) => (code = c))
  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage
    throw e
  }
  return code
}
