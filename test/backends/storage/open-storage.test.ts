import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FsStorage } from '../../../src/backends/storage/fs/fs-backend.js'
import { openStorage, parseStorageUrl, redactStorageUrl } from '../../../src/backends/storage/open-storage.js'
import { S3Storage } from '../../../src/backends/storage/s3/s3-backend.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { startS3Server, type TestS3Server } from '../../support/s3-server.js'

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (e) {
    return e instanceof YqlError ? e.diagnostics[0]?.code : String(e)
  }
  return undefined
}

describe('parseStorageUrl', () => {
  it('parses file:// URLs', () => {
    expect(parseStorageUrl('file:///var/backups/c1')).toEqual({ kind: 'file', root: '/var/backups/c1' })
    expect(parseStorageUrl('file:///var/backups/with%20space/')).toEqual({ kind: 'file', root: '/var/backups/with space' })
    expect(parseStorageUrl('file://localhost/x')).toEqual({ kind: 'file', root: '/x' })
    expect(codeOf(() => parseStorageUrl('file://server/x'))).toBe('storage/invalid-url')
    expect(codeOf(() => parseStorageUrl('file:///a?x=1'))).toBe('storage/invalid-url')
  })

  it('parses s3:// URLs with the endpoint and options in the query', () => {
    expect(parseStorageUrl('s3://bkt/backups/c1?endpoint=http://127.0.0.1:9000&region=ru-central1&virtual=false')).toEqual({
      kind: 's3',
      bucket: 'bkt',
      prefix: 'backups/c1',
      endpoint: 'http://127.0.0.1:9000',
      region: 'ru-central1',
      virtualAddressing: false,
    })
    expect(parseStorageUrl('s3://bkt')).toEqual({ kind: 's3', bucket: 'bkt', prefix: '', virtualAddressing: false })
    expect(
      parseStorageUrl('s3://bkt/p/?endpoint=storage.yandexcloud.net&scheme=https&virtual=true&storage_class=STANDARD_IA&part_size=16MiB&queue_size=8&retries=3&profile=ci'),
    ).toEqual({
      kind: 's3',
      bucket: 'bkt',
      prefix: 'p',
      endpoint: 'storage.yandexcloud.net',
      scheme: 'https',
      virtualAddressing: true,
      storageClass: 'STANDARD_IA',
      partSize: 16 * 1024 * 1024,
      queueSize: 8,
      retries: 3,
      profile: 'ci',
    })
  })

  it('rejects credentials in the URL without echoing them', () => {
    for (const url of ['s3://AKID:SECRETXYZ@bkt/p', 's3://AKID@bkt/p', 'file://user:SECRETXYZ@localhost/x', 's3://bkt/p?secret_key=SECRETXYZ', 's3://bkt/p?access_key=AKID']) {
      let err: unknown
      try {
        parseStorageUrl(url)
      } catch (e) {
        err = e
      }
      expect((err as YqlError).diagnostics[0]?.code).toBe('storage/invalid-url')
      expect((err as Error).message).toContain('must not contain credentials')
      expect((err as Error).message).not.toContain('SECRETXYZ')
    }
  })

  it('rejects other schemes, unknown parameters, bad values and ".." prefixes', () => {
    for (const url of ['http://x/y', 'gs://b/p', 'not a url', 's3:///p', 's3://bkt/p?colour=red', 's3://bkt/p?virtual=maybe', 's3://bkt/p?part_size=1024', 's3://bkt/a/../b', 's3://bkt/a/%2e%2e/b', 'file:///a/../b', 's3://bkt/a//b', 's3://bkt:90/p', 's3://bkt/p?scheme=ftp'])
      expect(codeOf(() => parseStorageUrl(url)), url).toBe('storage/invalid-url')
  })

  it('redacts user info and secret query values', () => {
    expect(redactStorageUrl('s3://AK:SK@bkt/p?endpoint=http://h:1&secret_key=SK&region=r')).toBe('s3://***@bkt/p?endpoint=http://h:1&secret_key=***&region=r')
  })
})

describe('openStorage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yqlb-open-'))
  let srv: TestS3Server
  beforeAll(async () => {
    srv = await startS3Server({ kind: 'fauxqs' })
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await srv?.close()
  })

  it('opens a file:// URL as FsStorage', async () => {
    const b = await openStorage(`file://${dir}/c1`)
    expect(b).toBeInstanceOf(FsStorage)
    expect(b.location).toBe(`file://${dir}/c1`)
    await b.put('x', Buffer.from('x'))
    expect((await b.stat('x'))?.size).toBe(1)
  })

  it('opens an s3:// URL with credentials from the given environment', async () => {
    const url = `s3://${srv.bucket}/open/test?endpoint=${srv.endpoint}`
    const b = await openStorage(url, { env: { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' }, retries: 2 })
    expect(b).toBeInstanceOf(S3Storage)
    expect(b.location).toBe(`s3://${srv.bucket}/open/test`)
    expect((b as S3Storage).retryPolicy.retries).toBe(2)
    await b.put('k/v', Buffer.from('value'))
    const keys: string[] = []
    for await (const o of b.list('')) keys.push(o.key)
    expect(keys).toEqual(['k/v'])
    await b.close()
  })

  it('fails with storage/credentials when no credentials are available', async () => {
    const err = await openStorage(`s3://${srv.bucket}/p?endpoint=${srv.endpoint}`, { env: { HOME: join(dir, 'no-home') } }).catch((e: unknown) => e)
    expect((err as YqlError).diagnostics[0]?.code).toBe('storage/credentials')
  })

  it('takes --access-key/--secret-key values', async () => {
    const b = await openStorage(`s3://${srv.bucket}/p?endpoint=${srv.endpoint}`, { env: {}, accessKey: 'a', secretKey: 'b' })
    await b.put('cli', Buffer.from('ok'))
    expect((await b.stat('cli'))?.size).toBe(2)
    await b.close()
  })
})
