// The cluster conformance suite on the embedded database (LMDB in a temp dir).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { clusterConformance } from './conformance.js'

clusterConformance('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-conformance-'))
  const cluster = await openEmbeddedCluster({ dataDir: dir, database: '/local' })
  return {
    cluster,
    async dispose() {
      await cluster.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
