// Query parameters of `sql` (ydb CLI's `-p/--param '$name=<json>'` and
// `--input-file`): parsing, one set of values, and conversion of each JSON
// value to the type its DECLARE gives (ydb's JsonToYdbValue rules) or, for a
// parameter the script uses without declaring it, to a type inferred from the JSON.
// Values never appear in messages: only names and JSON kinds.
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { TypeRef } from '../../ast/nodes.js'
import { resolveType } from '../../ast/resolve-type.js'
import { YqlError } from '../../diagnostics/diagnostic.js'
import { convertImplicit, parseText } from '../../types/convert.js'
import { parseIsoInstant } from '../../types/time.js'
import type { Value } from '../../types/value.js'
import { primitive, typeToString, type YdbType } from '../../types/ydb-type.js'

/** A JSON number keeps its source text, so 64-bit integers and decimals stay exact. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A parsed JSON value (numbers as their text). */
export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** One parameter's raw value and where it came from (for duplicate errors). */
export interface RawParameter {
  readonly json: JsonValue
  readonly source: string
}

/** A problem with the parameters themselves (bad option, bad file): a usage error before anything runs. */
export class ParameterError extends Error {
  override readonly name = 'ParameterError'
}

/** Stable diagnostic codes of parameter binding (errors at a DECLARE or at the first statement). */
export const ParamCode = {
  BadValue: 'params/bad-value',
  Missing: 'params/missing-value',
} as const

// ── JSON with exact numbers ─────────────────────────────────────────────────

const WS = /[ \t\r\n]*/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const LITERAL = /true|false|null/y

/** Parses JSON text; numbers keep their text. Throws ParameterError (without the text) when it is not JSON. */
export function parseJson(text: string, what: string): JsonValue {
  let pos = 0
  const fail = (): never => {
    throw new ParameterError(`${what}: not a valid JSON value (at offset ${pos})`)
  }
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos
    const m = re.exec(text)
    if (!m) return undefined
    pos = re.lastIndex
    return m[0]
  }
  const ws = () => match(WS)
  const value = (depth: number): JsonValue => {
    if (depth > 512) fail()
    ws()
    const c = text[pos]
    if (c === '{') {
      pos++
      const out: Record<string, JsonValue> = {}
      ws()
      if (text[pos] === '}') {
        pos++
        return out
      }
      for (;;) {
        ws()
        const k = match(STRING) ?? fail()
        ws()
        if (text[pos++] !== ':') fail()
        Object.defineProperty(out, JSON.parse(k) as string, { value: value(depth + 1), enumerable: true, writable: true, configurable: true })
        ws()
        const d = text[pos++]
        if (d === '}') return out
        if (d !== ',') fail()
      }
    }
    if (c === '[') {
      pos++
      const out: JsonValue[] = []
      ws()
      if (text[pos] === ']') {
        pos++
        return out
      }
      for (;;) {
        out.push(value(depth + 1))
        ws()
        const d = text[pos++]
        if (d === ']') return out
        if (d !== ',') fail()
      }
    }
    if (c === '"') return JSON.parse(match(STRING) ?? fail()) as string
    const n = match(NUMBER)
    if (n !== undefined) return new JsonNumber(n)
    const l = match(LITERAL) ?? fail()
    return l === 'null' ? null : l === 'true'
  }
  const v = value(0)
  ws()
  if (pos !== text.length) fail()
  return v
}

const isNumber = (j: JsonValue): j is JsonNumber => j instanceof JsonNumber
const isObject = (j: JsonValue): j is { readonly [key: string]: JsonValue } => typeof j === 'object' && j !== null && !Array.isArray(j) && !isNumber(j)

/** The kind of a JSON value, for messages. */
export function jsonKind(j: JsonValue): string {
  if (j === null) return 'null'
  if (typeof j === 'boolean') return 'a boolean'
  if (typeof j === 'string') return 'a string'
  if (Array.isArray(j)) return 'an array'
  if (isNumber(j)) return /^-?\d+$/.test(j.text) ? 'an integer' : 'a non-integer number'
  return 'an object'
}

// ── sources: -p options and --input-file ────────────────────────────────────

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** `$name`: the canonical form of a parameter name (`name` and `$name` are the same parameter). */
export const canonicalName = (name: string): string => (name.startsWith('$') ? name : `$${name}`)

/** One `-p` option: `$name=<json>` or `name=<json>`. */
export function parseParamOption(option: string): { name: string; json: JsonValue } {
  const eq = option.indexOf('=')
  if (eq < 0) throw new ParameterError(`wrong parameter format for --param: it should have an equal sign, e.g. --param '$input=1'`)
  const raw = option.slice(0, eq).trim()
  const bare = raw.replace(/^\$/, '')
  if (!NAME.test(bare)) throw new ParameterError(`wrong parameter name '${raw}' in --param: expected $name=<json value>, e.g. --param '$input=1'`)
  const name = canonicalName(bare)
  return { name, json: parseJson(option.slice(eq + 1).trim(), `parameter ${name} (--param)`) }
}

/**
 * The parameter set in an input file's text: one JSON object, or newline-delimited
 * JSON objects of which exactly one may be given (one set of parameters, no batching).
 */
export function parseParamObject(text: string, fileName: string): Map<string, JsonValue> {
  const body = text.replace(/^\uFEFF/, '').trim()
  if (body === '') return new Map()
  let obj: JsonValue
  try {
    obj = parseJson(body, `--input-file ${fileName}`)
  } catch (e) {
    // Several newline-delimited objects: each line parses but the whole does not.
    const lines = body.split(/\r?\n/).filter((l) => l.trim() !== '')
    if (lines.length > 1 && lines.every((l) => { try { return isObject(parseJson(l.trim(), '')) } catch { return false } }))
      throw new ParameterError(`--input-file ${fileName}: ${lines.length} parameter sets; only one set of parameters (one JSON object) is supported`)
    throw e
  }
  if (!isObject(obj)) throw new ParameterError(`--input-file ${fileName}: expected a JSON object of parameters, got ${jsonKind(obj)}`)
  const out = new Map<string, JsonValue>()
  for (const [k, v] of Object.entries(obj)) {
    const bare = k.replace(/^\$/, '')
    if (!NAME.test(bare)) throw new ParameterError(`--input-file ${fileName}: wrong parameter name '${k}'`)
    const name = canonicalName(bare)
    if (out.has(name)) throw new ParameterError(`Parameter ${name} value found in more than one source: param file ${fileName}.`)
    out.set(name, v)
  }
  return out
}

/** What `sql` was given: `-p` options (repeatable) and an optional input file. */
export interface ParameterOptions {
  readonly params?: readonly string[]
  readonly inputFile?: string
  readonly inputFormat?: string
}

export const PARAM_SOURCE = "'--param' option"

/** Reads every source into one map `$name` → raw value. Throws ParameterError. */
export async function collectParameters(o: ParameterOptions): Promise<Map<string, RawParameter>> {
  if (o.inputFormat !== undefined && o.inputFormat !== 'json')
    throw new ParameterError(`unsupported --input-format '${o.inputFormat}': only json is supported`)
  const out = new Map<string, RawParameter>()
  for (const p of o.params ?? []) {
    const { name, json } = parseParamOption(p)
    if (out.has(name)) throw new ParameterError(`Parameter ${name} value found in more than one source: ${PARAM_SOURCE}.`)
    out.set(name, { json, source: PARAM_SOURCE })
  }
  if (o.inputFile !== undefined) {
    const file = o.inputFile
    const text = await readFile(file, 'utf8').catch(() => {
      throw new ParameterError(`cannot read --input-file '${file}'`)
    })
    const source = `param file ${file}`
    for (const [name, json] of parseParamObject(text, file)) {
      const prev = out.get(name)
      if (prev) throw new ParameterError(`Parameter ${name} value found in more than one source: ${source}, ${prev.source}.`)
      out.set(name, { json, source })
    }
  }
  return out
}

// ── conversion ──────────────────────────────────────────────────────────────

const INT_NAMES = new Set(['Int8', 'Int16', 'Int32', 'Int64', 'Uint8', 'Uint16', 'Uint32', 'Uint64'])
const INT64_MAX = 9223372036854775807n

/** The typed value of a JSON integer: Int64, or Uint64 beyond 2^63-1; undefined beyond Uint64. */
function integerOf(text: string): { type: YdbType; value: bigint } | undefined {
  const v = BigInt(text)
  if (v > 18446744073709551615n || v < -INT64_MAX - 1n) return undefined
  return { type: primitive(v > INT64_MAX ? 'Uint64' : 'Int64'), value: v }
}

/**
 * Converts a JSON value to a YDB type the way ydb's CLI does (JsonToYdbValue):
 * integer types from JSON integers, Float/Double from numbers, Bool from
 * booleans, Interval from an integer of microseconds, Decimal from a string or
 * number, the date and time types from ISO strings, String/Utf8/Json/JsonDocument/
 * Yson/Uuid/DyNumber from strings; null only for an optional type.
 * Returns the value, or an explanation (without the value) of why not.
 */
export function jsonToValue(j: JsonValue, type: YdbType, optional: boolean): { ok: true; value: Value } | { ok: false; reason: string } {
  const t = typeToString(type)
  const want = (kind: string) => ({ ok: false as const, reason: `expected ${kind} for ${t}, got ${jsonKind(j)}` })
  if (j === null) return optional ? { ok: true, value: null } : { ok: false, reason: `null for the non-optional type ${t} (declare it ${t}? to allow NULL)` }
  if (type.kind === 'Decimal') {
    const text = typeof j === 'string' ? j : isNumber(j) ? j.text : undefined
    if (text === undefined) return want('a string or a number')
    const v = parseText(text, type)
    return v === undefined ? { ok: false, reason: `the value is not a ${t} (bad format or out of range)` } : { ok: true, value: v }
  }
  const name = type.name
  if (INT_NAMES.has(name) || name === 'Interval' || name === 'Interval64') {
    if (!isNumber(j) || !/^-?\d+$/.test(j.text)) return want('a JSON integer')
    const tv = integerOf(j.text)
    const interval = name === 'Interval' || name === 'Interval64'
    const r = tv === undefined ? undefined : convertImplicit(interval ? { type: primitive('Interval64'), value: tv.value } : tv, type)
    return r?.ok ? { ok: true, value: r.value } : { ok: false, reason: `the value doesn't fit in ${t}` }
  }
  if (name === 'Float' || name === 'Double') {
    if (!isNumber(j)) return want('a JSON number')
    const n = Number(j.text)
    return { ok: true, value: name === 'Float' ? Math.fround(n) : n }
  }
  if (name === 'Bool') return typeof j === 'boolean' ? { ok: true, value: j } : want('a JSON boolean')
  if (typeof j !== 'string') return want('a JSON string')
  const v = parseText(j, type)
  if (v !== undefined) return { ok: true, value: v }
  // ydb parses dates and times as ISO 8601 instants (with a zone); also accept those.
  if (name === 'Datetime' || name === 'Timestamp' || name === 'Datetime64' || name === 'Timestamp64' || name === 'Date' || name === 'Date32') {
    const us = parseIsoInstant(j)
    if (us !== undefined) {
      const r = convertImplicit({ type: primitive('Timestamp64'), value: us }, type)
      if (r.ok) return r
    }
  }
  return { ok: false, reason: `the string is not a valid ${t}` }
}

/**
 * The value and type of a parameter the script uses without DECLARE (ydb's
 * server infers it from the value): integer → Int64 (Uint64 beyond 2^63-1),
 * other number → Double, string → Utf8, boolean → Bool, null → NULL.
 */
export function inferValue(j: JsonValue): { ok: true; value: Value; type: YdbType | null } | { ok: false; reason: string } {
  if (j === null) return { ok: true, value: null, type: null }
  if (typeof j === 'boolean') return { ok: true, value: j, type: primitive('Bool') }
  if (typeof j === 'string') return { ok: true, value: j, type: primitive('Utf8') }
  if (isNumber(j)) {
    if (/^-?\d+$/.test(j.text)) {
      const tv = integerOf(j.text)
      if (tv) return { ok: true, ...tv }
    }
    return { ok: true, value: Number(j.text), type: primitive('Double') }
  }
  return { ok: false, reason: `cannot infer a type from ${jsonKind(j)}; DECLARE the parameter` }
}

/** Values of the parameters a script may use undeclared (those whose type can be inferred). */
export function inferredParameters(raw: ReadonlyMap<string, RawParameter>): Map<string, Value> {
  const out = new Map<string, Value>()
  for (const [name, p] of raw) {
    const r = inferValue(p.json)
    if (r.ok) out.set(name, r.value)
  }
  return out
}

/**
 * The binder Session calls at each DECLARE: the declared parameter's value in
 * its type, null for a missing optional one. A missing non-optional parameter
 * or a value that does not convert is a YqlError naming the parameter (the
 * session reports it at the DECLARE's file:line:col).
 */
export function parameterBinder(raw: ReadonlyMap<string, RawParameter>): (name: string, type: TypeRef) => Value | undefined {
  return (declaredName, ref) => {
    const name = canonicalName(declaredName)
    const type = resolveType(ref)
    if (!type) return undefined // validation reports bad types
    const p = raw.get(name)
    if (!p) {
      if (ref.optional) return null
      throw YqlError.of(ParamCode.Missing, `Missing value for parameter: ${name}`)
    }
    const r = jsonToValue(p.json, type, ref.optional)
    if (!r.ok) throw YqlError.of(ParamCode.BadValue, `Parameter ${name} (${p.source}): ${r.reason}`)
    return r.value
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A matcher of `$name` as a whole token in `text`. */
export const mentions = (text: string) => (name: string): boolean => new RegExp(`${escapeRe(name)}(?![A-Za-z0-9_])`).test(text)

/** Which of `names` a script file mentions, read as a stream (a script may be large). */
export async function fileMentions(path: string, names: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  let tail = ''
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const text = tail + (chunk as string)
    const has = mentions(text)
    for (const n of names) if (!found.has(n) && has(n)) found.add(n)
    if (found.size === names.length) break
    tail = text.slice(-256) // a name split across chunks
  }
  return found
}
