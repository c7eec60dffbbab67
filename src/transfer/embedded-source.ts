/**
 * The embedded engine as a dump source: its snapshot with the commit counter
 * the parallel dump needs (the ClusterBackend's Snapshot does not expose it).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { BackendErrorCode, type ClusterBackend, type Snapshot } from '../backends/cluster/cluster-backend.js'
import type { EmbeddedDb, HeldSnapshot } from '../backends/cluster/embedded/database.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import type { Row } from '../types/value.js'

/** The engine of an embedded cluster, undefined for any other backend. */
export function embeddedEngine(cluster: ClusterBackend): EmbeddedDb | undefined {
  if (cluster.kind !== 'embedded') return undefined
  const engine = (cluster as { engine?: EmbeddedDb }).engine
  return engine && typeof engine.hold === 'function' && typeof engine.directory === 'string' ? engine : undefined
}

/** A Snapshot over a held read transaction (what EmbeddedCluster.snapshot() does), keeping the handle. */
export function heldSnapshot(engine: EmbeddedDb): Snapshot & { readonly held: HeldSnapshot } {
  const held = engine.hold()
  return {
    held,
    describeTable: (path) => held.tx.resolveTable(path)?.schema,
    release: () => held.release(),
    readTable: (path, opts) => readBatches(held, path, opts),
  }
}

async function* readBatches(held: HeldSnapshot, path: string, opts?: { signal?: AbortSignal; batchRows?: number }): AsyncIterable<readonly Row[]> {
  const t = held.tx.requireTable(path)
  const size = Math.max(1, opts?.batchRows ?? 1000)
  let after: Buffer | undefined
  for (;;) {
    if (opts?.signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'Operation cancelled')
    const { rows, last } = held.tx.scanChunk(t, after, size)
    if (rows.length === 0) return
    yield rows
    after = last
    await yieldToLoop()
  }
}
