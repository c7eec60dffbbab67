// Starts the transfer pipeline's worker threads (dump-worker, restore-worker).
import type { Worker } from 'node:worker_threads'
import { startModuleWorker } from '../workers/start-worker.js'

/** Starts the worker module `name` (a file next to this one, without extension). */
export function startTransferWorker(name: string): Worker {
  return startModuleWorker(import.meta.url, name)
}
