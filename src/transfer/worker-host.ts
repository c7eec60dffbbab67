/**
 * Starts the transfer pipeline's worker threads. From the TypeScript sources
 * (tsx: the CLI, tests, benchmarks) a worker first registers tsx's loader and
 * then imports its `.ts` module; from a build it loads the `.js` file directly.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

let tsxApi: string | undefined

/** Starts the worker module `name` (a file next to this one, without extension). */
export function startTransferWorker(name: string): Worker {
  const self = import.meta.url
  if (!self.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, self))
  // the ESM build of tsx's API (its CJS build registers the hooks differently)
  tsxApi ??= pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href
  const target = new URL(`./${name}.ts`, self).href
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}) })`
  return new Worker(code, { eval: true })
}
