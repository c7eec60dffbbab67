import { mkdtempSync, rmSync } from 'node:fs'
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FsStorage } from '../../../src/backends/storage/fs/fs-backend.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { storageConformance } from './conformance.js'

const base = mkdtempSync(join(tmpdir(), 'yqlb-fs-'))
let n = 0
const freshDir = (): string => join(base, `root${n++}`)
afterAll(() => rmSync(base, { recursive: true, force: true }))

storageConformance('fs', () => new FsStorage(freshDir()))

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof YqlError ? e.diagnostics[0]?.code : `not a YqlError: ${String(e)}`),
  )

async function drain(src: AsyncIterable<Uint8Array>): Promise<string> {
  let s = ''
  for await (const c of src) s += Buffer.from(c).toString()
  return s
}

describe('FsStorage specifics', () => {
  it('rejects a relative root', () => {
    expect(() => new FsStorage('relative/dir')).toThrow(/absolute/)
  })

  it('has a file:// location and creates its root on the first put', async () => {
    const dir = freshDir()
    const b = new FsStorage(dir)
    expect(b.location).toBe(`file://${dir}`)
    expect(await b.stat('x')).toBeUndefined()
    const keys: string[] = []
    for await (const o of b.list('')) keys.push(o.key)
    expect(keys).toEqual([])
    await b.put('a/b/c.txt', Buffer.from('c'))
    expect(await readFile(join(dir, 'a/b/c.txt'), 'utf8')).toBe('c')
  })

  it('never follows a symlink out of the root, for reads or writes', async () => {
    const dir = freshDir()
    const outside = freshDir()
    await mkdir(dir, { recursive: true })
    await mkdir(outside, { recursive: true })
    await writeFile(join(outside, 'secret'), 'secret')
    await symlink(outside, join(dir, 'escape'))
    await symlink(join(outside, 'secret'), join(dir, 'link'))
    await symlink(join(outside, 'nowhere'), join(dir, 'dangling'))
    const b = new FsStorage(dir)
    expect(await codeOf(drain(b.get('escape/secret')))).toBe('storage/invalid-key')
    expect(await codeOf(drain(b.get('link')))).toBe('storage/invalid-key')
    expect(await codeOf(b.put('escape/new', Buffer.from('x')))).toBe('storage/invalid-key')
    expect(await codeOf(b.put('link', Buffer.from('x')))).toBe('storage/invalid-key')
    expect(await codeOf(b.put('dangling', Buffer.from('x')))).toBe('storage/invalid-key')
    expect(await codeOf(b.remove('escape/secret'))).toBe('storage/invalid-key')
    expect(await codeOf(b.removePrefix('escape/'))).toBe('storage/invalid-key')
    expect(await readdir(outside)).toEqual(['secret'])
    expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('secret')
    const keys: string[] = []
    for await (const o of b.list('')) keys.push(o.key)
    expect(keys).toEqual([])
  })

  it('follows a symlink that stays inside the root', async () => {
    const dir = freshDir()
    const b = new FsStorage(dir)
    await b.put('real/file', Buffer.from('inside'))
    await symlink(join(dir, 'real/file'), join(dir, 'alias'))
    expect(await drain(b.get('alias'))).toBe('inside')
  })

  it('hides temp files of an interrupted put from list and leaves none after a failure', async () => {
    const dir = freshDir()
    const b = new FsStorage(dir)
    await b.put('d/ok', Buffer.from('ok'))
    await writeFile(join(dir, 'd/.yqlb-tmp-crashed-abc'), 'half')
    const keys: string[] = []
    for await (const o of b.list('')) keys.push(o.key)
    expect(keys).toEqual(['d/ok'])
    await expect(
      b.put(
        'd/bad',
        (async function* () {
          yield Buffer.from('x')
          throw new Error('nope')
        })(),
      ),
    ).rejects.toThrow('nope')
    expect((await readdir(join(dir, 'd'))).sort()).toEqual(['.yqlb-tmp-crashed-abc', 'ok'])
    expect(await codeOf(b.put('d/.yqlb-tmp-x', Buffer.from('x')))).toBe('storage/invalid-key')
  })

  it('names the file in IO errors', async () => {
    const dir = freshDir()
    const b = new FsStorage(dir)
    await b.put('f', Buffer.from('file, not a dir'))
    const err = await b.put('f/child', Buffer.from('x')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(YqlError)
    expect((err as Error).message).toContain(join(dir, 'f'))
    await b.put('dir/inner', Buffer.from('x'))
    const onDir = await b.put('dir', Buffer.from('x')).catch((e: unknown) => e)
    expect((onDir as YqlError).diagnostics[0]?.code).toBe('storage/rejected')
    expect((onDir as Error).message).toBe(`cannot write ${join(dir, 'dir')}: it is a directory`)
    const missing = await drain(b.get('no/such')).catch((e: unknown) => e)
    expect((missing as Error).message).toBe(`file not found: ${join(dir, 'no/such')}`)
  })

  it('removes directories left empty by remove', async () => {
    const dir = freshDir()
    const b = new FsStorage(dir)
    await b.put('x/y/z', Buffer.from('z'))
    await b.remove('x/y/z')
    expect(await readdir(dir)).toEqual([])
  })
})
