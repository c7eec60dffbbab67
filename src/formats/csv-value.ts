/**
 * One cell of a `data_NN.csv` file (spec §3.4): the text of a value of a column
 * type, and back. Two printing styles:
 * - `dump` (default, `tools dump`, YDB's `PrintValue`): Bool `1`/`0`, Float `%.6g`,
 *   Double `%.10g` (R-01, R-06);
 * - `export` (server export, `export_s3_buffer_raw.cpp`): Bool `true`/`false`,
 *   floats as the shortest round-trip text.
 * Both print NULL as `null`, Date/Datetime/Timestamp as ISO-8601 with six fraction
 * digits, Interval and the 32/64 types as integers, strings `"`-quoted and
 * CGI-escaped, Uuid unquoted. The parser accepts both styles.
 */
import { formatIsoMicros, parseIsoInstant } from '../types/time.js'
import { INTEGER_RANGES, TIME_RANGES, typeToString, type YdbType } from '../types/ydb-type.js'
import type { DecimalValue, Value } from '../types/value.js'
import { cgiEscapeBytes, cgiEscapeString, cgiUnescape } from './cgi-escape.js'
import { formatDecimal, parseDecimal, parseDyNumber } from './decimal-text.js'
import { formatDoubleShortest, formatFloatShortest, formatG, parseDoubleText } from './float-text.js'

export type CsvStyle = 'dump' | 'export'

/** A cell that cannot be read as its column's type; the row reader adds file/line/column. */
export class CsvValueError extends Error {
  override readonly name = 'CsvValueError'
}

const US_PER_DAY = 86_400_000_000n
const US_PER_SECOND = 1_000_000n

/** The CSV text of a non-row value (no trailing separator). */
export function formatCsvValue(v: Value, t: YdbType, style: CsvStyle = 'dump'): string {
  if (v === null) return 'null'
  if (t.kind === 'Decimal') return formatDecimal(v as DecimalValue)
  switch (t.name) {
    case 'Bool':
      return style === 'dump' ? (v ? '1' : '0') : v ? 'true' : 'false'
    case 'Float':
      return style === 'dump' ? formatG(v as number, 6) : formatFloatShortest(v as number)
    case 'Double':
      return style === 'dump' ? formatG(v as number, 10) : formatDoubleShortest(v as number)
    case 'Date':
      return formatIsoMicros(BigInt(v as number) * US_PER_DAY)
    case 'Datetime':
      return formatIsoMicros(BigInt(v as number) * US_PER_SECOND)
    case 'Timestamp':
      return formatIsoMicros(v as bigint)
    case 'String':
    case 'Yson':
      return `"${cgiEscapeBytes(v as Uint8Array)}"`
    case 'Utf8':
    case 'Json':
    case 'JsonDocument':
      return `"${cgiEscapeString(v as string)}"`
    case 'Uuid':
    case 'DyNumber':
      return v as string
    default:
      // integers, Interval, Date32, Datetime64, Timestamp64, Interval64
      return String(v)
  }
}

const INT_RE = /^[+-]?\d+$/
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

function bad(text: string, t: YdbType, why = ''): never {
  const shown = text.length > 64 ? `${text.slice(0, 64)}…` : text
  throw new CsvValueError(`cannot read ${JSON.stringify(shown)} as ${typeToString(t)}${why ? `: ${why}` : ''}`)
}

function parseInteger(text: string, t: YdbType, name: string): bigint {
  if (!INT_RE.test(text)) bad(text, t)
  const n = BigInt(text)
  const r = INTEGER_RANGES[name] ?? TIME_RANGES[name]!
  if (n < r[0] || n > r[1]) bad(text, t, 'out of range')
  return n
}

function unquote(text: string, t: YdbType): Uint8Array {
  if (text.length < 2 || text.charCodeAt(0) !== 0x22 || text.charCodeAt(text.length - 1) !== 0x22)
    bad(text, t, 'a string must be in double quotes')
  const body = text.slice(1, -1)
  return needsUnescape(body) ? cgiUnescape(body) : new Uint8Array(Buffer.from(body, 'latin1'))
}

/** True when the text has `%`, `+` or non-ASCII characters (else it is its own bytes). */
function needsUnescape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x25 || c === 0x2b || c >= 0x80) return true
  }
  return false
}

function unquoteUtf8(text: string, t: YdbType): string {
  if (text.length >= 2 && text.charCodeAt(0) === 0x22 && text.charCodeAt(text.length - 1) === 0x22) {
    const body = text.slice(1, -1)
    if (!needsUnescape(body)) return body // ASCII: the same in UTF-8
  }
  try {
    return utf8.decode(unquote(text, t))
  } catch (e) {
    if (e instanceof CsvValueError) throw e
    return bad(text, t, 'invalid UTF-8')
  }
}

/** Microseconds of an ISO instant or, for the wide types, a raw integer in the type's unit. */
function instantMicros(text: string, t: YdbType): bigint {
  const us = parseIsoInstant(text)
  if (us === undefined) bad(text, t)
  return us
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}

function timeValue(text: string, t: YdbType, name: string, unit: bigint): bigint {
  const v = INT_RE.test(text) && /64$|32$/.test(name) ? BigInt(text) : floorDiv(instantMicros(text, t), unit)
  const r = TIME_RANGES[name]!
  if (v < r[0] || v > r[1]) bad(text, t, 'out of range')
  return v
}

/**
 * Reads one cell. `null` reads as NULL for every type (the caller checks
 * NOT NULL). Throws CsvValueError on text that is not a value of the type.
 */
export function parseCsvValue(text: string, t: YdbType): Value {
  if (text === 'null') return null
  if (t.kind === 'Decimal') {
    const d = parseDecimal(text, t.precision, t.scale)
    return d ?? bad(text, t)
  }
  const name = t.name
  switch (name) {
    case 'Bool': {
      const l = text.toLowerCase()
      if (l === '1' || l === 'true' || l === 'yes' || l === 'on') return true
      if (l === '0' || l === 'false' || l === 'no' || l === 'off') return false
      return bad(text, t)
    }
    case 'Int8': case 'Int16': case 'Int32': case 'Uint8': case 'Uint16': case 'Uint32':
      return Number(parseInteger(text, t, name))
    case 'Int64': case 'Uint64':
      return parseInteger(text, t, name)
    case 'Interval': case 'Interval64':
      return parseInteger(text, t, name)
    case 'Float': {
      const f = parseDoubleText(text)
      return f === undefined ? bad(text, t) : Math.fround(f)
    }
    case 'Double': {
      const d = parseDoubleText(text)
      return d === undefined ? bad(text, t) : d
    }
    case 'Date': case 'Date32':
      return Number(timeValue(text, t, name, US_PER_DAY))
    case 'Datetime':
      return Number(timeValue(text, t, name, US_PER_SECOND))
    case 'Datetime64':
      return timeValue(text, t, name, US_PER_SECOND)
    case 'Timestamp': case 'Timestamp64':
      return timeValue(text, t, name, 1n)
    case 'String': case 'Yson':
      return unquote(text, t)
    case 'Utf8':
      return unquoteUtf8(text, t)
    case 'Json': {
      const s = unquoteUtf8(text, t)
      try {
        JSON.parse(s)
      } catch {
        bad(text, t, 'invalid JSON')
      }
      return s
    }
    case 'JsonDocument': {
      const s = unquoteUtf8(text, t)
      try {
        return JSON.stringify(JSON.parse(s)) // normalised, as YDB's binary JSON prints back
      } catch {
        return bad(text, t, 'invalid JSON')
      }
    }
    case 'Uuid': {
      const u = text.startsWith('"') ? unquoteUtf8(text, t) : text
      if (!UUID_RE.test(u)) bad(text, t)
      return u.toLowerCase()
    }
    case 'DyNumber': {
      const d = parseDyNumber(text)
      return d ?? bad(text, t)
    }
  }
}
