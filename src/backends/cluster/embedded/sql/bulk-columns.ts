// A bulk statement's values computed away from the writer (a worker thread reads
// and scans the script while the main thread writes): the typed value of every
// cell (quickCellValue: what constantValue gives, before any column conversion)
// packed into a few typed arrays that cross threads without copying, and read
// back on the writer's side into column values as toColumn converts them.
// Only values of plain shapes travel this way (numbers, booleans, 64-bit
// integers, text, bytes, NULL); a statement with anything else is not encoded
// and the writer scans it itself.
import type { Name } from '../../../../ast/nodes.js'
import { CellKind, CellWrap, type BulkCells } from '../../../../syntax/bulk-scan.js'
import type { Value } from '../../../../types/value.js'
import { primitive, typeToString, type YdbType } from '../../../../types/ydb-type.js'
import type { TableHandle } from '../engine-api.js'
import { columnValue, listedColumns, NO_VALUE, plainReal, quickCellValue } from './bulk-write.js'
import type { InputRows } from './write-values.js'

/** How a cell's value is stored. */
const enum Vk {
  Null = 0,
  Number = 1,
  Bool = 2,
  BigInt = 3,
  /** A bigint above Int64's range (Uint64): stored as its 64-bit pattern. */
  BigUint = 4,
  Text = 5,
  Bytes = 6,
  /** Text that is the statement's own text[at, end) (a '…'u literal without escapes). */
  TextRef = 7,
}

/** The typed values of a bulk statement's cells, row-major. */
export interface EncodedCells {
  readonly width: number
  readonly rowCount: number
  /** The distinct value types; `tag` indexes it. */
  readonly types: readonly (YdbType | null)[]
  readonly tag: Uint8Array
  readonly vk: Uint8Array
  /** Numbers and booleans (1/0), by cell. */
  readonly num: Float64Array
  /** 64-bit integers, by cell. */
  readonly big: BigInt64Array
  /** Text values concatenated in cell order; `end` holds each one's end offset. */
  readonly text: string
  /** Byte values concatenated in cell order; `end` holds each one's end offset. */
  readonly bytes: Uint8Array
  readonly end: Uint32Array
  /** TextRef start offsets, by cell. */
  readonly at: Uint32Array
}

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -INT64_MAX - 1n
const UINT64_MAX = 18446744073709551615n

const INT32 = primitive('Int32')
const DOUBLE = primitive('Double')
const STRING = primitive('String')
const UTF8 = primitive('Utf8')

/** Encodes the cells' typed values; undefined when some cell needs the writer (an exact-path value, an unusual shape). */
export function encodeCells(c: BulkCells): EncodedCells | undefined {
  const n = c.kind.length
  const t = c.text
  const types: (YdbType | null)[] = []
  const typeIndex = new Map<string, number>()
  const tagOf = (type: YdbType | null): number => {
    const key = type === null ? '' : typeToString(type)
    let ti = typeIndex.get(key)
    if (ti === undefined) {
      ti = types.length
      types.push(type)
      typeIndex.set(key, ti)
    }
    return ti
  }
  const tag = new Uint8Array(n)
  const vk = new Uint8Array(n)
  const num = new Float64Array(n)
  const big = new BigInt64Array(n)
  const end = new Uint32Array(n)
  const at = new Uint32Array(n)
  const texts: string[] = []
  let textLen = 0
  let bytes = new Uint8Array(1024)
  let byteLen = 0
  const room = (more: number): void => {
    if (byteLen + more <= bytes.length) return
    const b = new Uint8Array(Math.max(bytes.length * 2, byteLen + more))
    b.set(bytes.subarray(0, byteLen))
    bytes = b
  }
  for (let k = 0; k < n; k++) {
    const kind = c.kind[k]!
    if (c.wrap[k] === CellWrap.None) {
      const s = c.start[k]!
      const e = c.end[k]!
      // The commonest shapes straight from the text: the values quickLiteral gives, with no object per value.
      if (kind === CellKind.PlainInteger && e - s <= 9) {
        let v = 0
        for (let i = s; i < e; i++) v = v * 10 + t.charCodeAt(i) - 48
        tag[k] = tagOf(INT32)
        vk[k] = Vk.Number
        num[k] = v
        continue
      }
      if (kind === CellKind.Real && plainReal(t, s, e)) {
        // quickLiteral's Double for a REAL token of digits and a dot.
        tag[k] = tagOf(DOUBLE)
        vk[k] = Vk.Number
        num[k] = Number(t.slice(s, e))
        continue
      }
      if (kind === CellKind.SimpleString) {
        const suffixed = t.charCodeAt(e - 1) !== 39
        const bodyEnd = suffixed ? e - 2 : e - 1
        let ascii = true
        for (let i = s + 1; i < bodyEnd; i++) {
          if (t.charCodeAt(i) >= 128) {
            ascii = false
            break
          }
        }
        if (ascii && suffixed) {
          tag[k] = tagOf(UTF8)
          vk[k] = Vk.TextRef
          at[k] = s + 1
          end[k] = bodyEnd
          continue
        }
        if (ascii) {
          // Without escapes and non-ASCII characters, the bytes are the characters.
          room(bodyEnd - s - 1)
          for (let i = s + 1; i < bodyEnd; i++) bytes[byteLen++] = t.charCodeAt(i)
          tag[k] = tagOf(STRING)
          vk[k] = Vk.Bytes
          end[k] = byteLen
          continue
        }
      }
    }
    const tv = quickCellValue(c, k)
    if (tv === undefined) return undefined
    tag[k] = tagOf(tv.type)
    if (types.length > 256) return undefined
    const v = tv.value
    if (v === null) vk[k] = Vk.Null
    else if (typeof v === 'number') {
      vk[k] = Vk.Number
      num[k] = v
    } else if (typeof v === 'boolean') {
      vk[k] = Vk.Bool
      num[k] = v ? 1 : 0
    } else if (typeof v === 'bigint') {
      if (v < INT64_MIN || v > UINT64_MAX) return undefined
      vk[k] = v > INT64_MAX ? Vk.BigUint : Vk.BigInt
      big[k] = BigInt.asIntN(64, v)
    } else if (typeof v === 'string') {
      vk[k] = Vk.Text
      texts.push(v)
      textLen += v.length
      end[k] = textLen
    } else if (v instanceof Uint8Array) {
      room(v.length)
      bytes.set(v, byteLen)
      byteLen += v.length
      vk[k] = Vk.Bytes
      end[k] = byteLen
    } else return undefined
  }
  if (types.length > 256) return undefined
  return { width: c.width, rowCount: c.rowCount, types, tag, vk, num, big, text: texts.join(''), bytes: bytes.subarray(0, byteLen), end, at }
}

/** The buffers to transfer (not copy) with an EncodedCells. */
export function encodedBuffers(e: EncodedCells): ArrayBuffer[] {
  return [e.tag.buffer, e.vk.buffer, e.num.buffer, e.big.buffer, e.bytes.buffer, e.end.buffer, e.at.buffer] as ArrayBuffer[]
}

/**
 * The encoded statement's rows in the table's column types (as bulkInputRows
 * would make them), or undefined when anything needs the ordinary path.
 */
export function decodeInputRows(t: TableHandle, e: EncodedCells, source: string, names: readonly Name[] | undefined): InputRows | undefined {
  const columns = listedColumns(t, names)
  if (!columns) return undefined
  const width = columns.length
  if (e.width !== width) return undefined
  const cols = columns.map((i) => t.schema.columns[i]!)
  const { types, tag, vk, num, big, text, bytes, end, at } = e
  const rows: Value[][] = new Array(e.rowCount)
  let k = 0
  let textAt = 0
  let byteAt = 0
  for (let r = 0; r < e.rowCount; r++) {
    const row: Value[] = new Array(width)
    for (let i = 0; i < width; i++, k++) {
      let value: Value
      switch (vk[k]) {
        case Vk.Null:
          value = null
          break
        case Vk.Number:
          value = num[k]!
          break
        case Vk.Bool:
          value = num[k] === 1
          break
        case Vk.BigInt:
          value = big[k]!
          break
        case Vk.BigUint:
          value = BigInt.asUintN(64, big[k]!)
          break
        case Vk.Text:
          value = text.slice(textAt, end[k]!)
          textAt = end[k]!
          break
        case Vk.TextRef:
          value = source.slice(at[k]!, end[k]!)
          break
        default:
          // A view: the rows live only while the statement writes them.
          value = bytes.subarray(byteAt, end[k]!)
          byteAt = end[k]!
      }
      const v = columnValue(types[tag[k]!]!, value, cols[i]!)
      if (v === NO_VALUE) return undefined
      row[i] = v
    }
    rows[r] = row
  }
  return { columns, rows }
}
