// `yql-backup check FILE...`: parse and validate only (editors, CI linters).
import { access } from 'node:fs/promises'
import { Command } from 'commander'
import { hasErrors } from '../../diagnostics/diagnostic.js'
import { SourceText } from '../../source/source-text.js'
import { renderErrors } from '../runner.js'
import { openScriptStream, readStatements } from '../script-reader.js'
import { ExitCode, type CliDeps, type CliIO } from './cli-context.js'
import { usageError } from './command-helpers.js'

/** Checks every statement of every file; prints diagnostics; 1 when any is an error. */
export async function checkFiles(files: readonly string[], io: CliIO, deps: CliDeps): Promise<number> {
  let failed = false
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file
    for await (const st of readStatements(openScriptStream(file, io.stdin))) {
      const source = new SourceText(st.text, name, st.line, st.column)
      const ds = await deps.checkSource(source)
      if (ds.length) io.stderr.write(renderErrors(ds, source, io.stderrIsTTY) + '\n')
      if (hasErrors(ds)) failed = true
    }
  }
  return failed ? ExitCode.Failed : ExitCode.Ok
}

export function checkCommand(io: CliIO, deps: CliDeps, done: (code: number) => void): Command {
  return new Command('check')
    .description('parse and validate files without running them; exit 1 on any error')
    .argument('<files...>', "YQL files ('-' for stdin)")
    .action(async (files: string[], _o: unknown, cmd: Command) => {
      for (const f of files) if (f !== '-') await access(f).catch(() => usageError(cmd, `cannot read file '${f}'`))
      done(await checkFiles(files, io, deps))
    })
}
