// Backup names: `<YYYYMMDDhhmmss>Z_full` / `_incremental` in UTC (spec §2.2).
//
// YDB's names have one-second resolution and would collide for two backups in
// one second; ours never do: a name that would not sort after the newest
// existing one is bumped to one second past it, keeping the 14-digit format, so
// names stay unique and in creation order.
import type { BackupInfo, BackupKind } from './catalog.js'

/** `2025-08-21T14:14:25.123Z` → `20250821141425`. */
export function formatStamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

/** `20250821141425` → the Date it names (UTC). */
export function parseStamp(stamp: string): Date {
  const n = (a: number, b: number) => Number(stamp.slice(a, b))
  return new Date(Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14)))
}

/** The stamp for a new backup taken at `now`, after every existing backup. */
export function nextStamp(now: Date, existing: readonly BackupInfo[]): string {
  const stamp = formatStamp(now)
  const last = existing.reduce<string | undefined>((m, b) => (m === undefined || b.stamp > m ? b.stamp : m), undefined)
  if (last === undefined || stamp > last) return stamp
  return formatStamp(new Date(parseStamp(last).getTime() + 1000))
}

export const backupName = (stamp: string, kind: BackupKind): string => `${stamp}Z_${kind}`

/** The change-capture stream a backup starts (YDB: `<ts>_continuousBackupImpl`). */
export const streamName = (stamp: string): string => `${stamp}Z_continuousBackupImpl`

/**
 * Parses RESTORE's AT value (extension): a backup name, a 14-digit stamp with
 * or without `Z`, an ISO-8601 UTC time, or YDB's doc form `2024-06-16_20-14-02`.
 * Returns the stamp and, for a backup name, the exact name.
 */
export function parseRestorePoint(at: string): { stamp: string; name?: string } | undefined {
  const s = at.trim()
  const named = /^(\d{14})Z_(full|incremental)$/.exec(s)
  if (named) return { stamp: named[1]!, name: s }
  const bare = /^(\d{14})Z?$/.exec(s)
  if (bare) return { stamp: bare[1]! }
  const doc = /^(\d{4})-(\d{2})-(\d{2})[_T ](\d{2})[-:](\d{2})[-:](\d{2})(\.\d+)?Z?$/.exec(s)
  if (doc) {
    const [, y, mo, d, h, mi, se] = doc
    const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +se!))
    if (Number.isNaN(date.getTime()) || formatStamp(date) !== `${y}${mo}${d}${h}${mi}${se}`) return undefined
    return { stamp: formatStamp(date) }
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (day) return { stamp: `${day[1]}${day[2]}${day[3]}235959` }
  return undefined
}
