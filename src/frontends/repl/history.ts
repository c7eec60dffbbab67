// The REPL's persistent history: one entry per line, oldest first (like bash).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

export const HISTORY_SIZE = 1000

/** `$YQL_BACKUP_HISTORY` (empty: no history file), else `~/.yql_backup_history`. */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const v = env['YQL_BACKUP_HISTORY']
  if (v !== undefined) return v === '' ? undefined : v
  return join(env['HOME'] || homedir(), '.yql_backup_history')
}

/** Entries newest first, as readline wants them. */
export function loadHistory(path: string | undefined): string[] {
  if (!path) return []
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').reverse().slice(0, HISTORY_SIZE)
  } catch {
    return []
  }
}

/** Writes entries (newest first) oldest first; errors are ignored: history is a convenience. */
export function saveHistory(path: string | undefined, newestFirst: readonly string[]): void {
  if (!path) return
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, [...newestFirst.slice(0, HISTORY_SIZE)].reverse().join('\n') + '\n', { mode: 0o600 })
  } catch {
    // unwritable home directory: keep going without history
  }
}
