// Plans: what a backup statement will do, as plain data (house style §8.5).
//
// A plan is produced by the planner from the AST and a read-only catalogue
// view, without IO; the executor runs its steps in order against a cluster
// backend; explain.ts prints it one line per step. Paths are absolute.
import type { BackupStatement } from '../ast/nodes.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'

/** A collection's settings after validation (YDB's SchemeShard description, plus extensions). */
export interface CollectionSpec {
  /** Absolute table paths; empty with `database`. */
  readonly tables: readonly string[]
  /** Extension: every table of the database at backup time (YDB: Unimplemented). */
  readonly database?: boolean
  /** 'cluster', or a `file://` / `s3://` URL (extension). */
  readonly storage: string
  readonly incrementalBackupEnabled: boolean
  readonly omitIndexes: boolean
  /**
   * Extension (ALTER): the newest backup name when the table set or the
   * incremental settings last changed. An incremental needs a full taken after it.
   */
  readonly chainResetAfter?: string
}

/** A source → destination pair (same shape as the cluster backend's CopyItem). */
export interface PlanCopyItem {
  readonly src: string
  readonly dst: string
}

/** One table of a restore: the full backup's copy, then the incrementals' copies in order. */
export interface PlanRestoreItem {
  readonly target: string
  readonly full: string
  readonly incrementals: readonly string[]
}

/** One unit of work. Steps that write a backup are not idempotent (YDB: BACKUP is not). */
export type Step =
  | { readonly kind: 'CreateCollection'; readonly collection: string; readonly spec: CollectionSpec }
  | { readonly kind: 'AlterCollection'; readonly collection: string; readonly spec: CollectionSpec; readonly changes: readonly string[] }
  | { readonly kind: 'DropCollection'; readonly collection: string }
  | { readonly kind: 'StopChangeCapture'; readonly tables: readonly string[] }
  | { readonly kind: 'CheckTablesExist'; readonly tables: readonly string[] }
  | { readonly kind: 'CheckTargetsAbsent'; readonly tables: readonly string[] }
  | {
      readonly kind: 'FullBackup'
      readonly collection: string
      readonly backup: string
      readonly items: readonly PlanCopyItem[]
      readonly omitIndexes: boolean
      /** Change-capture stream started at the snapshot point (incrementals enabled). */
      readonly changeCapture?: string
    }
  | {
      readonly kind: 'IncrementalBackup'
      readonly collection: string
      readonly backup: string
      readonly items: readonly PlanCopyItem[]
      readonly nextStream: string
    }
  | {
      /** Extension: copies a backup of the cluster to the collection's external storage (dump format). */
      readonly kind: 'ExportBackup'
      readonly collection: string
      readonly backup: string
      readonly storage: string
    }
  | {
      /** Extension: brings a backup found only in external storage back into the collection. */
      readonly kind: 'ImportBackup'
      readonly collection: string
      readonly backup: string
      readonly storage: string
    }
  | { readonly kind: 'Restore'; readonly collection: string; readonly chain: readonly string[]; readonly items: readonly PlanRestoreItem[] }

export type StepKind = Step['kind']

/** A long operation the plan runs as (YDB's Operation service kinds). */
export interface PlanOperation {
  readonly kind: 'incbackup' | 'restore'
  /** The collection path: a second operation on it is refused while this one runs. */
  readonly subject: string
}

/** A backup statement's plan: frozen data that keeps its source statement. */
export interface Plan {
  readonly statement: BackupStatement
  readonly source: SourceText
  readonly span: Span
  readonly steps: readonly Step[]
  /** Present for BACKUP and RESTORE. */
  readonly operation?: PlanOperation
  /** What the statement reports on success. */
  readonly message: string
}

/** Steps that write a new backup must never be retried blindly. */
export const isIdempotent = (s: Step): boolean => s.kind !== 'FullBackup' && s.kind !== 'IncrementalBackup'

/** Where a collection's backup lives in its external storage: `<collection name>/<backup name>/`. */
export const storagePrefix = (collection: string, backup: string): string => `${collection.slice(collection.lastIndexOf('/') + 1)}/${backup}`

/** A short, stable name for a step, used in errors (`failed step 2: FullBackup`). */
export const stepLabel = (s: Step, index: number): string => `${index + 1}:${s.kind}`
