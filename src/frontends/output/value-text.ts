// Text forms of values, as the ydb CLI prints them (ydb_json_value.cpp's
// FormatValueJson with EBinaryStringEncoding::Unicode). Shared by every
// output format so a value looks the same in a table, a JSON line or a CSV.
import type { ColumnType } from '../../types/ydb-type.js'
import type { DecimalValue, Value } from '../../types/value.js'
import { isDecimal } from '../../types/value.js'

const DAY_MS = 86_400_000

const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0')

/** `YYYY-MM-DD` for days since the epoch (negative years for the wide types). */
export function formatDate(days: number): string {
  const d = new Date(days * DAY_MS)
  const y = d.getUTCFullYear()
  return `${y}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
}

/** `YYYY-MM-DDTHH:MM:SSZ` for seconds since the epoch. */
export function formatDatetime(seconds: number | bigint): string {
  const s = BigInt(seconds)
  let days = s / 86400n
  let rem = s - days * 86400n
  if (rem < 0n) {
    days -= 1n
    rem += 86400n
  }
  const r = Number(rem)
  return `${formatDate(Number(days))}T${pad(Math.floor(r / 3600), 2)}:${pad(Math.floor((r % 3600) / 60), 2)}:${pad(r % 60, 2)}Z`
}

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` for microseconds since the epoch. Timestamp
 * (TInstant::ToString) always prints the six digits; Timestamp64 only when
 * they are not all zero.
 */
export function formatTimestamp(micros: bigint, alwaysFraction = true): string {
  let secs = micros / 1_000_000n
  let frac = micros - secs * 1_000_000n
  if (frac < 0n) {
    secs -= 1n
    frac += 1_000_000n
  }
  const base = formatDatetime(secs).slice(0, -1)
  return frac === 0n && !alwaysFraction ? `${base}Z` : `${base}.${pad(frac, 6)}Z`
}

/** YDB's decimal text: no exponent, no trailing fractional zeros (`1.5`, `-0.001`, `10`). */
export function formatDecimal(d: DecimalValue): string {
  if (d.special) return d.special
  const neg = d.unscaled < 0n
  const digits = (neg ? -d.unscaled : d.unscaled).toString().padStart(d.scale + 1, '0')
  let int = digits.slice(0, digits.length - d.scale)
  let frac = d.scale > 0 ? digits.slice(digits.length - d.scale) : ''
  frac = frac.replace(/0+$/, '')
  int = int === '' ? '0' : int
  const s = frac ? `${int}.${frac}` : int
  return neg && s !== '0' ? `-${s}` : s
}

/** Shortest text of a float that reads back as the same float32 (C++ PREC_AUTO). */
function formatFloat32(x: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p)
    if (Math.fround(Number(s)) === x) return String(Number(s))
  }
  return String(x)
}

const escapes: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x09: '\\t', 0x0c: '\\f', 0x0d: '\\r', 0x0a: '\\n' }

/** A binary string as a JSON string: printable ASCII kept, every other byte `\u00XX` (ydb CLI's Unicode encoding). */
export function bytesToJson(b: Uint8Array): string {
  let s = '"'
  for (const c of b) {
    const e = escapes[c]
    if (e) s += e
    else if (c < 0x20 || c > 0x7e) s += '\\u' + c.toString(16).toUpperCase().padStart(4, '0')
    else s += String.fromCharCode(c)
  }
  return s + '"'
}

/**
 * A value as a JSON text (the json-unicode format and pretty tables): 64-bit
 * integers as exact unquoted digits, Decimal, dates and times as strings,
 * String bytes as above, NULL as `null`.
 */
export function valueToJson(v: Value, t: ColumnType | null): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (isDecimal(v)) return JSON.stringify(formatDecimal(v))
  if (v instanceof Uint8Array) return bytesToJson(v)
  const name = t ? (t.type.kind === 'Decimal' ? 'Decimal' : t.type.name) : undefined
  switch (name) {
    case 'Date':
    case 'Date32':
      return JSON.stringify(formatDate(Number(v)))
    case 'Datetime':
    case 'Datetime64':
      return JSON.stringify(formatDatetime(v as number | bigint))
    case 'Timestamp':
      return JSON.stringify(formatTimestamp(BigInt(v)))
    case 'Timestamp64':
      return JSON.stringify(formatTimestamp(BigInt(v), false))
    case 'Float':
    case 'Double':
      if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '"nan"' : v > 0 ? '"inf"' : '"-inf"'
      return name === 'Float' && typeof v === 'number' ? formatFloat32(v) : String(v)
  }
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '"nan"' : v > 0 ? '"inf"' : '"-inf"'
  return JSON.stringify(v)
}

/** A value as plain text (CSV, TSV): like JSON but strings unquoted; NULL is `undefined`. */
export function valueToText(v: Value, t: ColumnType | null): string | undefined {
  if (v === null) return undefined
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) {
    const text = decodeUtf8(v)
    return text ?? (JSON.parse(bytesToJson(v)) as string)
  }
  const j = valueToJson(v, t)
  return j.startsWith('"') ? (JSON.parse(j) as string) : j
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true })

/** The bytes as text when they are valid UTF-8. */
export function decodeUtf8(b: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(b)
  } catch {
    return undefined
  }
}
