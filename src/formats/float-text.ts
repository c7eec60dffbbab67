/**
 * Float and Double text as YDB prints them. The CLI dump (`tools dump`) prints
 * like C's `%g` with 6 significant digits for Float and 10 for Double (R-06:
 * -6531.124f → `-6531.12`, -5012.23123155 → `-5012.231232`); the server export
 * prints the shortest text that reads back to the same value. Non-finite values
 * are `nan`, `inf`, `-inf` in both.
 */

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan'
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  return undefined
}

const trimZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s)

/** C's `printf("%.<p>g", x)`. */
export function formatG(x: number, precision: number): string {
  const nf = nonFinite(x)
  if (nf !== undefined) return nf
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  // Fast path: when the shortest round-trip text has at most `precision` digits
  // (and no exponent), %g prints exactly it: the exact value lies within an ulp of
  // that text, far inside the rounding step of `precision` ≤ 15 digits.
  const a = Math.abs(x)
  if (precision <= 15 && a >= 1e-4 && a < 10 ** precision) {
    const s = String(x)
    let digits = 0
    let leading = true
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c >= 48 && c <= 57) {
        if (c !== 48 || !leading) {
          leading = false
          digits++
        }
      } else if (c === 101) {
        digits = 99 // has an exponent: slow path
        break
      }
    }
    if (digits <= precision) return s
  }
  const [mant, expText] = x.toExponential(precision - 1).split('e') as [string, string]
  const exp = Number(expText)
  if (exp < -4 || exp >= precision) {
    const e = Math.abs(exp)
    return `${trimZeros(mant)}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`
  }
  return trimZeros(x.toFixed(precision - 1 - exp))
}

/** The shortest decimal text that reads back as the same float32. */
export function formatFloatShortest(x: number): string {
  const nf = nonFinite(x)
  if (nf !== undefined) return nf
  for (let p = 1; p <= 9; p++) {
    const s = formatG(x, p)
    if (Math.fround(Number(s)) === x) return s
  }
  return formatG(x, 9)
}

/** The shortest decimal text that reads back as the same double. */
export function formatDoubleShortest(x: number): string {
  const nf = nonFinite(x)
  if (nf !== undefined) return nf
  if (Object.is(x, -0)) return '-0'
  return String(x)
}

const DECIMAL_FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const HEX_FLOAT_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/

/** Reads a double: decimal, `inf`/`infinity`, `nan` (any case and sign), C hex floats. */
export function parseDoubleText(text: string): number | undefined {
  if (DECIMAL_FLOAT_RE.test(text)) return Number(text)
  const lower = text.toLowerCase()
  const body = lower.replace(/^[+-]/, '')
  if (body === 'nan') return NaN
  if (body === 'inf' || body === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity
  const h = HEX_FLOAT_RE.exec(text)
  if (h && (h[2] !== '' || (h[3] ?? '') !== '')) {
    const int = h[2] ?? ''
    const frac = h[3] ?? ''
    let v = 0
    for (const c of int + frac) v = v * 16 + parseInt(c, 16)
    v = v * Math.pow(2, Number(h[4] ?? 0) - 4 * frac.length)
    return h[1] === '-' ? -v : v
  }
  return undefined
}
