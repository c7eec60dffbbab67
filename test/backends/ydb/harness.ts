// Starts the YDB-protocol test server on 127.0.0.1 and connects the YDB
// backend to it through the real ydb-sdk driver.
import { openYdbCluster, type YdbCluster, type YdbClusterOptions } from '../../../src/backends/cluster/ydb/ydb-cluster.js'
import { MemoryBacking } from '../../support/ydb-server/memory-backing.js'
import { startYdbTestServer, type YdbTestServer, type YdbTestServerOptions } from '../../support/ydb-server/ydb-test-server.js'

export interface Harness {
  readonly server: YdbTestServer
  readonly backing: MemoryBacking
  readonly cluster: YdbCluster
  close(): Promise<void>
}

export const DB = '/local'

export async function startHarness(
  serverOpts: Partial<YdbTestServerOptions> = {},
  clusterOpts: Partial<YdbClusterOptions> = {},
): Promise<Harness> {
  const backing = new MemoryBacking(DB)
  const server = await startYdbTestServer({ backing, ...serverOpts })
  const cluster = await openYdbCluster({ endpoint: server.endpoint, database: DB, env: {}, ...clusterOpts })
  return {
    server,
    backing,
    cluster,
    async close() {
      await cluster.close()
      await server.stop()
    },
  }
}
