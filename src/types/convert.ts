/**
 * Conversions to typed values (src/types/value.ts): YQL literal typing, the
 * implicit conversion of a value into a column's type on write (range-checked),
 * `CAST`, and the text forms of the typed-literal functions: `Date('2024-01-01')`,
 * `Timestamp('…Z')`, `Interval('PT1S')`, `Decimal('1.23', 22, 9)`, `Uuid('…')`,
 * `Json`, `JsonDocument` (normalised as YDB's binary JSON prints it), `DyNumber`.
 */
import { formatDyNumber, parseDyNumber as parseDyNumberParts } from './dynumber.js'
import { formatDate, formatDatetime, formatTimestamp, parseDate, parseDatetime, parseTimestamp } from './time.js'
import { INTEGER_RANGES, TIME_RANGES, primitive, type PrimitiveTypeName, type YdbType } from './ydb-type.js'
import { isDecimal, type DecimalValue, type TypedValue, type Value } from './value.js'

/** Why an implicit conversion failed: the caller words the error with the column and span. */
export type ConversionFailure = 'overflow' | 'type' | 'format'

export type ConversionResult = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly reason: ConversionFailure }

const ok = (value: Value): ConversionResult => ({ ok: true, value })
const fail = (reason: ConversionFailure): ConversionResult => ({ ok: false, reason })

// ── type classes ─────────────────────────────────────────────────────────────

export const isIntegerType = (t: YdbType | null): boolean => t?.kind === 'Primitive' && t.name in INTEGER_RANGES
export const isSignedType = (t: YdbType): boolean => t.kind === 'Primitive' && t.name.startsWith('Int') && t.name in INTEGER_RANGES
export const isFloatingType = (t: YdbType | null): boolean => t?.kind === 'Primitive' && (t.name === 'Float' || t.name === 'Double')
export const isNumericType = (t: YdbType | null): boolean => isIntegerType(t) || isFloatingType(t) || t?.kind === 'Decimal'
export const isTextType = (t: YdbType | null): boolean =>
  t?.kind === 'Primitive' && (t.name === 'String' || t.name === 'Utf8' || t.name === 'Json' || t.name === 'Yson' || t.name === 'JsonDocument')
const TIME_NAMES = new Set(['Date', 'Datetime', 'Timestamp', 'Date32', 'Datetime64', 'Timestamp64'])
export const isTimeType = (t: YdbType | null): boolean => t?.kind === 'Primitive' && TIME_NAMES.has(t.name)
export const isIntervalType = (t: YdbType | null): boolean => t?.kind === 'Primitive' && (t.name === 'Interval' || t.name === 'Interval64')

/** Bits of an integer type (8..64). */
export const integerBits = (name: string): number => Number(name.replace(/^U?[Ii]nt/, ''))

/** µs per storage unit of a time type (Date: days, Datetime: seconds, Timestamp: µs). */
export function microsPerUnit(name: string): bigint {
  if (name === 'Date' || name === 'Date32') return 86_400_000_000n
  if (name === 'Datetime' || name === 'Datetime64') return 1_000_000n
  return 1n
}

/** Any integer-like value as bigint (integers, time types, Interval). */
export const toBigInt = (v: Value): bigint => (typeof v === 'bigint' ? v : BigInt(v as number))

/** Builds a value of an integer-represented type from a bigint (number or bigint per value.ts). */
export function fromBigInt(name: string, v: bigint): Value {
  switch (name) {
    case 'Int64': case 'Uint64': case 'Datetime64': case 'Timestamp': case 'Timestamp64': case 'Interval': case 'Interval64':
      return v
    default:
      return Number(v)
  }
}

const inRange = (v: bigint, r: readonly [bigint, bigint] | undefined): boolean => r === undefined || (v >= r[0] && v <= r[1])

// ── literals ─────────────────────────────────────────────────────────────────

const INT_SUFFIX: Record<string, PrimitiveTypeName> = {
  t: 'Int8', ut: 'Uint8', s: 'Int16', us: 'Uint16', i: 'Int32', ui: 'Uint32', l: 'Int64', ul: 'Uint64', u: 'Uint32', b: 'Int8', ub: 'Uint8',
}

/**
 * The type of an integer literal, as YQL types it: an unsuffixed literal is Int32
 * when it fits, else Int64, else Uint64; `u` is Uint32 (Uint64 when it needs it).
 * Returns undefined when the value does not fit the suffix's type.
 */
export function integerLiteralType(value: bigint, suffix: string): PrimitiveTypeName | undefined {
  const s = suffix.toLowerCase()
  if (s === '') {
    for (const n of ['Int32', 'Int64', 'Uint64'] as const) if (inRange(value, INTEGER_RANGES[n])) return n
    return undefined
  }
  if (s === 'u' && !inRange(value, INTEGER_RANGES.Uint32) && inRange(value, INTEGER_RANGES.Uint64)) return 'Uint64'
  const n = INT_SUFFIX[s]
  return n !== undefined && inRange(value, INTEGER_RANGES[n]) ? n : undefined
}

const STRING_SUFFIX: Record<string, PrimitiveTypeName> = { '': 'String', s: 'String', u: 'Utf8', j: 'Json', y: 'Yson' }

/** The typed value of a literal; undefined when the literal cannot be typed (an integer too large for its suffix). */
export function literalValue(
  lit: { type: 'Integer' | 'Float' | 'String' | 'Bool' | 'Null'; value: unknown; suffix?: string },
): TypedValue | undefined {
  switch (lit.type) {
    case 'Null':
      return { type: null, value: null }
    case 'Bool':
      return { type: primitive('Bool'), value: lit.value as boolean }
    case 'Float':
      return (lit.suffix ?? '').toLowerCase() === 'f'
        ? { type: primitive('Float'), value: Math.fround(lit.value as number) }
        : { type: primitive('Double'), value: lit.value as number }
    case 'Integer': {
      const name = integerLiteralType(lit.value as bigint, lit.suffix ?? '')
      return name === undefined ? undefined : { type: primitive(name), value: fromBigInt(name, lit.value as bigint) }
    }
    case 'String': {
      const name = STRING_SUFFIX[(lit.suffix ?? '').toLowerCase()] ?? 'String'
      const bytes = lit.value as Uint8Array
      if (name === 'String' || name === 'Yson') return { type: primitive(name), value: bytes }
      const text = decodeUtf8(bytes)
      if (text === undefined) return undefined
      if (name === 'Json' && !isValidJson(text)) return undefined
      return { type: primitive(name), value: text }
    }
  }
}

// ── text helpers ─────────────────────────────────────────────────────────────

const strictDecoder = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/** Bytes → string, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  // ASCII (most literals) needs no validation.
  let ascii = true
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  try {
    return strictDecoder.decode(bytes)
  } catch {
    return undefined
  }
}

export const encodeUtf8 = (s: string): Uint8Array => encoder.encode(s)

export function isValidJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function renderJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(renderJson).join(',')}]`
  // Binary JSON writes an object's keys sorted bytewise (NBinaryJson WriteObject).
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return `{${keys.map((k) => `${JSON.stringify(k)}:${renderJson((v as Record<string, unknown>)[k])}`).join(',')}}`
}

/** JsonDocument's stored form: YDB parses into binary JSON and prints it back without whitespace. */
export function normalizeJsonDocument(text: string): string | undefined {
  try {
    return renderJson(JSON.parse(text))
  } catch {
    return undefined
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const parseUuid = (text: string): string | undefined => (UUID_RE.test(text) ? text.toLowerCase() : undefined)

// ── Interval (ISO-8601 durations) ────────────────────────────────────────────

const DURATION_RE = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,6}))?S)?)?$/

/** `PT1S`, `-P1DT2H3M4.5S`, `P2W` → µs; undefined if malformed or outside Interval64's range (Interval's unless `wide`). */
export function parseInterval(text: string, wide = false): bigint | undefined {
  const m = DURATION_RE.exec(text)
  if (!m || text.endsWith('T') || (m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6]) === undefined) return undefined
  const n = (i: number): bigint => BigInt(m[i] ?? '0')
  const seconds = ((n(2) * 7n + n(3)) * 24n + n(4)) * 3600n + n(5) * 60n + n(6)
  let us = seconds * 1_000_000n + BigInt((m[7] ?? '').padEnd(6, '0') || '0')
  if (m[1]) us = -us
  return inRange(us, TIME_RANGES[wide ? 'Interval64' : 'Interval']) ? us : undefined
}

/** µs → ISO-8601 duration as YQL prints it: `P1DT2H3M4.5S`, `PT0S`, `-PT1S`. */
export function formatInterval(us: bigint): string {
  const neg = us < 0n
  let rest = neg ? -us : us
  const frac = rest % 1_000_000n
  rest /= 1_000_000n
  const days = rest / 86_400n
  rest %= 86_400n
  const h = rest / 3600n
  const mi = (rest % 3600n) / 60n
  const s = rest % 60n
  let out = `${neg ? '-' : ''}P${days > 0n ? `${days}D` : ''}`
  let time = `${h > 0n ? `${h}H` : ''}${mi > 0n ? `${mi}M` : ''}`
  if (s > 0n || frac > 0n) time += `${s}${frac > 0n ? `.${frac.toString().padStart(6, '0').replace(/0+$/, '')}` : ''}S`
  if (time !== '') out += `T${time}`
  return out === 'P' || out === '-P' ? 'PT0S' : out
}

// ── Decimal ──────────────────────────────────────────────────────────────────

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

const pow10 = (n: number): bigint => 10n ** BigInt(n)

/** Divides with rounding half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b
  const r = a % b
  if (r === 0n) return q
  const twice = (r < 0n ? -r : r) * 2n
  const bb = b < 0n ? -b : b
  if (twice >= bb) return (a < 0n) !== (b < 0n) ? q - 1n : q + 1n
  return q
}

/** Exact text → Decimal(p,s); extra fraction digits are rounded; undefined when it does not fit `p` digits. */
export function parseDecimal(text: string, precision: number, scale: number): DecimalValue | undefined {
  const t = text.trim().toLowerCase()
  if (t === 'inf' || t === '+inf') return { kind: 'Decimal', unscaled: 0n, scale, special: 'inf' }
  if (t === '-inf') return { kind: 'Decimal', unscaled: 0n, scale, special: '-inf' }
  if (t === 'nan') return { kind: 'Decimal', unscaled: 0n, scale, special: 'nan' }
  const m = DECIMAL_RE.exec(t)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined
  const digits = `${m[2]}${m[3] ?? ''}`
  const exp = Number(m[4] ?? '0') - (m[3] ?? '').length + scale
  let unscaled = BigInt(digits)
  if (exp >= 0) unscaled *= pow10(exp)
  else unscaled = divRound(unscaled, pow10(-exp))
  if (m[1] === '-') unscaled = -unscaled
  return decimalFits(unscaled, precision) ? { kind: 'Decimal', unscaled, scale } : undefined
}

export const decimalFits = (unscaled: bigint, precision: number): boolean => (unscaled < 0n ? -unscaled : unscaled) < pow10(precision)

/** Rescales (rounding) a Decimal to another scale; special values stay. */
export function rescaleDecimal(v: DecimalValue, scale: number): DecimalValue {
  if (v.special || v.scale === scale) return { ...v, scale }
  const unscaled = scale > v.scale ? v.unscaled * pow10(scale - v.scale) : divRound(v.unscaled, pow10(v.scale - scale))
  return { kind: 'Decimal', unscaled, scale }
}

/** Decimal text as YQL prints it: no trailing fraction zeros (`1.1`, `-0.5`, `12`). */
export function formatDecimal(v: DecimalValue): string {
  if (v.special) return v.special
  const neg = v.unscaled < 0n
  const digits = (neg ? -v.unscaled : v.unscaled).toString().padStart(v.scale + 1, '0')
  const int = digits.slice(0, digits.length - v.scale)
  const frac = digits.slice(digits.length - v.scale).replace(/0+$/, '')
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
}

export function decimalToNumber(v: DecimalValue): number {
  if (v.special === 'nan') return NaN
  if (v.special) return v.special === 'inf' ? Infinity : -Infinity
  return Number(formatDecimal(v))
}

// ── DyNumber ─────────────────────────────────────────────────────────────────

/** Number text → DyNumber's canonical form (dynumber.ts): `33.21` → `.3321e2`, zero → `0`; undefined outside DyNumber's range. */
export function parseDyNumber(text: string): string | undefined {
  const p = parseDyNumberParts(text)
  if (p === undefined) return undefined
  // DyNumber keeps up to 38 significant digits, magnitudes 1e-130 .. 1e126.
  if (p.digits !== '' && (p.digits.length > 38 || p.exponent > 126 || p.exponent < -129)) return undefined
  return formatDyNumber(p)
}

/** DyNumber canonical → a JS number (for comparison and arithmetic). */
export const dyNumberToNumber = (v: string): number => Number(v.replace(/^(-?)\./, '$10.'))

// ── text forms of values ─────────────────────────────────────────────────────

/** A value's text as `CAST(x AS Utf8)` gives it. Undefined for String/Yson bytes that are not UTF-8. */
export function valueToText(tv: TypedValue): string | undefined {
  const { type, value } = tv
  if (value === null || type === null) return undefined
  if (type.kind === 'Decimal') return formatDecimal(value as DecimalValue)
  switch (type.name) {
    case 'Bool':
      return value ? 'true' : 'false'
    case 'Float': case 'Double': {
      const n = value as number
      return Number.isNaN(n) ? 'nan' : n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n)
    }
    case 'String': case 'Yson':
      return decodeUtf8(value as Uint8Array)
    case 'Date': case 'Date32':
      return formatDate(value as number)
    case 'Datetime': case 'Datetime64':
      return formatDatetime(value as number | bigint)
    case 'Timestamp': case 'Timestamp64':
      return formatTimestamp(value as bigint)
    case 'Interval': case 'Interval64':
      return formatInterval(value as bigint)
    default:
      return String(value)
  }
}

/** Parses text into a type (the typed-literal functions and CAST from strings); undefined when it does not parse or fit. */
export function parseText(text: string, target: YdbType): Value | undefined {
  if (target.kind === 'Decimal') return parseDecimal(text, target.precision, target.scale)
  const name = target.name
  if (name in INTEGER_RANGES) {
    if (!/^[+-]?\d+$/.test(text.trim())) return undefined
    const v = BigInt(text.trim())
    return inRange(v, INTEGER_RANGES[name]) ? fromBigInt(name, v) : undefined
  }
  switch (name) {
    case 'Bool': {
      const t = text.toLowerCase()
      return t === 'true' ? true : t === 'false' ? false : undefined
    }
    case 'Float': case 'Double': {
      const t = text.trim().toLowerCase()
      const n = t === 'nan' ? NaN : t === 'inf' || t === '+inf' ? Infinity : t === '-inf' ? -Infinity : t === '' ? NaN : Number(t)
      if (Number.isNaN(n) && t !== 'nan') return undefined
      return name === 'Float' ? Math.fround(n) : n
    }
    case 'String': case 'Yson':
      return encodeUtf8(text)
    case 'Utf8':
      return text
    case 'Json':
      return isValidJson(text) ? text : undefined
    case 'JsonDocument':
      return normalizeJsonDocument(text)
    case 'Uuid':
      return parseUuid(text)
    case 'DyNumber':
      return parseDyNumber(text)
    case 'Date': case 'Date32':
      return parseDate(text, name === 'Date32')
    case 'Datetime':
      return parseDatetime(text)
    case 'Datetime64': {
      const s = parseDatetime(text, true)
      return s === undefined ? undefined : BigInt(s)
    }
    case 'Timestamp': case 'Timestamp64':
      return parseTimestamp(text, name === 'Timestamp64')
    case 'Interval': case 'Interval64':
      return parseInterval(text, name === 'Interval64')
  }
  return undefined
}

// ── implicit conversion (writes) and CAST ────────────────────────────────────

function numberToInteger(n: number, target: string): ConversionResult {
  if (!Number.isFinite(n)) return fail('overflow')
  const v = BigInt(Math.trunc(n))
  return inRange(v, INTEGER_RANGES[target]) ? ok(fromBigInt(target, v)) : fail('overflow')
}

function toDecimal(tv: TypedValue, precision: number, scale: number, cast: boolean): ConversionResult {
  const { type, value } = tv
  if (type === null || value === null) return ok(null)
  let d: DecimalValue | undefined
  if (type.kind === 'Decimal') d = rescaleDecimal(value as DecimalValue, scale)
  else if (isIntegerType(type)) d = { kind: 'Decimal', unscaled: toBigInt(value) * pow10(scale), scale }
  else if (cast && isFloatingType(type)) d = parseDecimal(String(value), precision, scale) ?? (Number.isFinite(value) ? undefined : parseDecimal(valueToText(tv)!, precision, scale))
  else if (cast && isTextType(type)) d = parseDecimal(valueToText(tv) ?? '', precision, scale)
  else return fail('type')
  if (d === undefined) return fail('format')
  return d.special || decimalFits(d.unscaled, precision) ? ok(d) : fail('overflow')
}

/**
 * Converts a value into a column's type the way a write accepts it: integers into
 * any integer type they fit (else `overflow`), integers into Float/Double/Decimal,
 * Float into Double, strings into String/Utf8/Json/JsonDocument/Yson/Uuid/DyNumber
 * and the date and time types (text forms), time types into wider time types.
 */
export function convertImplicit(tv: TypedValue, target: YdbType): ConversionResult {
  const { type, value } = tv
  if (value === null || type === null) return ok(null)
  if (target.kind === 'Decimal') return toDecimal(tv, target.precision, target.scale, false)
  const t = target.name
  if (type.kind === 'Primitive' && type.name === t) return ok(value)
  if (type.kind === 'Decimal') return fail('type')
  const s = type.name
  if (t in INTEGER_RANGES) {
    if (!(s in INTEGER_RANGES)) return fail('type')
    const v = toBigInt(value)
    return inRange(v, INTEGER_RANGES[t]) ? ok(fromBigInt(t, v)) : fail('overflow')
  }
  if (t === 'Float' || t === 'Double') {
    if (s in INTEGER_RANGES || s === 'Float' || s === 'Double') {
      const n = Number(value)
      return ok(t === 'Float' ? Math.fround(n) : n)
    }
    return fail('type')
  }
  if (s === 'String' || s === 'Utf8') {
    if (t === 'Bool' || t === 'Interval' || t === 'Interval64') return fail('type')
    const text = valueToText(tv)
    if (text === undefined) return fail('format')
    if (t === 'String' || t === 'Yson') return ok(s === 'String' ? value : encodeUtf8(text))
    const v = parseText(text, target)
    return v === undefined ? fail('format') : ok(v)
  }
  if ((s === 'Json' || s === 'JsonDocument') && (t === 'Json' || t === 'JsonDocument')) {
    const v = parseText(value as string, target)
    return v === undefined ? fail('format') : ok(v)
  }
  if (isTimeType(type) && isTimeType(target)) return timeToTime(toBigInt(value), s, t, false)
  if (isIntervalType(type) && isIntervalType(target)) {
    const v = toBigInt(value)
    return inRange(v, TIME_RANGES[t]) ? ok(v) : fail('overflow')
  }
  return fail('type')
}

function timeToTime(v: bigint, from: string, to: string, truncate: boolean): ConversionResult {
  const us = v * microsPerUnit(from)
  const unit = microsPerUnit(to)
  if (!truncate && us % unit !== 0n) return fail('type')
  let out = us / unit
  if (us < 0n && us % unit !== 0n) out -= 1n // floor: an instant before the epoch belongs to the earlier day
  return inRange(out, TIME_RANGES[to]) ? ok(fromBigInt(to, out)) : fail('overflow')
}

/** `CAST(value AS target)`: YQL returns NULL when the value does not convert. */
export function castValue(tv: TypedValue, target: YdbType): Value {
  const { type, value } = tv
  if (value === null || type === null) return null
  const implicit = convertImplicit(tv, target)
  if (implicit.ok) return implicit.value
  if (target.kind === 'Decimal') {
    const d = toDecimal(tv, target.precision, target.scale, true)
    return d.ok ? d.value : null
  }
  const t = target.name
  if (t === 'String' || t === 'Utf8' || t === 'Yson') {
    const text = valueToText(tv)
    if (text === undefined) return null
    return t === 'Utf8' ? text : encodeUtf8(text)
  }
  if (type.kind === 'Decimal') {
    if (t in INTEGER_RANGES) {
      const d = value as DecimalValue
      if (d.special) return null
      const r = numberToIntegerBig(d.unscaled / pow10(d.scale), t)
      return r
    }
    if (t === 'Float' || t === 'Double') return t === 'Float' ? Math.fround(decimalToNumber(value as DecimalValue)) : decimalToNumber(value as DecimalValue)
    return null
  }
  const s = type.name
  if (t in INTEGER_RANGES) {
    if (s === 'Float' || s === 'Double') {
      const r = numberToInteger(value as number, t)
      return r.ok ? r.value : null
    }
    if (s === 'Bool') return fromBigInt(t, value ? 1n : 0n)
    if (isTimeType(type) || isIntervalType(type)) return numberToIntegerBig(toBigInt(value), t)
    if (s === 'DyNumber') {
      const r = numberToInteger(dyNumberToNumber(value as string), t)
      return r.ok ? r.value : null
    }
    const text = valueToText(tv)
    return text === undefined ? null : (parseText(text, target) ?? null)
  }
  if (t === 'Float' || t === 'Double') {
    let n: number | undefined
    if (s === 'Bool') n = value ? 1 : 0
    else if (s === 'DyNumber') n = dyNumberToNumber(value as string)
    else if (isTimeType(type) || isIntervalType(type)) n = Number(value)
    else {
      const text = valueToText(tv)
      const p = text === undefined ? undefined : parseText(text, target)
      n = p === undefined ? undefined : (p as number)
    }
    return n === undefined ? null : t === 'Float' ? Math.fround(n) : n
  }
  if (t === 'Bool') {
    if (s in INTEGER_RANGES) return toBigInt(value) !== 0n
    if (s === 'Float' || s === 'Double') return (value as number) !== 0
    const text = valueToText(tv)
    return text === undefined ? null : ((parseText(text, target) as boolean | undefined) ?? null)
  }
  if (isTimeType(type) && isTimeType(target)) {
    const r = timeToTime(toBigInt(value), s, t, true)
    return r.ok ? r.value : null
  }
  if ((isTimeType(target) || isIntervalType(target)) && s in INTEGER_RANGES) {
    const v = toBigInt(value)
    return inRange(v, TIME_RANGES[t]) ? fromBigInt(t, v) : null
  }
  if (t === 'DyNumber' && (s in INTEGER_RANGES || s === 'Float' || s === 'Double')) return parseDyNumber(String(value)) ?? null
  const text = valueToText(tv)
  return text === undefined ? null : (parseText(text, target) ?? null)
}

function numberToIntegerBig(v: bigint, t: string): Value {
  return inRange(v, INTEGER_RANGES[t]) ? fromBigInt(t, v) : null
}

/** A key for hashing (GROUP BY, DISTINCT, joins): equal values give equal keys. */
export function valueKey(v: Value): string {
  if (v === null) return 'N'
  if (typeof v === 'bigint' || typeof v === 'number') return `n${String(v)}`
  if (typeof v === 'string') return `s${v}`
  if (typeof v === 'boolean') return v ? 'T' : 'F'
  if (v instanceof Uint8Array) return `b${Buffer.from(v).toString('latin1')}`
  if (isDecimal(v)) return `d${v.special ?? formatDecimal(v)}`
  return '?'
}
