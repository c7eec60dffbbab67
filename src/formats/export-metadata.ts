/**
 * `metadata.json` files of an S3 export (spec §3.3, `ydb/core/backup/common/metadata.cpp`):
 * per item `{"version":0,"full_backups":[{"snapshot_vts":[step,txId]}],"permissions":1,"changefeeds":[]}`;
 * at the export root (with a common destination prefix) `{"kind":"SimpleExportV0",…}`,
 * `SchemaMapping/metadata.json` and `SchemaMapping/mapping.json`.
 */

/** Per-item metadata. */
export interface ItemMetadata {
  readonly version: number
  readonly fullBackups: readonly { readonly snapshotVts: readonly [number, number] }[]
  readonly permissions?: boolean
  readonly changefeeds: readonly { readonly prefix: string; readonly name: string }[]
}

export function formatItemMetadata(m: ItemMetadata): string {
  return JSON.stringify({
    version: m.version,
    full_backups: m.fullBackups.map((b) => ({ snapshot_vts: b.snapshotVts })),
    ...(m.permissions !== undefined ? { permissions: m.permissions ? 1 : 0 } : {}),
    changefeeds: m.changefeeds,
  })
}

export function parseItemMetadata(text: string): ItemMetadata {
  const j = JSON.parse(text) as Record<string, unknown>
  if (typeof j.version !== 'number') throw new Error('metadata.json: no version')
  const fb = Array.isArray(j.full_backups) ? (j.full_backups as { snapshot_vts?: [number, number] }[]) : []
  return {
    version: j.version,
    fullBackups: fb.map((b) => ({ snapshotVts: b.snapshot_vts ?? [0, 0] })),
    ...(j.permissions !== undefined ? { permissions: j.permissions === 1 || j.permissions === true } : {}),
    changefeeds: Array.isArray(j.changefeeds) ? (j.changefeeds as { prefix: string; name: string }[]) : [],
  }
}

/** The export root's `metadata.json`. */
export interface ExportRootMetadata {
  readonly kind: 'SimpleExportV0'
  readonly compression?: string
  readonly encryption?: string
  readonly checksum?: 'sha256'
}

export const formatRootMetadata = (m: Omit<ExportRootMetadata, 'kind'>): string =>
  JSON.stringify({ kind: 'SimpleExportV0', ...m })

export function parseRootMetadata(text: string): ExportRootMetadata {
  const j = JSON.parse(text) as ExportRootMetadata
  if (j.kind !== 'SimpleExportV0') throw new Error(`metadata.json: unknown kind ${String(j.kind)}`)
  return j
}

export const SCHEMA_MAPPING_METADATA = JSON.stringify({ kind: 'SchemaMappingV0' })

/** `SchemaMapping/mapping.json`: object path (no leading '/') → its key prefix (and IV when encrypted). */
export type SchemaMapping = Readonly<Record<string, { readonly exportPrefix: string; readonly iv?: string }>>

export const formatSchemaMapping = (m: SchemaMapping): string => JSON.stringify({ exportedObjects: m })

export function parseSchemaMapping(text: string): SchemaMapping {
  const j = JSON.parse(text) as { exportedObjects?: SchemaMapping }
  return j.exportedObjects ?? {}
}
