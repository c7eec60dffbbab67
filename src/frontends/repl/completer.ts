// Tab completion: keywords, meta-commands, and table and collection names
// (refreshed from the cluster after every entry).
import type { ClusterBackend } from '../../backends/cluster/cluster-backend.js'
import { PRIMITIVE_TYPE_NAMES } from '../../types/ydb-type.js'
import { META_COMMAND_NAMES } from './meta-commands.js'

export const KEYWORDS = [
  'ADD', 'ALTER', 'AND', 'AS', 'ASC', 'ASYNC', 'AT', 'BACKUP', 'BETWEEN', 'BY', 'CAST', 'COLLECTION', 'COLUMN', 'COVER',
  'CREATE', 'DATABASE', 'DECLARE', 'DEFAULT', 'DELETE', 'DESC', 'DISTINCT', 'DROP', 'EXISTS', 'EXPLAIN', 'FALSE', 'FAMILY',
  'FROM', 'GLOBAL', 'GROUP', 'IF', 'IN', 'INCREMENTAL', 'INDEX', 'INSERT', 'INTERVAL', 'INTO', 'IS', 'JOIN', 'KEY', 'LEFT',
  'LIKE', 'LIMIT', 'NOT', 'NULL', 'OFFSET', 'ON', 'OR', 'ORDER', 'PLAN', 'PRAGMA', 'PRIMARY', 'QUERY', 'REPLACE', 'RESET',
  'RESTORE', 'SELECT', 'SET', 'STORAGE', 'SYNC', 'TABLE', 'TRUE', 'TTL', 'UNIQUE', 'UPDATE', 'UPSERT', 'USE', 'VALUES',
  'WHERE', 'WITH', 'INCREMENTAL_BACKUP_ENABLED', 'OMIT_INDEXES', 'TablePathPrefix',
  ...PRIMITIVE_TYPE_NAMES, 'Decimal',
]

/** Table and collection names of the database, relative to its root. */
export class NameCache {
  tables: string[] = []
  collections: string[] = []

  constructor(private readonly cluster: ClusterBackend) {}

  /** Re-reads names; a failure leaves the old ones (completion must never break the REPL). */
  async refresh(): Promise<void> {
    try {
      const root = this.cluster.database
      const tables: string[] = []
      const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
        for (const e of await this.cluster.listDirectory(dir)) {
          if (e.name.startsWith('.')) continue // .sys, .backups
          if (e.type === 'table') tables.push(prefix + e.name)
          else if (e.type === 'directory' && depth < 8) await walk(e.path, `${prefix}${e.name}/`, depth + 1)
        }
      }
      await walk(root, '', 0)
      this.tables = tables.sort()
      this.collections = (await listCollections(this.cluster)).sort()
    } catch {
      // keep the previous names
    }
  }
}

/** Names of the database's backup collections (`<db>/.backups/collections/*`). */
export async function listCollections(cluster: ClusterBackend): Promise<string[]> {
  const dir = `${cluster.database}/.backups/collections`
  if (!(await cluster.describePath(dir))) return []
  return (await cluster.listDirectory(dir)).filter((e) => e.type === 'backupCollection').map((e) => e.name)
}

/** A readline completer: `[candidates, the word being completed]`. */
export function makeCompleter(names: NameCache): (line: string) => [string[], string] {
  return (line) => {
    if (/^\s*[\\.][a-z]*$/i.test(line)) {
      const word = line.trim()
      const prefix = word[0]!
      return [META_COMMAND_NAMES.map((n) => prefix + n).filter((n) => n.startsWith(word)), word]
    }
    const word = /[\w/`.]*$/.exec(line)![0]
    const bare = word.replace(/^`/, '')
    const lower = bare === bare.toLowerCase() && /[a-z]/.test(bare)
    const kw = KEYWORDS.filter((k) => k.toLowerCase().startsWith(bare.toLowerCase())).map((k) => (lower ? k.toLowerCase() : k))
    const objs = [...names.tables, ...names.collections].filter((n) => n.startsWith(bare)).map((n) => (word.startsWith('`') ? `\`${n}\`` : /^[\w]+$/.test(n) ? n : `\`${n}\``))
    const hits = [...new Set([...objs, ...(bare ? kw : [])])]
    return [hits, word]
  }
}
