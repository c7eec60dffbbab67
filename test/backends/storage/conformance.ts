// The one storage conformance suite (house style 8.8, after restic's backend
// test Suite): every StorageBackend implementation runs exactly these tests.
// `makeBackend` returns a backend on a fresh, empty namespace (a temp dir, a
// new prefix in a bucket) each time it is called.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { StorageBackend } from '../../../src/backends/storage/storage-backend.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'

/** Knobs for one run of the suite. */
export interface ConformanceOptions {
  /** Size of the "large object" test; above the S3 part size so it goes multipart. Default 12 MiB. */
  readonly largeSize?: number
  /** Set when describe should be skipped, with the reason printed in the test name. */
  readonly skip?: string
}

export function storageConformance(
  name: string,
  makeBackend: () => Promise<StorageBackend> | StorageBackend,
  opts: ConformanceOptions = {},
): void {
  const largeSize = opts.largeSize ?? 12 * 1024 * 1024
  const title = opts.skip ? `${name} (SKIPPED: ${opts.skip})` : name
  describe.skipIf(opts.skip !== undefined)(`storage conformance: ${title}`, () => {
    const withBackend = (fn: (b: StorageBackend) => Promise<void>) => async () => {
      const b = await makeBackend()
      try {
        await fn(b)
      } finally {
        await b.close()
      }
    }

    it('put then get returns the same bytes (buffer and stream sources)', withBackend(async (b) => {
      await b.put('a/one.bin', bytes('hello world'))
      expect(text(await readAll(b.get('a/one.bin')))).toBe('hello world')
      await b.put('a/two.bin', chunks(['he', '', 'llo', ' stream']))
      expect(text(await readAll(b.get('a/two.bin')))).toBe('hello stream')
    }))

    it('stores an empty object', withBackend(async (b) => {
      await b.put('empty', new Uint8Array(0))
      expect((await readAll(b.get('empty'))).length).toBe(0)
      expect(await b.stat('empty')).toEqual({ key: 'empty', size: 0 })
    }))

    it('get of a missing key rejects with a not-found error naming the key', withBackend(async (b) => {
      const err = await readAll(b.get('missing/key.csv')).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(YqlError)
      expect(b.isNotFound(err)).toBe(true)
      expect(String((err as Error).message)).toContain('missing/key.csv')
      expect(b.isPermanent?.(err) ?? true).toBe(true)
      expect(b.isNotFound(new Error('other'))).toBe(false)
    }))

    it('stat gives the size, or undefined when absent', withBackend(async (b) => {
      await b.put('s/x', bytes('12345'))
      expect(await b.stat('s/x')).toEqual({ key: 's/x', size: 5 })
      expect(await b.stat('s/y')).toBeUndefined()
      expect(await b.stat('s')).toBeUndefined()
    }))

    it('put replaces an existing object', withBackend(async (b) => {
      await b.put('r', bytes('old old old'))
      await b.put('r', bytes('new'))
      expect(text(await readAll(b.get('r')))).toBe('new')
      expect((await b.stat('r'))?.size).toBe(3)
    }))

    it('reports written bytes through onBytes', withBackend(async (b) => {
      let n = 0
      await b.put('p/bytes', chunks(['abc', 'defg', 'h']), { onBytes: (k) => (n += k) })
      expect(n).toBe(8)
    }))

    it('list is recursive, sorted by key bytes, and filtered by prefix', withBackend(async (b) => {
      const keys = ['d/b/2', 'd/a', 'd-x', 'd/b/1', 'dx', 'e', 'd/c d/ü.csv', 'd/c d/z.csv', 'd/b/10']
      for (const k of keys) await b.put(k, bytes(k))
      const all = await listKeys(b, '')
      expect(all).toEqual(byteSorted(keys))
      expect(await listKeys(b, 'd/')).toEqual(['d/a', 'd/b/1', 'd/b/10', 'd/b/2', 'd/c d/z.csv', 'd/c d/ü.csv'])
      expect(await listKeys(b, 'd')).toEqual(byteSorted(keys.filter((k) => k.startsWith('d'))))
      expect(await listKeys(b, 'd/b/1')).toEqual(['d/b/1', 'd/b/10'])
      expect(await listKeys(b, 'd/c')).toEqual(['d/c d/z.csv', 'd/c d/ü.csv'])
      expect(await listKeys(b, 'nothing/')).toEqual([])
      const sizes = new Map<string, number>()
      for await (const o of b.list('d/b/')) sizes.set(o.key, o.size)
      expect(sizes).toEqual(new Map([['d/b/1', 5], ['d/b/10', 6], ['d/b/2', 5]]))
    }))

    it('keys with spaces and unicode round-trip through put, get, stat, list and remove', withBackend(async (b) => {
      const keys = ['dir with spaces/file name.csv', 'юникод/данные_01.csv', '日本/表 1/データ.csv', 'emoji/😀 x+y=z&a#b%20?.txt']
      for (const k of keys) await b.put(k, bytes(`v:${k}`))
      for (const k of keys) {
        expect(text(await readAll(b.get(k)))).toBe(`v:${k}`)
        expect(await b.stat(k)).toEqual({ key: k, size: Buffer.byteLength(`v:${k}`) })
      }
      expect(await listKeys(b, '')).toEqual(byteSorted(keys))
      for (const k of keys) await b.remove(k)
      expect(await listKeys(b, '')).toEqual([])
    }))

    it('remove deletes one object and ignores absent ones', withBackend(async (b) => {
      await b.put('rm/a', bytes('a'))
      await b.put('rm/b', bytes('b'))
      await b.remove('rm/a')
      await b.remove('rm/a')
      await b.remove('never/was')
      expect(await listKeys(b, '')).toEqual(['rm/b'])
    }))

    it('removePrefix deletes everything under a directory-like prefix and nothing else', withBackend(async (b) => {
      const keep = ['t-1', 'tx/a', 'u/t/1']
      const gone = ['t/a', 't/b/c', 't/b/d/e']
      for (const k of [...keep, ...gone]) await b.put(k, bytes(k))
      await b.removePrefix('t/')
      expect(await listKeys(b, '')).toEqual(byteSorted(keep))
      await b.removePrefix('absent/')
      expect(await listKeys(b, '')).toEqual(byteSorted(keep))
    }))

    it('a put whose stream fails leaves nothing and keeps the old object', withBackend(async (b) => {
      const boom = new Error('source broke')
      await expect(b.put('atomic/new', failing(['part one, ', 'part two'], boom))).rejects.toBe(boom)
      expect(await b.stat('atomic/new')).toBeUndefined()
      expect(await listKeys(b, '')).toEqual([])
      await b.put('atomic/old', bytes('original'))
      await expect(b.put('atomic/old', failing(['replacement that never completes'], boom))).rejects.toBe(boom)
      expect(text(await readAll(b.get('atomic/old')))).toBe('original')
      expect(await listKeys(b, '')).toEqual(['atomic/old'])
    }))

    it('an aborted put rejects and leaves nothing', withBackend(async (b) => {
      const ac = new AbortController()
      async function* slow(): AsyncIterable<Uint8Array> {
        yield bytes('first chunk')
        ac.abort()
        yield bytes('second chunk')
      }
      await expect(b.put('abort/x', slow(), { signal: ac.signal })).rejects.toThrow()
      expect(await b.stat('abort/x')).toBeUndefined()
      expect(await listKeys(b, '')).toEqual([])
      const pre = new AbortController()
      pre.abort()
      await expect(b.put('abort/y', bytes('y'), { signal: pre.signal })).rejects.toThrow()
      expect(await b.stat('abort/y')).toBeUndefined()
    }))

    it('an aborted multipart put leaves nothing', withBackend(async (b) => {
      const ac = new AbortController()
      const n = Math.ceil(largeSize / (1 << 20))
      async function* big(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < n; i++) {
          if (i === n - 1) ac.abort()
          yield pattern(1 << 20, i)
        }
      }
      await expect(b.put('abort/big', big(), { signal: ac.signal })).rejects.toThrow()
      expect(await b.stat('abort/big')).toBeUndefined()
      expect(await listKeys(b, '')).toEqual([])
    }))

    it(`a large object (${largeSize} bytes, odd chunk sizes) round-trips intact`, withBackend(async (b) => {
      const want = createHash('sha256')
      async function* gen(): AsyncIterable<Uint8Array> {
        let left = largeSize
        let i = 0
        while (left > 0) {
          const n = Math.min(left, 65_537 + ((i * 7919) % 300_000))
          const c = pattern(n, i++)
          want.update(c)
          left -= n
          yield c
        }
      }
      await b.put('large/data_00.csv', gen())
      expect((await b.stat('large/data_00.csv'))?.size).toBe(largeSize)
      const got = createHash('sha256')
      let size = 0
      for await (const c of b.get('large/data_00.csv')) {
        got.update(c)
        size += c.byteLength
      }
      expect(size).toBe(largeSize)
      expect(got.digest('hex')).toBe(want.digest('hex'))
    }))

    it('parallel puts of different keys all land', withBackend(async (b) => {
      const keys = Array.from({ length: 12 }, (_, i) => `par/k${String(i).padStart(2, '0')}`)
      await Promise.all(keys.map((k) => b.put(k, bytes(k.repeat(100)))))
      expect(await listKeys(b, 'par/')).toEqual(keys)
      for (const k of keys) expect(text(await readAll(b.get(k)))).toBe(k.repeat(100))
    }))

    it('rejects keys that could escape the root, in every method', withBackend(async (b) => {
      const bad = ['', '..', '../x', 'a/../../x', '/abs', '/etc/passwd', 'a//b', 'a/./b', 'a/', 'a\\b', 'nul\0byte']
      for (const k of bad) {
        await expectInvalid(b.put(k, bytes('x')), k)
        await expectInvalid(readAll(b.get(k)), k)
        await expectInvalid(b.stat(k), k)
        await expectInvalid(b.remove(k), k)
      }
      expect(await listKeys(b, '')).toEqual([])
    }))

    it('list agrees with a model of puts and removes (property)', withBackend(async (b) => {
      const seg = fc.constantFrom('a', 'b', 'a b', 'ä', 'a-', 'a.b', '1', '10')
      const key = fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'))
      const op = fc.record({ put: fc.boolean(), key })
      let round = 0
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 8 }), async (ops) => {
          // Each run gets its own prefix so runs do not see each other.
          const base = `prop${round++}/`
          const model = new Map<string, string>()
          for (const o of ops) {
            const k = base + o.key
            // A key cannot be both an object and a "directory" on a file system: skip such clashes.
            const clash = [...model.keys()].some((m) => m !== k && (m.startsWith(`${k}/`) || k.startsWith(`${m}/`)))
            if (clash) continue
            if (o.put) {
              await b.put(k, bytes(`${k}#${ops.length}`))
              model.set(k, `${k}#${ops.length}`)
            } else {
              await b.remove(k)
              model.delete(k)
            }
          }
          expect(await listKeys(b, base)).toEqual(byteSorted([...model.keys()]))
          for (const [k, v] of model) expect(text(await readAll(b.get(k)))).toBe(v)
        }),
        { numRuns: 8 },
      )
    }))
  })
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

async function* chunks(parts: string[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield bytes(p)
}

async function* failing(parts: string[], err: Error): AsyncIterable<Uint8Array> {
  for (const p of parts) yield bytes(p)
  throw err
}

/** Deterministic, non-repeating-looking bytes so misplaced parts change the hash. */
function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = (seed * 2654435761) >>> 0 || 1
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

async function readAll(src: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const c of src) parts.push(c)
  return Buffer.concat(parts)
}

async function listKeys(b: StorageBackend, prefix: string): Promise<string[]> {
  const out: string[] = []
  for await (const o of b.list(prefix)) out.push(o.key)
  return out
}

const byteSorted = (keys: string[]): string[] => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))

async function expectInvalid(p: Promise<unknown>, key: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err, `key ${JSON.stringify(key)} must be rejected`).toBeInstanceOf(YqlError)
  expect((err as YqlError).diagnostics[0]?.code).toBe('storage/invalid-key')
}
