/**
 * ISO-8601 text of YDB's date and time types, in the units of src/types/value.ts:
 * Date/Date32 days, Datetime/Datetime64 seconds, Timestamp/Timestamp64 µs (bigint).
 *
 * Printing follows YQL's `CAST(x AS String)`: Date `2019-03-11`, Datetime
 * `2019-03-11T16:30:44Z`, Timestamp `2019-03-11T16:30:44.314382Z` (the fraction
 * only when it is not zero). The CSV dump form (always six fraction digits, Date
 * printed as a full instant) is `formatIsoMicros`. Years outside 0000..9999 (the
 * 32/64-bit types) are printed with a sign or more digits, as YQL does.
 *
 * Parsers are strict: they return `undefined` for any text that is not exactly the
 * form, for impossible dates (Feb 30) and for values outside the type's range.
 */
import { TIME_RANGES } from './ydb-type.js'

const US_PER_SECOND = 1_000_000n
const SECONDS_PER_DAY = 86_400

/** Days since 1970-01-01 → civil date (proleptic Gregorian; H. Hinnant's algorithm). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return { year, month, day }
}

/** Civil date → days since 1970-01-01. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = month > 2 ? month - 3 : month + 9
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

function formatYear(y: number): string {
  return y < 0 ? `-${pad(-y, 4)}` : pad(y, 4)
}

function dateText(days: number): string {
  const { year, month, day } = civilFromDays(days)
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`
}

function timeOfDay(secondsOfDay: number): string {
  const h = Math.floor(secondsOfDay / 3600)
  const m = Math.floor((secondsOfDay % 3600) / 60)
  const s = secondsOfDay % 60
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`
}

/** `2019-03-11` (Date, Date32: days since epoch). */
export const formatDate = (days: number): string => dateText(days)

/** `2019-03-11T16:30:44Z` (Datetime, Datetime64: seconds since epoch). */
export function formatDatetime(seconds: number | bigint): string {
  const s = Number(seconds)
  const days = Math.floor(s / SECONDS_PER_DAY)
  return `${dateText(days)}T${timeOfDay(s - days * SECONDS_PER_DAY)}Z`
}

function splitMicros(us: bigint): { seconds: number; frac: number } {
  let sec = us / US_PER_SECOND
  let frac = us % US_PER_SECOND
  if (frac < 0n) {
    frac += US_PER_SECOND
    sec -= 1n
  }
  return { seconds: Number(sec), frac: Number(frac) }
}

/** `2019-03-11T16:30:44.314382Z`, or `…:44Z` when the fraction is zero (Timestamp, Timestamp64: µs). */
export function formatTimestamp(us: bigint): string {
  const { seconds, frac } = splitMicros(us)
  const base = formatDatetime(seconds)
  return frac === 0 ? base : `${base.slice(0, -1)}.${pad(frac, 6)}Z`
}

/**
 * The dump/CSV form: always six fraction digits, `2019-03-11T00:00:00.000000Z`
 * (YDB's `TInstant::ToString()`), for an instant in µs.
 */
export function formatIsoMicros(us: bigint): string {
  if (us >= 0n && us < 9_007_199_254_740_992n) {
    // fast path (every narrow Timestamp): number arithmetic and a one-day cache
    const n = Number(us)
    const secs = Math.floor(n / 1e6)
    const frac = n - secs * 1e6
    const days = Math.floor(secs / SECONDS_PER_DAY)
    if (days !== cachedDay) {
      cachedDay = days
      cachedDate = dateText(days)
    }
    return `${cachedDate}T${timeOfDay(secs - days * SECONDS_PER_DAY)}.${pad(frac, 6)}Z`
  }
  const { seconds, frac } = splitMicros(us)
  return `${formatDatetime(seconds).slice(0, -1)}.${pad(frac, 6)}Z`
}

let cachedDay = Number.NaN
let cachedDate = ''

const DATE_RE = /^(-?\d{4,6})-(\d{2})-(\d{2})$/
const DATETIME_RE = /^(-?\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/
const TIMESTAMP_RE = /^(-?\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/

function validDays(y: string, mo: string, d: string): number | undefined {
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return daysFromCivil(year, month, day)
}

function validSeconds(m: RegExpExecArray): number | undefined {
  const days = validDays(m[1]!, m[2]!, m[3]!)
  const h = Number(m[4])
  const mi = Number(m[5])
  const s = Number(m[6])
  if (days === undefined || h > 23 || mi > 59 || s > 59) return undefined
  return days * SECONDS_PER_DAY + h * 3600 + mi * 60 + s
}

const inRange = (v: bigint, type: string): boolean => {
  const r = TIME_RANGES[type]!
  return v >= r[0] && v <= r[1]
}

/** `YYYY-MM-DD` → days; `wide` selects Date32's range instead of Date's. */
export function parseDate(text: string, wide = false): number | undefined {
  const m = DATE_RE.exec(text)
  if (!m) return undefined
  const days = validDays(m[1]!, m[2]!, m[3]!)
  if (days === undefined || !inRange(BigInt(days), wide ? 'Date32' : 'Date')) return undefined
  return days
}

/** `YYYY-MM-DDThh:mm:ssZ` → seconds (Datetime range; Datetime64's when `wide`). */
export function parseDatetime(text: string, wide = false): number | undefined {
  const m = DATETIME_RE.exec(text)
  if (!m) return undefined
  const s = validSeconds(m)
  if (s === undefined || !inRange(BigInt(s), wide ? 'Datetime64' : 'Datetime')) return undefined
  return s
}

/** `YYYY-MM-DDThh:mm:ss[.ffffff]Z` → µs (Timestamp range; Timestamp64's when `wide`). */
export function parseTimestamp(text: string, wide = false): bigint | undefined {
  const m = TIMESTAMP_RE.exec(text)
  if (!m) return undefined
  const s = validSeconds(m)
  if (s === undefined) return undefined
  const frac = m[7] === undefined ? 0n : BigInt(m[7].padEnd(6, '0'))
  const us = BigInt(s) * US_PER_SECOND + frac
  return inRange(us, wide ? 'Timestamp64' : 'Timestamp') ? us : undefined
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * A lenient ISO-8601 instant parser in the spirit of `TInstant::TryParseIso8601`,
 * used on CSV import: date only, minutes only, any fraction length (truncated
 * to µs), `Z` or a `±hh[:mm]` offset. Returns µs since the epoch (may be out of
 * any type's range; the caller checks).
 */
export function parseIsoInstant(text: string): bigint | undefined {
  const fast = parseDumpInstant(text)
  if (fast !== undefined) return fast
  const m = INSTANT_RE.exec(text)
  if (!m) return undefined
  const days = validDays(m[1]!, m[2]!, m[3]!)
  if (days === undefined) return undefined
  const h = m[4] === undefined ? 0 : Number(m[4])
  const mi = m[5] === undefined ? 0 : Number(m[5])
  const s = m[6] === undefined ? 0 : Number(m[6])
  if (h > 23 || mi > 59 || s > 60) return undefined
  let offset = 0
  const tz = m[8]
  if (tz !== undefined && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1
    const digits = tz.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
    if (oh > 23 || om > 59) return undefined
    offset = sign * (oh * 3600 + om * 60)
  }
  const frac = m[7] === undefined ? 0n : BigInt(m[7].slice(0, 6).padEnd(6, '0'))
  const seconds = days * SECONDS_PER_DAY + h * 3600 + mi * 60 + s - offset
  return BigInt(seconds) * US_PER_SECOND + frac
}

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1000
}
const num = (text: string, from: number, to: number): number => {
  let v = 0
  for (let i = from; i < to; i++) v = v * 10 + digit(text, i)
  return v
}
let cachedDatePrefix = ''
let cachedDatePrefixDays = 0

/** The exact dump form `YYYY-MM-DDThh:mm:ss.ffffffZ`, by character positions (hot on CSV import). */
function parseDumpInstant(t: string): bigint | undefined {
  if (t.length !== 27 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46 || t.charCodeAt(26) !== 90) return undefined
  let days: number | undefined
  const prefix = t.slice(0, 10)
  if (prefix === cachedDatePrefix) days = cachedDatePrefixDays
  else {
    const y = num(t, 0, 4)
    const mo = num(t, 5, 7)
    const d = num(t, 8, 10)
    if (y < 0 || mo < 0 || d < 0) return undefined
    days = validDays(String(y), String(mo), String(d))
    if (days === undefined) return undefined
    cachedDatePrefix = prefix
    cachedDatePrefixDays = days
  }
  const h = num(t, 11, 13)
  const mi = num(t, 14, 16)
  const s = num(t, 17, 19)
  const f = num(t, 20, 26)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || f < 0) return undefined
  const us = (days * SECONDS_PER_DAY + h * 3600 + mi * 60 + s) * 1e6 + f
  return Number.isSafeInteger(us) ? BigInt(us) : BigInt(days * SECONDS_PER_DAY + h * 3600 + mi * 60 + s) * US_PER_SECOND + BigInt(f)
}
