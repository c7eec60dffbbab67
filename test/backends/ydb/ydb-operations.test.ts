// The YDB backend's OperationStore: YDB's Operation service (GetOperation,
// ListOperations by kind with paging, ForgetOperation) through ydb-sdk-proto
// stubs with the driver's credentials; client-side records stay in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OperationRecord } from '../../../src/backends/cluster/cluster-backend.js'
import { operationKindOf } from '../../../src/backends/cluster/ydb/ydb-operations.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness

const rec = (id: string, kind: string, status: OperationRecord['status']): OperationRecord => ({
  id, kind, status, ready: status !== 'PROGRESS', createdAt: 1, subject: '/local/.backups/collections/c',
  ...(status === 'ERROR' ? { issues: ['Last continuous backup stream is not found'] } : {}),
})

beforeAll(async () => {
  h = await startHarness({ auth: { tokens: ['tok'] } }, { token: 'tok' })
  await h.backing.operations.put(rec('ydb://incbackup/1?id=10', 'incbackup', 'SUCCESS'))
  await h.backing.operations.put(rec('ydb://incbackup/1?id=11', 'incbackup', 'ERROR'))
  await h.backing.operations.put(rec('ydb://restore/2?id=12', 'restore', 'PROGRESS'))
  for (let i = 0; i < 150; i++) await h.backing.operations.put(rec(`ydb://export/6?id=${100 + i}&kind=s3`, 'export/s3', 'SUCCESS'))
})

afterAll(async () => {
  await h?.close()
})

describe('YdbOperationStore', () => {
  it('parses the kind out of YDB operation ids', () => {
    expect(operationKindOf('ydb://export/6?id=281474976788395&kind=s3')).toBe('export/s3')
    expect(operationKindOf('ydb://incbackup/7?id=5')).toBe('incbackup')
    expect(operationKindOf('nonsense')).toBe('unknown')
  })

  it('lists one kind, with statuses as YDB shows them', async () => {
    const ops = await h.cluster.operations.list('incbackup')
    expect(ops.map((o) => [o.id, o.status, o.ready])).toEqual([
      ['ydb://incbackup/1?id=10', 'SUCCESS', true],
      ['ydb://incbackup/1?id=11', 'ERROR', true],
    ])
    expect(ops[1]!.issues).toEqual(['Last continuous backup stream is not found'])
    expect((await h.cluster.operations.list('restore'))[0]).toMatchObject({ status: 'PROGRESS', ready: false })
  })

  it('follows page tokens', async () => {
    h.server.calls.length = 0
    expect(await h.cluster.operations.list('export/s3')).toHaveLength(150)
    expect(h.server.calls.filter((c) => c === 'Operation/ListOperations')).toHaveLength(2)
  })

  it('lists every backup kind when none is given, plus this process’s client-side records', async () => {
    await h.cluster.operations.put(rec('dump-1', 'dump', 'SUCCESS'))
    const all = await h.cluster.operations.list()
    expect(all).toHaveLength(154)
    expect(all[0]!.id).toBe('dump-1')
    expect(await h.cluster.operations.get('dump-1')).toMatchObject({ kind: 'dump' })
  })

  it('gets and forgets server operations', async () => {
    expect(await h.cluster.operations.get('ydb://restore/2?id=12')).toMatchObject({ kind: 'restore', status: 'PROGRESS' })
    expect(await h.cluster.operations.get('ydb://restore/2?id=999')).toBeUndefined()
    expect(await h.cluster.operations.forget('ydb://incbackup/1?id=10')).toBe(true)
    expect(await h.cluster.operations.forget('ydb://incbackup/1?id=10')).toBe(false)
    expect(await h.cluster.operations.get('ydb://incbackup/1?id=10')).toBeUndefined()
    expect(String(h.server.lastMetadata()?.get('x-ydb-auth-ticket')[0])).toBe('tok')
  })
})
