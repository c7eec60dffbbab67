// Collection settings (spec §1.4–1.5): keys lower-cased, values string
// literals, only `storage`, `incremental_backup_enabled` and `omit_indexes`.
import type { CollectionSetting } from '../ast/nodes.js'
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

export const SUPPORTED_SETTINGS: ReadonlySet<string> = new Set(['storage', 'incremental_backup_enabled', 'omit_indexes'])

export const DEFAULT_SPEC: Omit<CollectionSpec, 'tables'> = { storage: 'cluster', incrementalBackupEnabled: false, omitIndexes: false }

const decoder = new TextDecoder()

/** Lower-cases keys and unescapes values; non-string values and duplicates are diagnosed (the validator reports them first). */
export function readSettings(settings: readonly CollectionSetting[], source: SourceText): { entries: SettingEntry[]; diagnostics: Diagnostic[] } {
  const entries: SettingEntry[] = []
  const diagnostics: Diagnostic[] = []
  const seen = new Set<string>()
  for (const s of settings) {
    const key = s.key.text.toLowerCase()
    if (seen.has(key)) {
      diagnostics.push(error('validate/duplicate-setting', `${key.toUpperCase()} duplicate keys`, s.key.span, source))
      continue
    }
    seen.add(key)
    const v = s.value
    if (v.kind === 'Literal' && v.type === 'String') entries.push({ key, value: decoder.decode(v.value), keySpan: s.key.span, valueSpan: v.span })
    else diagnostics.push(error('validate/setting-not-string', `${key.toUpperCase()} value should be a string literal`, s.key.span, source))
  }
  return { entries, diagnostics }
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
  const diagnostics: Diagnostic[] = []
  let spec = base
  for (const e of entries) {
    if (!SUPPORTED_SETTINGS.has(e.key)) {
      diagnostics.push(error(PlanCode.UnsupportedSetting, msg.unsupportedSetting(e.key), e.keySpan, source))
      continue
    }
    if (e.key === 'storage') {
      if (e.value.toLowerCase() === 'cluster') spec = { ...spec, storage: 'cluster' }
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
