// yql-backup's library API. See examples/library-example.ts.
export { openDatabase, check, type Database, type DatabaseRunOptions, type OpenDatabaseOptions } from './frontends/library.js'
export type { StatementResult, ProgressEvent, RunOptions } from './exec/session.js'
export { Session, checkSource, type SessionOptions } from './exec/session.js'
export { openCluster, type OpenClusterOptions, type ClusterAuth } from './backends/cluster/open-cluster.js'
export type {
  ClusterBackend,
  ResultSet,
  ResultColumn,
  PathEntry,
  CollectionDescription,
  OperationRecord,
  Progress,
} from './backends/cluster/cluster-backend.js'
export { YqlError, hasErrors, type Diagnostic, type Severity } from './diagnostics/diagnostic.js'
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from './diagnostics/render.js'
export { SourceText, type Position } from './source/source-text.js'
export type { Span } from './source/span.js'
export type { Value, Row, DecimalValue } from './types/value.js'
export type { YdbType, ColumnType, PrimitiveTypeName } from './types/ydb-type.js'
export { formatResultSet, OUTPUT_FORMATS, type OutputFormat } from './frontends/output/format-result-set.js'
export { readStatements, splitStatements, type ScriptStatement } from './frontends/script-reader.js'
export { runCli } from './frontends/cli/program.js'
export type { CliIO } from './frontends/cli/cli-context.js'
