// export s3 / import s3 through the CLI, over HTTP to an S3 emulator started here.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Server, type TestS3Server } from '../support/s3-server.js'
import { cli } from './support/cli-harness.js'

let srv: TestS3Server
beforeAll(async () => {
  srv = await startS3Server({ kind: 'fauxqs' })
})
afterAll(async () => srv?.close())

describe('export s3 / import s3', () => {
  it('exports with compression and encryption, lists, imports, and records operations', async () => {
    const work = mkdtempSync(join(tmpdir(), 'yql-s3-'))
    const dataDir = join(work, 'db')
    const keyFile = join(work, 'key')
    writeFileSync(keyFile, randomBytes(32))
    const run = (...argv: string[]) => cli(['--data-dir', dataDir, ...argv])
    const s3 = ['--s3-endpoint', srv.endpoint, '--bucket', srv.bucket, '--access-key', srv.accessKey, '--secret-key', srv.secretKey, '--use-virtual-addressing', 'false']
    expect(
      (await run('sql', '-q', '-s', "CREATE TABLE `shop/orders` (id Uint64 NOT NULL, note Utf8, PRIMARY KEY (id)); UPSERT INTO `shop/orders` (id, note) VALUES (1, 'a'), (2, NULL);"))
        .code,
    ).toBe(0)

    const prefix = `cli-${Date.now()}`
    const exp = await run('export', 's3', ...s3, '--root-path', 'shop', '--destination-prefix', prefix, '--compression', 'zstd-3',
      '--encryption-algorithm', 'AES-256-GCM', '--encryption-key-file', keyFile, '--format', 'proto-json-base64')
    expect(exp.stderr).toBe('')
    expect(exp.code).toBe(0)
    expect(JSON.parse(exp.stdout).operations[0]).toMatchObject({ status: 'SUCCESS', ready: true, kind: 'export/s3' })

    const list = await run('import', 's3', ...s3, '--source-prefix', prefix, '--encryption-key-file', keyFile, '--list')
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/│ [^│]+ │ orders +│/)

    const noKey = await run('import', 's3', ...s3, '--source-prefix', prefix, '--destination-path', 'copy')
    expect(noKey.code).toBe(1)
    expect(noKey.stderr).toContain('No encryption key provided')

    const imp = await run('import', 's3', ...s3, '--source-prefix', prefix, '--destination-path', 'copy', '--encryption-key-file', keyFile)
    expect(imp.code).toBe(0)
    expect((await run('sql', '--format', 'csv', '-s', 'SELECT id, note FROM `copy/orders` ORDER BY id;')).stdout).toBe('id,note\n1,a\n2,\n')

    const again = await run('import', 's3', ...s3, '--source-prefix', prefix, '--destination-path', 'copy', '--encryption-key-file', keyFile)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('Path already exists: /local/copy/orders')

    const ops = JSON.parse((await run('operation', 'list', 'import/s3', '--format', 'proto-json-base64')).stdout).operations
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['SUCCESS']) // refused imports fail their checks before an operation starts
  })
})
