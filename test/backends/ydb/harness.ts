// Starts the YDB-protocol test server on 127.0.0.1, backed by the embedded
// engine (an LMDB database in a temp dir) with our parser as its YQL front
// end, and connects the YDB backend to it through the real ydb-sdk driver.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedCluster, type EmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { openYdbCluster, type YdbCluster, type YdbClusterOptions } from '../../../src/backends/cluster/ydb/ydb-cluster.js'
import { embeddedSchemeShardRunner } from '../../support/ydb-server/embedded-yql.js'
import { startYdbTestServer, type YdbTestServer, type YdbTestServerOptions } from '../../support/ydb-server/ydb-test-server.js'

export interface Harness {
  readonly server: YdbTestServer
  readonly backing: EmbeddedCluster
  readonly cluster: YdbCluster
  close(): Promise<void>
}

export const DB = '/local'

export async function openBacking(): Promise<{ backing: EmbeddedCluster; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ydb-test-server-'))
  const backing = await openEmbeddedCluster({ dataDir: dir, database: DB })
  return {
    backing,
    async dispose() {
      await backing.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function startHarness(
  serverOpts: Partial<YdbTestServerOptions> = {},
  clusterOpts: Partial<YdbClusterOptions> = {},
  serverNow?: () => Date,
): Promise<Harness> {
  const { backing, dispose } = await openBacking()
  // Table statements by the embedded engine; backup statements by a Session on it (SchemeShard's stand-in).
  const server = await startYdbTestServer({ backing, yql: embeddedSchemeShardRunner(backing, serverNow), ...serverOpts })
  const cluster = await openYdbCluster({ endpoint: server.endpoint, database: DB, env: {}, ...clusterOpts })
  return {
    server,
    backing,
    cluster,
    async close() {
      await cluster.close()
      await server.stop()
      await dispose()
    },
  }
}
