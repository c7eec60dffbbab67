/**
 * Decimal and DyNumber text. Decimal prints like YDB's `NDecimal::ToString`:
 * plain digits, trailing fraction zeros dropped (`3.321` in Decimal(22,9)),
 * `inf`/`-inf`/`nan` for the special values. DyNumber keeps its canonical
 * `.3321e1` form (mantissa digits after the point, decimal exponent).
 */
import type { DecimalValue } from '../types/value.js'

export function formatDecimal(v: DecimalValue): string {
  if (v.special !== undefined) return v.special
  const neg = v.unscaled < 0n
  const digits = (neg ? -v.unscaled : v.unscaled).toString()
  let text: string
  if (v.scale === 0) text = digits
  else {
    const padded = digits.padStart(v.scale + 1, '0')
    const int = padded.slice(0, padded.length - v.scale)
    const frac = padded.slice(padded.length - v.scale).replace(/0+$/, '')
    text = frac === '' ? int : `${int}.${frac}`
  }
  return neg ? `-${text}` : text
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/**
 * Reads Decimal(precision, scale) text. Extra fraction digits are rounded half
 * away from zero. Undefined when the text is not a number or does not fit.
 */
export function parseDecimal(text: string, precision: number, scale: number): DecimalValue | undefined {
  const lower = text.toLowerCase()
  if (lower === 'inf' || lower === '+inf') return { kind: 'Decimal', unscaled: 0n, scale, special: 'inf' }
  if (lower === '-inf') return { kind: 'Decimal', unscaled: 0n, scale, special: '-inf' }
  if (lower === 'nan') return { kind: 'Decimal', unscaled: 0n, scale, special: 'nan' }
  const m = DECIMAL_RE.exec(text)
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined
  const digits = (m[2] ?? '') + (m[3] ?? '')
  // position of the decimal point, counted from the left of `digits`
  const point = (m[2] ?? '').length + Number(m[4] ?? 0)
  const want = point + scale
  let unscaled: bigint
  if (want <= 0) unscaled = 0n
  else if (want >= digits.length) unscaled = BigInt(digits.padEnd(want, '0') || '0')
  else {
    unscaled = BigInt(digits.slice(0, want))
    if (digits.charCodeAt(want) >= 53) unscaled += 1n // '5'..'9': round half away from zero
  }
  if (unscaled.toString().length > precision && unscaled !== 0n) return undefined
  return { kind: 'Decimal', unscaled: m[1] === '-' ? -unscaled : unscaled, scale }
}

const DYNUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Canonical DyNumber text of any decimal number text (`33.21` → `.3321e2`, zero → `0`). */
export function parseDyNumber(text: string): string | undefined {
  const m = DYNUMBER_RE.exec(text)
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined
  const int = m[2] ?? ''
  const all = int + (m[3] ?? '')
  const lead = all.search(/[1-9]/)
  if (lead < 0) return '0'
  const mantissa = all.slice(lead).replace(/0+$/, '')
  const exp = int.length - lead + Number(m[4] ?? 0)
  if (exp > 126 || exp < -129 || mantissa.length > 38) return undefined
  return `${m[1] === '-' ? '-' : ''}.${mantissa}e${exp}`
}
