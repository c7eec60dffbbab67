// The cluster conformance suite on the YDB backend: the real ydb-sdk 5.11
// driver (openYdbCluster) against the YDB-protocol test server on 127.0.0.1,
// whose database is an embedded one in a temp dir.
import { startHarness } from '../ydb/harness.js'
import { clusterConformance } from './conformance.js'

clusterConformance('ydb (ydb-sdk → YDB-protocol test server)', async () => {
  const h = await startHarness()
  return {
    cluster: h.cluster,
    settle: () => h.cluster.whenReleased(),
    dispose: () => h.close(),
  }
})
