// Model test: random UPSERT/REPLACE/DELETE sequences with full and incremental
// backups; restoring any backup point (its full + the incrementals up to it)
// must give exactly the table as an in-memory model had it at that point.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Value } from '../../../src/types/value.js'
import { schema } from './helpers.js'
import { harness, withCollection } from './cluster-helpers.js'

type Op =
  | { kind: 'upsert' | 'replace'; key: number; cols: ('a' | 'b')[]; a: number | null; b: number | null }
  | { kind: 'delete'; key: number }
  | { kind: 'full' | 'incremental' }

const key = fc.integer({ min: 0, max: 5 })
const val = fc.option(fc.integer({ min: 0, max: 99 }), { nil: null, freq: 4 })
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('upsert' as const, 'replace' as const), key, cols: fc.subarray(['a', 'b'] as ('a' | 'b')[]), a: val, b: val }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('full' as const, 'incremental' as const) }) },
)

describe('change capture model', () => {
  it('restoring any backup point equals the model at that point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const h = await harness()
        try {
          h.create('/local/T', schema({ key: 'Uint32', a: 'Uint32', b: 'Uint32' }))
          await withCollection(h)
          const model = new Map<number, [Value, Value]>()
          const points: { full: string; incs: string[]; expected: Value[][] }[] = []
          let chain: { full: string; incs: string[] } | undefined
          const snapshotModel = () => [...model.entries()].sort((x, y) => x[0] - y[0]).map(([k, [a, b]]) => [k, a, b])
          for (const o of ops) {
            if (o.kind === 'upsert' || o.kind === 'replace') {
              const cols = ['key', ...o.cols]
              h[o.kind]('/local/T', [[o.key, ...o.cols.map((c) => o[c])]], cols)
              const cur = o.kind === 'upsert' ? model.get(o.key) ?? [null, null] : [null, null]
              model.set(o.key, [o.cols.includes('a') ? o.a : cur[0]!, o.cols.includes('b') ? o.b : cur[1]!])
            } else if (o.kind === 'delete') {
              h.del('/local/T', o.key)
              model.delete(o.key)
            } else if (o.kind === 'full') {
              chain = { full: await h.backupFull('C'), incs: [] }
              points.push({ ...chain, incs: [], expected: snapshotModel() })
            } else if (chain) {
              chain.incs.push(await h.backupIncremental('C'))
              points.push({ full: chain.full, incs: [...chain.incs], expected: snapshotModel() })
            }
          }
          expect(h.rows('/local/T')).toEqual(snapshotModel())
          for (const [i, p] of points.entries()) {
            await h.c.restore([{ target: `/local/r${i}`, full: `${p.full}/T`, incrementals: p.incs.map((x) => `${x}/T`) }], {})
            expect(h.rows(`/local/r${i}`)).toEqual(p.expected)
          }
        } finally {
          await h.close()
        }
      }),
      { numRuns: 40 },
    )
  })
})
