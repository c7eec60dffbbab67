// `tools dump|restore`, `export s3`, `import s3`, `verify`: wired to
// src/transfer/ once it exists (see the front ends' report).
import type { Command } from 'commander'
import type { CliDeps, CliIO } from './cli-context.js'

export function transferCommands(_io: CliIO, _deps: CliDeps, _done: (code: number) => void): Command[] {
  return []
}
