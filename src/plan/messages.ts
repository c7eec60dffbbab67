// Diagnostic codes and message texts of the planner and executor. YDB's exact
// words (spec §2.10) where YDB has a message; ours follow their style.

/** Stable codes (the scheme/exec ones equal the cluster backend's BackendErrorCode values). */
export const PlanCode = {
  PathNotFound: 'scheme/path-not-found',
  PathExists: 'scheme/path-exists',
  WrongPathType: 'scheme/wrong-path-type',
  SchemeError: 'scheme/error',
  PreconditionFailed: 'exec/precondition-failed',
  BadRequest: 'exec/bad-request',
  Busy: 'exec/busy',
  Cancelled: 'exec/cancelled',
  Internal: 'exec/internal',
  UnsupportedSetting: 'plan/unsupported-setting',
  BadSettingValue: 'plan/bad-setting-value',
  Unimplemented: 'plan/unimplemented',
  InvalidCluster: 'plan/invalid-cluster',
  WrongCollectionPlace: 'plan/wrong-collection-place',
  IncrementalDisabled: 'plan/incremental-disabled',
  NoContinuousBackup: 'plan/no-continuous-backup',
  NothingToRestore: 'plan/nothing-to-restore',
  NoFullBackup: 'plan/no-full-backup',
  ChainBroken: 'plan/full-backup-required',
  BadRestorePoint: 'plan/bad-restore-point',
  NoTables: 'plan/no-tables',
  CaptureConflict: 'plan/capture-conflict',
} as const

export const msg = {
  wrongPlace: (db: string) => `Backup collections must be placed in ${db}/.backups/collections`,
  unsupportedSetting: (key: string) => `Unsupported backup collection setting: ${key}`,
  badBool: (key: string) => `${key.toUpperCase()} must be true or false`,
  onlyClusterStorage: () => 'Only cluster STORAGE are currently supported',
  unimplemented: () => 'Unimplemented',
  invalidCluster: (c: string) => `Invalid cluster: ${c}`,
  incrementalDisabled: () => 'Incremental backup is disabled on this collection',
  noStream: () => 'Last continuous backup stream is not found',
  nothingToRestore: () => 'Nothing to restore',
  pathExists: (p: string) => `Check failed: path: '${p}', error: path exist, request doesn't accept it`,
  pathNotFound: (p: string, nearest: string) =>
    `Check failed: path: '${p}', error: path hasn't been resolved, nearest resolved path: '${nearest}'`,
  notACollection: (p: string) => `Check failed: path: '${p}', error: path is not a backup collection`,
  notATable: (p: string) => `Check failed: path: '${p}', error: path is not a table`,
  busy: (p: string) => `Check failed: path: '${p}', error: path is under operation`,
  dropDuringRestore: () =>
    'Cannot drop backup collection while incremental restore operations are active. Please wait for them to complete.',
  restoreTargetExists: (p: string) =>
    `Check failed: path: '${p}', error: path exist, request doesn't accept it (RESTORE never overwrites: drop or rename table ${p} first)`,
  noFullBackup: (c: string) => `Nothing to restore: backup collection ${c} has only incremental backups, and an incremental needs a full backup to start from`,
  noTables: (c: string) => `Backup collection ${c} has no tables to back up`,
  fullRequired: (c: string, why: string) =>
    `${why}; take a full backup (BACKUP ${c}) before the next incremental backup`,
  badAt: (at: string) => `Cannot use AT '${at}': expected a backup name (e.g. 20250821141425Z_full) or a UTC timestamp (e.g. 2025-08-21T14:14:25Z)`,
  atNotFound: (at: string, c: string) => `Backup ${at} is not in backup collection ${c}`,
  atBeforeFirstFull: (at: string, c: string) => `Nothing to restore: backup collection ${c} has no full backup taken at or before '${at}'`,
  tableOutsideDatabase: (p: string, db: string) => `Table ${p} is outside the database ${db}`,
  alreadyMember: (t: string, c: string) => `Table ${t} is already in backup collection ${c}`,
  notMember: (t: string, c: string) => `Table ${t} is not in backup collection ${c}`,
  cancelled: () => 'Operation cancelled',
  captureConflict: (t: string, other: string) =>
    `Table ${t} is already in backup collection ${other} with incremental backups enabled; a table can take incremental backups in one collection only`,
} as const
