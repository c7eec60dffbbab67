// Collection settings (spec §1.4–1.5): keys lower-cased, values string
// literals, only `storage`, `incremental_backup_enabled` and `omit_indexes`.
import type { CollectionSetting } from '../ast/nodes.js'
import { normalizeCollectionSettings } from '../ast/validate.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { msg, PlanCode } from './messages.js'
import type { CollectionSpec } from './plan.js'

export interface SettingEntry {
  readonly key: string
  readonly value: string
  readonly keySpan: Span
  readonly valueSpan: Span
}

/** External storage URLs (extension): `file:///abs/dir`, `s3://bucket[/prefix][?options]`. */
export const EXTERNAL_STORAGE = /^(file:\/\/\/|s3:\/\/[^/?]+)/i

export const SUPPORTED_SETTINGS: ReadonlySet<string> = new Set(['storage', 'incremental_backup_enabled', 'omit_indexes'])

export const DEFAULT_SPEC: Omit<CollectionSpec, 'tables'> = { storage: 'cluster', incrementalBackupEnabled: false, omitIndexes: false }

/** Lower-cases keys and unescapes values (the translator's rules, ast/validate.ts); the validator reports problems first. */
export function readSettings(settings: readonly CollectionSetting[], source: SourceText): { entries: SettingEntry[]; diagnostics: Diagnostic[] } {
  const r = normalizeCollectionSettings(settings)
  return { entries: r.settings, diagnostics: r.diagnostics.map((d) => (d.source ? d : { ...d, source })) }
}

function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase()
  return v === 'true' ? true : v === 'false' ? false : undefined
}

/** Applies settings to a spec, with KQP's checks and messages. */
export function applySettings<T extends Omit<CollectionSpec, 'tables'>>(
  base: T,
  entries: readonly SettingEntry[],
  source: SourceText,
): { spec: T; diagnostics: Diagnostic[] } {
  // KQP's type annotation rejects unknown keys before any value is parsed.
  const unknown = entries.filter((e) => !SUPPORTED_SETTINGS.has(e.key))
  if (unknown.length) return { spec: base, diagnostics: unknown.map((e) => error(PlanCode.UnsupportedSetting, msg.unsupportedSetting(e.key), e.keySpan, source)) }
  const diagnostics: Diagnostic[] = []
  let spec = base
  for (const e of entries) {
    if (e.key === 'storage') {
      if (e.value.toLowerCase() === 'cluster') spec = { ...spec, storage: 'cluster' }
      // Extension: backups also exported to a directory or an S3 prefix.
      else if (EXTERNAL_STORAGE.test(e.value)) spec = { ...spec, storage: e.value }
      else diagnostics.push(error(PlanCode.BadSettingValue, msg.onlyClusterStorage(), e.valueSpan, source))
      continue
    }
    const b = parseBool(e.value)
    if (b === undefined) {
      diagnostics.push(error(PlanCode.BadSettingValue, msg.badBool(e.key), e.valueSpan, source))
      continue
    }
    spec = e.key === 'incremental_backup_enabled' ? { ...spec, incrementalBackupEnabled: b } : { ...spec, omitIndexes: b }
  }
  return { spec, diagnostics }
}
