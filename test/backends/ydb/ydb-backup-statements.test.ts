// Server-side backup statements: BACKUP/RESTORE text goes to YDB once, its
// operation ids come from the Operation service, and a lost answer is resolved
// by looking the operation up, never by sending the statement again. The test
// server's runner stands in for YDB's SchemeShard: it records an `incbackup`
// operation for each BACKUP it receives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BackendErrorCode } from '../../../src/backends/cluster/cluster-backend.js'
import { YdbErrorCode } from '../../../src/backends/cluster/ydb/ydb-errors.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { StatusIds_StatusCode } from '@ydbjs/api/operation'
import { StatusError } from '../../support/ydb-server/ydb-test-server.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness
let n = 0
let mode: 'ok' | 'lose-answer' | 'disabled' = 'ok'

beforeAll(async () => {
  h = await startHarness({
    yql: async (text) => {
      if (!/^BACKUP /.test(text)) throw new StatusError(StatusIds_StatusCode.BAD_REQUEST, 'unexpected')
      if (mode === 'disabled') throw new StatusError(StatusIds_StatusCode.PRECONDITION_FAILED, 'Incremental backup is disabled on this collection')
      await h.backing.operations.put({ id: `ydb://incbackup/1?id=${++n}`, kind: 'incbackup', status: 'SUCCESS', ready: true, createdAt: Date.now(), subject: text })
      if (mode === 'lose-answer') throw new StatusError(StatusIds_StatusCode.UNAVAILABLE, 'connection lost')
      return { resultSets: [] }
    },
  })
})

afterAll(async () => {
  await h?.close()
})

const schemeCalls = () => h.server.calls.filter((c) => c === 'Table/ExecuteSchemeQuery').length

describe('executeBackupStatement', () => {
  it('returns the operation the statement started', async () => {
    h.server.calls.length = 0
    const r = await h.cluster.executeBackupStatement('BACKUP `daily`;', 'incbackup')
    expect(r).toEqual({ operationIds: ['ydb://incbackup/1?id=1'], uncertain: false })
    expect(schemeCalls()).toBe(1)
  })

  it('finds the operation instead of resending when the answer is lost', async () => {
    mode = 'lose-answer'
    h.server.calls.length = 0
    try {
      const r = await h.cluster.executeBackupStatement('BACKUP `daily` INCREMENTAL;', 'incbackup')
      expect(r).toEqual({ operationIds: ['ydb://incbackup/1?id=2'], uncertain: true })
      expect(schemeCalls()).toBe(1)
    } finally {
      mode = 'ok'
    }
  })

  it('reports a failure before the start without retrying', async () => {
    h.server.calls.length = 0
    h.server.failNext('Table/ExecuteSchemeQuery', 'UNAVAILABLE', 1)
    const err = await h.cluster.executeBackupStatement('BACKUP `daily`;', 'incbackup').then(() => undefined, (e: unknown) => e as YqlError)
    expect(err?.diagnostics[0]?.code).toBe(YdbErrorCode.Unavailable)
    expect(err?.message).toMatch(/not retried: no incbackup operation was found/)
    expect(schemeCalls()).toBe(1)
    expect(await h.cluster.operations.list('incbackup')).toHaveLength(2)
  })

  it("passes YDB's own refusal through unchanged", async () => {
    mode = 'disabled'
    try {
      const err = await h.cluster.executeBackupStatement('BACKUP `c` INCREMENTAL;', 'incbackup').then(() => undefined, (e: unknown) => e as YqlError)
      expect(err?.diagnostics[0]?.code).toBe(BackendErrorCode.PreconditionFailed)
      expect(err?.message).toBe('Incremental backup is disabled on this collection')
    } finally {
      mode = 'ok'
    }
  })
})
