import { describe, expect, test } from 'vitest'
import type { TypeRef } from '../../src/ast/nodes.js'
import { resolveType } from '../../src/ast/resolve-type.js'
import { PRIMITIVE_TYPE_NAMES } from '../../src/types/ydb-type.js'

const t = (name: string, params: number[] = []): TypeRef => ({ kind: 'TypeRef', name, params, optional: false, span: { start: 0, end: 0 } })

describe('resolveType', () => {
  test('every primitive, case-insensitively', () => {
    for (const n of PRIMITIVE_TYPE_NAMES) {
      expect(resolveType(t(n))).toEqual({ kind: 'Primitive', name: n })
      expect(resolveType(t(n.toUpperCase()))).toEqual({ kind: 'Primitive', name: n })
    }
  })
  test('Decimal bounds and default', () => {
    expect(resolveType(t('Decimal'))).toEqual({ kind: 'Decimal', precision: 22, scale: 9 })
    expect(resolveType(t('decimal', [35, 35]))).toEqual({ kind: 'Decimal', precision: 35, scale: 35 })
    expect(resolveType(t('Decimal', [1, 0]))).toEqual({ kind: 'Decimal', precision: 1, scale: 0 })
    for (const p of [[0, 0], [36, 0], [10, 11], [10], [10, 2, 1]]) expect(resolveType(t('Decimal', p))).toBeUndefined()
  })
  test('unknown names and parameters on primitives', () => {
    expect(resolveType(t('Strng'))).toBeUndefined()
    expect(resolveType(t('Uint32', [1]))).toBeUndefined()
    expect(resolveType(t('TzDate'))).toBeUndefined()
  })
})
