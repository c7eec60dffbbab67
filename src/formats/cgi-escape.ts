/**
 * YDB's CGI escaping of string cells (spec §3.4; `library/cpp/string_utils/quote`,
 * table `chars_to_url_escape`): space → `+`; bytes 0x00–0x1F, 0x7F–0xFF and
 * `"#%&'()+,:<=>?[\]^`{|}` → `%XX` with uppercase hex; everything else literal.
 */

const HEX = '0123456789ABCDEF'
const SPECIAL = '"#%&\'()+,:<=>?[\\]^`{|}'

/** For each byte, its escaped text. */
const ESCAPED: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  if (b === 0x20) return '+'
  if (b < 0x20 || b >= 0x7f || SPECIAL.includes(String.fromCharCode(b))) return `%${HEX[b >> 4]}${HEX[b & 15]}`
  return String.fromCharCode(b)
})

/** Characters that are literal in the escaped form (so a string of only these needs no work). */
const PLAIN_RE = /^[A-Za-z0-9!$*\-./;@_~]*$/

/** Bytes that stay literal. */
const PLAIN_BYTE: Uint8Array = Uint8Array.from({ length: 256 }, (_, b) => (ESCAPED[b]!.length === 1 && b !== 0x20 ? 1 : 0))

/** Escapes raw bytes. */
export function cgiEscapeBytes(bytes: Uint8Array): string {
  let i = 0
  while (i < bytes.length && PLAIN_BYTE[bytes[i]!] === 1) i++
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (i === bytes.length) return view.toString('latin1')
  // write escaped bytes into one buffer (string concatenation per byte is slow)
  const out = bytes.length * 3 <= scratch.length ? scratch : Buffer.allocUnsafe(bytes.length * 3)
  let n = view.copy(out, 0, 0, i)
  for (; i < bytes.length; i++) {
    const b = bytes[i]!
    if (PLAIN_BYTE[b] === 1) out[n++] = b
    else if (b === 0x20) out[n++] = 0x2b
    else {
      out[n++] = 0x25
      out[n++] = HEX_CODES[b >> 4]!
      out[n++] = HEX_CODES[b & 15]!
    }
  }
  return out.toString('latin1', 0, n)
}

const HEX_CODES = Uint8Array.from(HEX, (c) => c.charCodeAt(0))
const scratch = Buffer.allocUnsafe(64 << 10)
const encoder = new TextEncoder()

/** Escapes a JS string's UTF-8 bytes. */
export function cgiEscapeString(s: string): string {
  if (PLAIN_RE.test(s)) return s
  return cgiEscapeBytes(Buffer.from(s, 'utf8'))
}

const hexVal = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1

/**
 * Unescapes text whose characters are bytes (code units < 256, as a latin1
 * decoding of the file gives): `%XX` → byte (an invalid `%` stays literal),
 * `+` → space. Characters ≥ 256 are encoded as UTF-8.
 */
export function cgiUnescape(text: string): Uint8Array {
  let wide = false
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) >= 0x100) {
      wide = true
      break
    }
  // byte text never grows when unescaped; only characters ≥ 256 (UTF-8) can
  const out = new Uint8Array(wide ? text.length * 3 : text.length)
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x25 && i + 2 < text.length) {
      const h = hexVal(text.charCodeAt(i + 1))
      const l = hexVal(text.charCodeAt(i + 2))
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l
        i += 2
        continue
      }
      out[n++] = c
    } else if (c === 0x2b) out[n++] = 0x20
    else if (c < 0x100) out[n++] = c
    else {
      const enc = encoder.encode(text.slice(i, c >= 0xd800 && c < 0xdc00 ? i + 2 : i + 1))
      out.set(enc, n)
      n += enc.length
      if (c >= 0xd800 && c < 0xdc00) i++
    }
  }
  return out.subarray(0, n)
}
