// DyNumber as a normalised decimal: value = sign * 0.d1d2...dn * 10^exponent,
// d1 != 0, no trailing zeros. Its canonical text is YDB's: `.3321e1`, `-.5e-3`, `0`.

/** A parsed DyNumber. `digits` is empty for zero. */
export interface DyNumberParts {
  readonly negative: boolean
  readonly digits: string
  readonly exponent: number
}

const NUMBER_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Parses any decimal number text; undefined when it is not one. */
export function parseDyNumber(text: string): DyNumberParts | undefined {
  const m = NUMBER_RE.exec(text.trim())
  if (!m) return undefined
  const intPart = m[2] ?? ''
  const fracPart = m[3] ?? ''
  if (intPart === '' && fracPart === '') return undefined
  const exp = m[4] ? Number(m[4]) : 0
  let all = intPart + fracPart
  let pointPos = intPart.length + exp // value = 0.all * 10^pointPos
  const lead = all.length - all.replace(/^0+/, '').length
  all = all.slice(lead)
  pointPos -= lead
  all = all.replace(/0+$/, '')
  if (all === '') return { negative: false, digits: '', exponent: 0 }
  return { negative: m[1] === '-', digits: all, exponent: pointPos }
}

export const formatDyNumber = (p: DyNumberParts): string =>
  p.digits === '' ? '0' : `${p.negative ? '-' : ''}.${p.digits}e${p.exponent}`

/** The canonical text of a DyNumber (throws on a non-number). */
export function canonicalDyNumber(text: string): string {
  const p = parseDyNumber(text)
  if (!p) throw new RangeError(`not a DyNumber: ${text}`)
  return formatDyNumber(p)
}

/** Numeric comparison of two DyNumber texts. */
export function compareDyNumbers(a: string, b: string): number {
  const x = parseDyNumber(a)
  const y = parseDyNumber(b)
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0
  const sx = x.digits === '' ? 0 : x.negative ? -1 : 1
  const sy = y.digits === '' ? 0 : y.negative ? -1 : 1
  if (sx !== sy) return sx < sy ? -1 : 1
  if (sx === 0) return 0
  let mag: number
  if (x.exponent !== y.exponent) mag = x.exponent < y.exponent ? -1 : 1
  else mag = x.digits < y.digits ? -1 : x.digits > y.digits ? 1 : 0 // digit strings compare like fractions
  return sx * mag
}
