/**
 * Protobuf text format, schema-less: a message is an ordered list of fields,
 * printed exactly as C++ `google::protobuf::TextFormat::PrintToString` does
 * (2-space indent, `name {` blocks, `name: value` scalars, strings in double
 * quotes with C escapes and bytes ≥ 0x80 as octal, as the default printer does).
 * The caller lists fields in field-number order, as TextFormat prints them.
 * The parser accepts what protobuf's text parser accepts in practice: `name: {`,
 * `<…>` blocks, `#` comments, `,`/`;` separators, single-quoted strings.
 */

/** A scalar: a string (printed quoted) or a raw token (numbers, enum names, true/false). */
export type PbScalar = { readonly str: Uint8Array | string } | { readonly raw: string }

export type PbValue = PbScalar | PbMessage

/** An ordered list of fields (repeated fields appear several times). */
export type PbMessage = { readonly fields: readonly (readonly [string, PbValue])[] }

export const pbStr = (s: string | Uint8Array): PbScalar => ({ str: s })
export const pbRaw = (r: string | number | bigint | boolean): PbScalar => ({ raw: String(r) })
export const pbMsg = (fields: readonly (readonly [string, PbValue] | undefined | false)[]): PbMessage => ({
  fields: fields.filter((f): f is readonly [string, PbValue] => !!f),
})

const encoder = new TextEncoder()

/** C-escapes bytes as TextFormat's default (non-UTF-8) printer: `\n \r \t \" \' \\`, octal otherwise. */
export function cEscape(s: string | Uint8Array): string {
  const bytes = typeof s === 'string' ? encoder.encode(s) : s
  let out = ''
  for (const b of bytes) {
    if (b === 0x0a) out += '\\n'
    else if (b === 0x0d) out += '\\r'
    else if (b === 0x09) out += '\\t'
    else if (b === 0x22) out += '\\"'
    else if (b === 0x27) out += "\\'"
    else if (b === 0x5c) out += '\\\\'
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0')
    else out += String.fromCharCode(b)
  }
  return out
}

const isMessage = (v: PbValue): v is PbMessage => 'fields' in v

/** Prints a message's fields (a whole file when `indent` is 0). */
export function printPbText(msg: PbMessage, indent = 0): string {
  const pad = ' '.repeat(indent)
  let out = ''
  for (const [name, v] of msg.fields) {
    if (isMessage(v)) out += `${pad}${name} {\n${printPbText(v, indent + 2)}${pad}}\n`
    else if ('str' in v) out += `${pad}${name}: "${cEscape(v.str)}"\n`
    else out += `${pad}${name}: ${v.raw}\n`
  }
  return out
}

/** A parsed field's value: strings as bytes (decode with `pbText`). */
export type ParsedValue = { readonly str: Uint8Array } | { readonly raw: string } | ParsedMessage
export interface ParsedMessage {
  readonly fields: readonly (readonly [string, ParsedValue])[]
}

export class PbTextError extends Error {
  override readonly name = 'PbTextError'
}

const ESC: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, a: 7, b: 8, f: 12, v: 11, '?': 63 }

/** Parses text format into an untyped tree. Throws PbTextError with a line number. */
export function parsePbText(text: string): ParsedMessage {
  let i = 0
  let line = 1
  const fail = (m: string): never => {
    throw new PbTextError(`line ${line}: ${m}`)
  }
  const skip = (): void => {
    for (;;) {
      const c = text[i]
      if (c === '\n') {
        line++
        i++
      } else if (c === ' ' || c === '\t' || c === '\r' || c === ',' || c === ';') i++
      else if (c === '#') while (i < text.length && text[i] !== '\n') i++
      else return
    }
  }
  const ident = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_.]*|^\[[^\]]*\]/.exec(text.slice(i, i + 256))
    if (!m) fail(`expected a field name at ${JSON.stringify(text.slice(i, i + 16))}`)
    i += m![0].length
    return m![0]
  }
  const stringLit = (): Uint8Array => {
    const parts: number[] = []
    // adjacent string literals concatenate
    while (text[i] === '"' || text[i] === "'") {
      const q = text[i++]
      for (;;) {
        if (i >= text.length || text[i] === '\n') fail('unterminated string')
        const c = text[i++]!
        if (c === q) break
        if (c !== '\\') {
          for (const b of encoder.encode(c)) parts.push(b)
          continue
        }
        const e = text[i++]!
        if (e in ESC) parts.push(ESC[e]!)
        else if (/[0-7]/.test(e)) {
          let v = Number(e)
          for (let k = 0; k < 2 && /[0-7]/.test(text[i] ?? ''); k++) v = v * 8 + Number(text[i++])
          parts.push(v & 0xff)
        } else if (e === 'x') {
          let v = 0
          let k = 0
          for (; k < 2 && /[0-9a-fA-F]/.test(text[i] ?? ''); k++) v = v * 16 + parseInt(text[i++]!, 16)
          if (k === 0) fail('bad \\x escape')
          parts.push(v)
        } else fail(`bad escape \\${e}`)
      }
      skip()
    }
    return Uint8Array.from(parts)
  }
  const message = (close: string | undefined): ParsedMessage => {
    const fields: [string, ParsedValue][] = []
    for (;;) {
      skip()
      if (i >= text.length) {
        if (close !== undefined) fail(`missing ${close}`)
        return { fields }
      }
      if (close !== undefined && text[i] === close) {
        i++
        return { fields }
      }
      const name = ident()
      skip()
      let colon = false
      if (text[i] === ':') {
        colon = true
        i++
        skip()
      }
      const c = text[i]
      if (c === '{' || c === '<') {
        i++
        fields.push([name, message(c === '{' ? '}' : '>')])
      } else if (!colon) fail(`expected ':' or '{' after ${name}`)
      else if (c === '"' || c === "'") fields.push([name, { str: stringLit() }])
      else if (c === '[') fail('list values are not supported')
      else {
        const m = /^[-+]?[A-Za-z0-9_.+-]+/.exec(text.slice(i, i + 128))
        if (!m) fail(`expected a value for ${name}`)
        i += m![0].length
        fields.push([name, { raw: m![0] }])
      }
    }
  }
  return message(undefined)
}

const decoder = new TextDecoder()

export const isParsedMessage = (v: ParsedValue | undefined): v is ParsedMessage => !!v && 'fields' in v

/** Helpers to read a parsed message by field name. */
export class PbReader {
  constructor(readonly msg: ParsedMessage, readonly where: string) {}

  all(name: string): ParsedValue[] {
    return this.msg.fields.filter(([n]) => n === name).map(([, v]) => v)
  }
  has(name: string): boolean {
    return this.msg.fields.some(([n]) => n === name)
  }
  message(name: string): PbReader | undefined {
    const v = this.all(name).at(-1)
    if (v === undefined) return undefined
    if (!isParsedMessage(v)) throw new PbTextError(`${this.where}.${name}: expected a message`)
    return new PbReader(v, `${this.where}.${name}`)
  }
  messages(name: string): PbReader[] {
    return this.all(name).map((v, k) => {
      if (!isParsedMessage(v)) throw new PbTextError(`${this.where}.${name}: expected a message`)
      return new PbReader(v, `${this.where}.${name}[${k}]`)
    })
  }
  bytes(name: string): Uint8Array | undefined {
    const v = this.all(name).at(-1)
    if (v === undefined) return undefined
    if (!('str' in v)) throw new PbTextError(`${this.where}.${name}: expected a string`)
    return v.str
  }
  string(name: string): string | undefined {
    const b = this.bytes(name)
    return b === undefined ? undefined : decoder.decode(b)
  }
  strings(name: string): string[] {
    return this.all(name).map((v) => {
      if (!('str' in v)) throw new PbTextError(`${this.where}.${name}: expected a string`)
      return decoder.decode(v.str)
    })
  }
  raw(name: string): string | undefined {
    const v = this.all(name).at(-1)
    if (v === undefined) return undefined
    if (!('raw' in v)) throw new PbTextError(`${this.where}.${name}: expected a scalar`)
    return v.raw
  }
  number(name: string): number | undefined {
    const r = this.raw(name)
    if (r === undefined) return undefined
    const n = Number(r)
    if (!Number.isFinite(n)) throw new PbTextError(`${this.where}.${name}: expected a number, got ${r}`)
    return n
  }
  bool(name: string): boolean | undefined {
    const r = this.raw(name)
    if (r === undefined) return undefined
    if (r === 'true' || r === 't' || r === '1' || r === 'True') return true
    if (r === 'false' || r === 'f' || r === '0' || r === 'False') return false
    throw new PbTextError(`${this.where}.${name}: expected a bool, got ${r}`)
  }
}
