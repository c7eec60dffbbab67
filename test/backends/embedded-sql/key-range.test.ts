// Property: a WHERE on the key gives the same rows whether or not it reads a
// key range (the answer is checked against a plain filter of the data).
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readStats } from '../../../src/backends/cluster/embedded/sql/key-range.js'
import { openHarness, type Harness } from './harness.js'

let h: Harness
const data: [number, number][] = []
beforeAll(async () => {
  h = await openHarness()
  await h.run('CREATE TABLE kr (a Int32, b Uint32, v Int32, PRIMARY KEY (a, b))')
  const values: string[] = []
  for (let a = -3; a <= 3; a++) for (let b = 0; b < 6; b++) {
    data.push([a, b])
    values.push(`(${a}, ${b}, ${a * 10 + b})`)
  }
  await h.run(`UPSERT INTO kr (a, b, v) VALUES ${values.join(', ')}`)
})
afterAll(async () => { await h.close() })

const ops = ['=', '<', '<=', '>', '>='] as const
const test = (x: number, op: (typeof ops)[number], y: number): boolean =>
  op === '=' ? x === y : op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y

it('range reads agree with filtering', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ops), fc.integer({ min: -5, max: 5 }),
      fc.option(fc.tuple(fc.constantFrom(...ops), fc.integer({ min: -2, max: 8 }))),
      async (opA, va, bPart) => {
        const where = [`a ${opA} ${va}`, ...(bPart ? [`b ${bPart[0]} ${bPart[1]}`] : [])].join(' AND ')
        const expected = data
          .filter(([a, b]) => test(a, opA, va) && (!bPart || test(b, bPart[0], bPart[1])))
          .map(([a, b]) => [a, b])
        const before = readStats.fullScans
        const rows = await h.rows(`SELECT a, b FROM kr WHERE ${where}`)
        expect(rows, where).toEqual(expected)
        expect(readStats.fullScans, where).toBe(before)
      },
    ),
    { numRuns: 60 },
  )
})
