// Arithmetic on typed values: integers (wrapping in the result type, as YQL
// does; division by zero gives NULL), Float/Double, Decimal (exact), and the
// date/time ± Interval forms.
import {
  decimalFits,
  decimalToNumber,
  divRound,
  fromBigInt,
  integerBits,
  isFloatingType,
  isIntegerType,
  isIntervalType,
  isSignedType,
  isTimeType,
  microsPerUnit,
  rescaleDecimal,
  toBigInt,
} from '../../../../types/convert.js'
import type { DecimalValue, Value } from '../../../../types/value.js'
import { TIME_RANGES, decimal, primitive, type PrimitiveTypeName, type YdbType } from '../../../../types/ydb-type.js'

export type ArithOp = '+' | '-' | '*' | '/' | '%'

export interface Arith {
  readonly type: YdbType
  /** Non-NULL operands; returns NULL for division by zero and out-of-range time results. */
  readonly fn: (a: Value, b: Value) => Value
}

function integerResult(ta: YdbType, tb: YdbType): PrimitiveTypeName {
  const na = ta.kind === 'Primitive' ? ta.name : ''
  const nb = tb.kind === 'Primitive' ? tb.name : ''
  const ba = integerBits(na)
  const bb = integerBits(nb)
  const sa = isSignedType(ta)
  const sb = isSignedType(tb)
  let bits = Math.max(ba, bb, 32)
  let signed: boolean
  if (sa === sb) signed = sa
  else if (ba === bb) {
    signed = true
    bits = Math.min(64, bits * 2)
  } else signed = ba > bb ? sa : sb
  return `${signed ? 'Int' : 'Uint'}${bits}` as PrimitiveTypeName
}

function intOp(op: ArithOp, a: bigint, b: bigint): bigint | null {
  switch (op) {
    case '+': return a + b
    case '-': return a - b
    case '*': return a * b
    case '/': return b === 0n ? null : a / b
    case '%': return b === 0n ? null : a % b
  }
}

function floatOp(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case '+': return a + b
    case '-': return a - b
    case '*': return a * b
    case '/': return a / b
    case '%': return a % b
  }
}

const NAN: DecimalValue = { kind: 'Decimal', unscaled: 0n, scale: 0, special: 'nan' }

function decimalOp(op: ArithOp, a: DecimalValue, b: DecimalValue, precision: number, scale: number): Value {
  if (a.special || b.special) {
    const x = decimalToNumber(a)
    const y = decimalToNumber(b)
    const r = floatOp(op, x, y)
    return { kind: 'Decimal', unscaled: 0n, scale, special: Number.isNaN(r) ? 'nan' : r > 0 ? 'inf' : '-inf' }
  }
  const x = rescaleDecimal(a, scale).unscaled
  const y = rescaleDecimal(b, scale).unscaled
  const ten = 10n ** BigInt(scale)
  if ((op === '/' || op === '%') && y === 0n) {
    return { ...NAN, scale, special: op === '%' || x === 0n ? 'nan' : x > 0n ? 'inf' : '-inf' }
  }
  const u =
    op === '+' ? x + y
      : op === '-' ? x - y
        : op === '*' ? divRound(x * y, ten)
          : op === '/' ? divRound(x * ten, y)
            : x % y
  if (!decimalFits(u, precision)) return { kind: 'Decimal', unscaled: 0n, scale, special: u > 0n ? 'inf' : '-inf' }
  return { kind: 'Decimal', unscaled: u, scale }
}

const timeName = (t: YdbType): string => (t.kind === 'Primitive' ? t.name : '')

function inTimeRange(name: string, v: bigint): boolean {
  const r = TIME_RANGES[name]
  return r === undefined || (v >= r[0] && v <= r[1])
}

/** The result type and function of `a op b`, or undefined when YQL rejects the operand types. */
export function arithmetic(op: ArithOp, ta: YdbType, tb: YdbType): Arith | undefined {
  if (isIntegerType(ta) && isIntegerType(tb)) {
    const name = integerResult(ta, tb)
    const bits = integerBits(name)
    const signed = name.startsWith('Int')
    return {
      type: primitive(name),
      fn: (a, b) => {
        const r = intOp(op, toBigInt(a), toBigInt(b))
        if (r === null) return null
        return fromBigInt(name, signed ? BigInt.asIntN(bits, r) : BigInt.asUintN(bits, r))
      },
    }
  }
  const numeric = (t: YdbType): boolean => isIntegerType(t) || isFloatingType(t)
  if (numeric(ta) && numeric(tb)) {
    // Float op Float stays Float; anything with a Double or an integer is Double.
    const isFloat = timeName(ta) === 'Float' && timeName(tb) === 'Float'
    return {
      type: primitive(isFloat ? 'Float' : 'Double'),
      fn: (a, b) => {
        const r = floatOp(op, Number(a), Number(b))
        return isFloat ? Math.fround(r) : r
      },
    }
  }
  if ((ta.kind === 'Decimal' || isIntegerType(ta)) && (tb.kind === 'Decimal' || isIntegerType(tb))) {
    const precision = Math.max(ta.kind === 'Decimal' ? ta.precision : 0, tb.kind === 'Decimal' ? tb.precision : 0)
    const scale = Math.max(ta.kind === 'Decimal' ? ta.scale : 0, tb.kind === 'Decimal' ? tb.scale : 0)
    const asDec = (t: YdbType, v: Value): DecimalValue =>
      t.kind === 'Decimal' ? (v as DecimalValue) : { kind: 'Decimal', unscaled: toBigInt(v), scale: 0 }
    return { type: decimal(precision, scale), fn: (a, b) => decimalOp(op, asDec(ta, a), asDec(tb, b), precision, scale) }
  }
  if ((ta.kind === 'Decimal' && isFloatingType(tb)) || (tb.kind === 'Decimal' && isFloatingType(ta))) {
    const toNum = (t: YdbType, v: Value): number => (t.kind === 'Decimal' ? decimalToNumber(v as DecimalValue) : (v as number))
    return { type: primitive('Double'), fn: (a, b) => floatOp(op, toNum(ta, a), toNum(tb, b)) }
  }
  return timeArithmetic(op, ta, tb)
}

function timeArithmetic(op: ArithOp, ta: YdbType, tb: YdbType): Arith | undefined {
  const an = timeName(ta)
  const bn = timeName(tb)
  if (isIntervalType(ta) && isIntervalType(tb) && (op === '+' || op === '-')) {
    const name = an === 'Interval64' || bn === 'Interval64' ? 'Interval64' : 'Interval'
    return {
      type: primitive(name),
      fn: (a, b) => {
        const r = op === '+' ? toBigInt(a) + toBigInt(b) : toBigInt(a) - toBigInt(b)
        return inTimeRange(name, r) ? r : null
      },
    }
  }
  if (isTimeType(ta) && isIntervalType(tb) && (op === '+' || op === '-')) return shift(op, an)
  if (isIntervalType(ta) && isTimeType(tb) && op === '+') {
    const s = shift(op, bn)
    return { type: s.type, fn: (a, b) => s.fn(b, a) }
  }
  if (isTimeType(ta) && isTimeType(tb) && op === '-') {
    const ua = microsPerUnit(an)
    const ub = microsPerUnit(bn)
    const wide = an.endsWith('64') || an === 'Date32' || bn.endsWith('64') || bn === 'Date32'
    return { type: primitive(wide ? 'Interval64' : 'Interval'), fn: (a, b) => toBigInt(a) * ua - toBigInt(b) * ub }
  }
  if (isIntervalType(ta) && isIntegerType(tb) && (op === '*' || op === '/')) {
    return {
      type: ta,
      fn: (a, b) => {
        const r = intOp(op, toBigInt(a), toBigInt(b))
        return r !== null && inTimeRange(an, r) ? r : null
      },
    }
  }
  return undefined
}

function shift(op: '+' | '-', name: string): Arith {
  const unit = microsPerUnit(name)
  return {
    type: primitive(name as PrimitiveTypeName),
    fn: (a, b) => {
      const us = toBigInt(a) * unit + (op === '+' ? toBigInt(b) : -toBigInt(b))
      let r = us / unit
      if (us < 0n && us % unit !== 0n) r -= 1n
      return inTimeRange(name, r) ? fromBigInt(name, r) : null
    },
  }
}
