// The read-only view of the catalogue that the planner plans against.
//
// The session loads it (async, from the cluster) before planning, so that the
// planner itself stays a pure function: same AST + same view = same plan.
import type { TableSchema } from '../types/table-schema.js'
import type { CollectionSpec } from './plan.js'

export type BackupKind = 'full' | 'incremental'

/** One backup directory of a collection, `<14 digits>Z_full|_incremental`. */
export interface BackupInfo {
  readonly name: string
  readonly kind: BackupKind
  /** The 14-digit UTC timestamp of the name, `YYYYMMDDhhmmss`. */
  readonly stamp: string
  /** Paths of the backup's tables relative to the database (`dir/t`), sorted. */
  readonly tables: readonly string[]
  /** Extension: false when the backup exists only in the collection's external storage. */
  readonly inCluster?: boolean
  /** Extension: true when a complete copy is in the collection's external storage. */
  readonly inStorage?: boolean
}

/** A collection as the catalogue holds it. */
export interface CollectionInfo {
  readonly path: string
  readonly spec: CollectionSpec
  /** Sorted by name (= creation order). */
  readonly backups: readonly BackupInfo[]
}

/** Everything the planner may look at. All methods are synchronous and side-effect free. */
export interface CatalogView {
  /** The database root, e.g. `/local`. */
  readonly database: string
  /** The collection at this absolute path, if there is one. */
  collection(path: string): CollectionInfo | undefined
  /** The type of the object at an absolute path, if any. */
  pathType(path: string): 'directory' | 'table' | 'backupCollection' | undefined
  /** The schema of a table (sources and backup copies), when the loader fetched it. */
  tableSchema(path: string): TableSchema | undefined
  /** Every user table of the database (for DATABASE collections), when loaded. */
  databaseTables(): readonly string[]
  /** Every collection of the database with its settings (backups not loaded), when loaded. */
  allCollections(): readonly { readonly path: string; readonly spec: CollectionSpec }[]
}

/** A CatalogView over plain maps: what the session's loader and the tests build. */
export class CatalogSnapshot implements CatalogView {
  constructor(
    readonly database: string,
    private readonly collections: ReadonlyMap<string, CollectionInfo> = new Map(),
    private readonly paths: ReadonlyMap<string, 'directory' | 'table' | 'backupCollection'> = new Map(),
    private readonly schemas: ReadonlyMap<string, TableSchema> = new Map(),
    private readonly allTables: readonly string[] = [],
    private readonly others: readonly { readonly path: string; readonly spec: CollectionSpec }[] = [],
  ) {}

  collection(path: string): CollectionInfo | undefined {
    return this.collections.get(path)
  }

  pathType(path: string): 'directory' | 'table' | 'backupCollection' | undefined {
    if (this.collections.has(path)) return 'backupCollection'
    return this.paths.get(path)
  }

  tableSchema(path: string): TableSchema | undefined {
    return this.schemas.get(path)
  }

  databaseTables(): readonly string[] {
    return this.allTables
  }

  allCollections(): readonly { readonly path: string; readonly spec: CollectionSpec }[] {
    return this.others
  }
}

/** Parses a backup directory name; undefined for anything else (staging names included). */
export function parseBackupName(name: string): { stamp: string; kind: BackupKind } | undefined {
  const m = /^(\d{14})Z_(full|incremental)$/.exec(name)
  return m ? { stamp: m[1]!, kind: m[2] as BackupKind } : undefined
}
