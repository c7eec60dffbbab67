/** Dump/restore and export/import over any StorageBackend (spec §3). */
export { dumpToStorage, startDumpWorkers, FILE_SPLIT_THRESHOLD, type DumpOptions, type DumpResult } from './dump.js'
export { restoreFromStorage, verifyStorage, type RestoreOptions, type RestoreResult, type VerifyResult } from './restore.js'
export { scanDump, displayKey, type DumpPlan, type DumpTable, type DumpDir } from './dump-scan.js'
export { TransferErrorCode } from './file-pipeline.js'
