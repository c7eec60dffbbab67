// `export s3` / `import s3` through YDB's Export and Import services: the
// request the backend sends (decoded by the test server with @ydbjs/api), the
// operation id it gets back, and progress read through the Operation service.
// The test server moves no data; the transfer itself is YDB's.
import { ExportToS3Settings_Scheme } from '@ydbjs/api/export'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { YdbErrorCode } from '../../../src/backends/cluster/ydb/ydb-errors.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})

afterAll(async () => {
  await h?.close()
})

const s3 = { endpoint: '127.0.0.1:9000', scheme: 'http' as const, bucket: 'backups', accessKey: 'AK', secretKey: 'SK', disableVirtualAddressing: true }

describe('server-side export and import', () => {
  it('starts an export and reads its progress by operation id', async () => {
    const id = await h.cluster.exportToS3({ ...s3, items: [{ path: '/local/.backups/collections/c/20250821141425Z_full', prefix: 'c/full' }], compression: 'zstd-3' })
    expect(id).toMatch(/^ydb:\/\/export\/6\?id=\d+&kind=s3$/)
    const req = h.server.transfers.at(-1)!
    expect(req.settings).toMatchObject({
      endpoint: '127.0.0.1:9000', bucket: 'backups', accessKey: 'AK', secretKey: 'SK', disableVirtualAddressing: true,
      scheme: ExportToS3Settings_Scheme.HTTP, compression: 'zstd-3',
      items: [{ sourcePath: '/local/.backups/collections/c/20250821141425Z_full', destinationPrefix: 'c/full' }],
    })
    expect(await h.cluster.operations.get(id)).toMatchObject({ id, kind: 'export/s3', status: 'PROGRESS', ready: false })
    expect((await h.cluster.operations.list('export/s3')).map((o) => o.id)).toContain(id)
  })

  it('starts an import', async () => {
    const id = await h.cluster.importFromS3({ ...s3, items: [{ prefix: 'c/full', path: '/local/.backups/collections/c2/20250821141425Z_full' }] })
    expect(id).toMatch(/^ydb:\/\/import\/7\?id=\d+&kind=s3$/)
    expect(h.server.transfers.at(-1)!.settings?.items).toMatchObject([{ Source: { case: 'sourcePrefix', value: 'c/full' }, destinationPath: '/local/.backups/collections/c2/20250821141425Z_full' }])
    expect((await h.cluster.operations.list('import/s3')).map((o) => o.kind)).toEqual(['import/s3'])
  })

  it('is never retried', async () => {
    h.server.calls.length = 0
    h.server.failNext('Export/ExportToS3', 'UNAVAILABLE', 1)
    const err = await h.cluster.exportToS3({ ...s3, items: [] }).then(() => undefined, (e: unknown) => e as YqlError)
    expect(err?.diagnostics[0]?.code).toBe(YdbErrorCode.Unavailable)
    expect(h.server.calls.filter((c) => c === 'Export/ExportToS3')).toHaveLength(1)
  })
})
