// YQL literal decoding: string literals (with their escapes and suffixes),
// quoted identifiers, integer and real literals. Pure functions over token text.

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8')

/** UTF-8 bytes of `s`; short strings without a round trip through TextEncoder. */
function utf8(s: string): Uint8Array {
  if (s.length > 64) return encoder.encode(s)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 128) return utf8Short(s)
    out[i] = c
  }
  return out
}

const scratch = new Uint8Array(64 * 3)

/** TextEncoder's bytes for a string of at most 64 code units (a lone surrogate becomes U+FFFD, as there). */
function utf8Short(s: string): Uint8Array {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) scratch[n++] = c
    else if (c < 0x800) {
      scratch[n++] = 0xc0 | (c >> 6)
      scratch[n++] = 0x80 | (c & 63)
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
          scratch[n++] = 0xf0 | (cp >> 18)
          scratch[n++] = 0x80 | ((cp >> 12) & 63)
          scratch[n++] = 0x80 | ((cp >> 6) & 63)
          scratch[n++] = 0x80 | (cp & 63)
          i++
          continue
        }
        c = 0xfffd
      }
      scratch[n++] = 0xe0 | (c >> 12)
      scratch[n++] = 0x80 | ((c >> 6) & 63)
      scratch[n++] = 0x80 | (c & 63)
    }
  }
  return scratch.slice(0, n)
}

/** A decoded string literal: bytes, or the reason it cannot be unescaped. */
export type UnescapeResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly suffix: string }
  | { readonly ok: false; readonly message: string; readonly suffix: string }

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11,
  '\\': 92, "'": 39, '"': 34, '`': 96, '?': 63,
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)

/**
 * Unescapes the body of a quoted literal with YQL's C-style rules: \a \b \f \n \r
 * \t \v \\ \' \" \` \?, \xHH (two hex digits, a raw byte), \NNN (three octal
 * digits, a raw byte), \uHHHH and \UHHHHHHHH (a code point, as UTF-8).
 */
export function unescapeBody(body: string): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  if (body.indexOf('\\') < 0) return { ok: true, bytes: utf8(body) }
  const out: number[] = []
  let runStart = 0
  const flush = (end: number): void => {
    if (end > runStart) for (const b of encoder.encode(body.slice(runStart, end))) out.push(b)
  }
  let i = 0
  while (i < body.length) {
    if (body.charCodeAt(i) !== 92) {
      i++
      continue
    }
    flush(i)
    const c = body[i + 1]
    if (c === undefined) return { ok: false, message: 'invalid escape sequence at end of string' }
    const simple = SIMPLE_ESCAPES[c]
    if (simple !== undefined) {
      out.push(simple)
      i += 2
    } else if (c === 'x') {
      const h = body.slice(i + 2, i + 4)
      if (h.length !== 2 || !isHex(h.charCodeAt(0)) || !isHex(h.charCodeAt(1))) return { ok: false, message: 'invalid hexadecimal escape sequence' }
      out.push(parseInt(h, 16))
      i += 4
    } else if (c >= '0' && c <= '7') {
      const o = body.slice(i + 1, i + 4)
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return { ok: false, message: 'invalid octal escape sequence' }
      out.push(parseInt(o, 8))
      i += 4
    } else if (c === 'u' || c === 'U') {
      const n = c === 'u' ? 4 : 8
      const h = body.slice(i + 2, i + 2 + n)
      let valid = h.length === n
      for (let k = 0; valid && k < n; k++) valid = isHex(h.charCodeAt(k))
      const cp = valid ? parseInt(h, 16) : -1
      if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { ok: false, message: 'invalid unicode escape sequence' }
      for (const b of encoder.encode(String.fromCodePoint(cp))) out.push(b)
      i += 2 + n
    } else {
      return { ok: false, message: `invalid escape sequence '\\${c}'` }
    }
    runStart = i
  }
  flush(body.length)
  return { ok: true, bytes: Uint8Array.from(out) }
}

/** Splits a STRING_VALUE token into quote kind, raw body and lower-cased suffix. */
export function splitStringToken(text: string): { readonly multiline: boolean; readonly body: string; readonly suffix: string } {
  if (text.startsWith('@@')) {
    const close = text.lastIndexOf('@@')
    return { multiline: true, body: text.slice(2, close), suffix: text.slice(close + 2).toLowerCase() }
  }
  const close = text.lastIndexOf(text[0]!)
  return { multiline: false, body: text.slice(1, close), suffix: text.slice(close + 1).toLowerCase() }
}

/** Decodes a STRING_VALUE token (`'..'`, `".."`, `@@..@@`, with its suffix). */
export function unescapeString(text: string): UnescapeResult {
  const { multiline, body, suffix } = splitStringToken(text)
  // Multi-line strings have no escapes; `@@@@` inside stands for `@@`.
  if (multiline) return { ok: true, bytes: utf8(body.replaceAll('@@@@', '@@')), suffix }
  const r = unescapeBody(body)
  return r.ok ? { ok: true, bytes: r.bytes, suffix } : { ok: false, message: r.message, suffix }
}

export const bytesToText = (b: Uint8Array): string => decoder.decode(b)

/** The name a backtick-quoted identifier stands for: `` `a``b` `` is a`b; backslash escapes apply. */
export function unquoteIdentifier(text: string): { ok: true; text: string } | { ok: false; message: string } {
  const body = text.slice(1, -1)
  if (body.indexOf('\\') < 0) return { ok: true, text: body.indexOf('``') < 0 ? body : body.replaceAll('``', '`') }
  const r = unescapeBody(body.replaceAll('``', '\\`'))
  return r.ok ? { ok: true, text: decoder.decode(r.bytes) } : r
}

const INTEGER_RE = /^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+)([a-zA-Z]*)$/

/** An INTEGER_VALUE token's value and lower-cased type suffix. */
export function parseIntegerLiteral(text: string): { value: bigint; suffix: string } {
  const last = text.charCodeAt(text.length - 1)
  if (last >= 48 && last <= 57 && (text.length === 1 || text.charCodeAt(1) <= 57)) {
    return { value: text.length < 16 ? BigInt(Number(text)) : BigInt(text), suffix: '' } // plain decimal
  }
  const m = INTEGER_RE.exec(text)
  if (!m) return { value: 0n, suffix: '' }
  const digits = m[1]!
  const p = digits[1]
  const value = p === 'x' || p === 'X' ? BigInt('0x' + digits.slice(2))
    : p === 'o' || p === 'O' ? BigInt('0o' + digits.slice(2))
      : p === 'b' || p === 'B' ? BigInt('0b' + digits.slice(2))
        : BigInt(digits)
  return { value, suffix: m[2]!.toLowerCase() }
}

const REAL_RE = /^([0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z0-9]*)$/

/** A REAL token's value and lower-cased suffix ('' | 'f' | 'pf4' | 'pf8' | 'pn'). */
export function parseRealLiteral(text: string): { value: number; suffix: string } {
  const m = REAL_RE.exec(text)
  return m ? { value: Number(m[1]), suffix: m[2]!.toLowerCase() } : { value: NaN, suffix: '' }
}
