// Accumulators of COUNT / SUM / MIN / MAX / AVG, with YDB's result types
// (COUNT → Uint64, SUM of signed integers → Int64, unsigned → Uint64, AVG → Double).
import { isFloatingType, isIntegerType, rescaleDecimal, toBigInt, valueKey } from '../../../../types/convert.js'
import type { DecimalValue, Value } from '../../../../types/value.js'
import type { AggregateSpec, Env } from './compile-expr.js'
import { comparatorFor } from './compare.js'

export interface Accumulator {
  add(env: Env): void
  result(): Value
}

export function makeAccumulator(spec: AggregateSpec): Accumulator {
  const arg = spec.arg
  const seen = spec.distinct ? new Set<string>() : undefined
  const next = (env: Env): Value | undefined => {
    if (!arg) return true // COUNT(*)
    const v = arg.eval(env)
    if (v === null) return undefined
    if (seen) {
      const k = valueKey(v)
      if (seen.has(k)) return undefined
      seen.add(k)
    }
    return v
  }
  const argType = arg?.type ?? null
  switch (spec.fn) {
    case 'COUNT': {
      let n = 0n
      return { add: (env) => { if (next(env) !== undefined) n++ }, result: () => n }
    }
    case 'MIN': case 'MAX': {
      const cmp = comparatorFor(argType, argType)!
      const want = spec.fn === 'MIN' ? -1 : 1
      let best: Value = null
      return {
        add: (env) => {
          const v = next(env)
          if (v !== undefined && (best === null || Math.sign(cmp(v, best)) === want)) best = v
        },
        result: () => best,
      }
    }
    case 'SUM': case 'AVG': {
      let count = 0
      let big = 0n
      let num = 0
      let dec: DecimalValue | undefined
      const scale = argType?.kind === 'Decimal' ? argType.scale : 0
      const isInt = isIntegerType(argType) || (argType?.kind === 'Primitive' && argType.name.startsWith('Interval'))
      const isFloat = isFloatingType(argType)
      return {
        add: (env) => {
          const v = next(env)
          if (v === undefined) return
          count++
          if (isInt) big += toBigInt(v)
          else if (isFloat) num += v as number
          else {
            const d = rescaleDecimal(v as DecimalValue, scale)
            dec = dec === undefined ? d : d.special || dec.special ? { ...dec, special: d.special ?? dec.special } : { ...dec, unscaled: dec.unscaled + d.unscaled }
          }
        },
        result: () => {
          if (count === 0) return null
          const isInterval = argType?.kind === 'Primitive' && argType.name.startsWith('Interval')
          if (spec.fn === 'SUM') {
            if (isInt) {
              if (isInterval) return big
              const t = spec.type.kind === 'Primitive' ? spec.type.name : ''
              return t === 'Uint64' ? BigInt.asUintN(64, big) : BigInt.asIntN(64, big)
            }
            return isFloat ? num : dec!
          }
          if (isInterval) return big / BigInt(count)
          if (isInt) return Number(big) / count
          if (isFloat) return num / count
          if (dec!.special) return dec!
          return { kind: 'Decimal', unscaled: roundDiv(dec!.unscaled, BigInt(count)), scale }
        },
      }
    }
  }
}

function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  const r = a % b
  if (r === 0n) return q
  return (r < 0n ? -r : r) * 2n >= b ? (a < 0n ? q - 1n : q + 1n) : q
}

