/**
 * Starts the transfer pipeline's worker threads.
 *
 * From a build, a worker loads its `.js` file. From the TypeScript sources
 * (the CLI, tests and benchmarks run through tsx) a worker that registers
 * tsx itself costs ~0.3 CPU-s to start (a loader thread, every module
 * compiled again), so the worker module is bundled once with esbuild (tsx's
 * own compiler) into node_modules/.cache/yql-backup/, keyed by the sources'
 * sizes and times, and started as plain JavaScript (~40 ms). If esbuild
 * cannot be loaded, the worker registers tsx after all.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

const bundles = new Map<string, string>()
/** Bundles of older sources are removed once this old (a process that still uses one rebuilds it). */
const STALE_MS = 3600_000

/** The sources' fingerprint: every .ts file's path, size and mtime under src/. */
function fingerprint(srcRoot: string): string {
  const h = createHash('sha256')
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts')) {
        const s = statSync(p)
        h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`)
      }
    }
  }
  walk(srcRoot)
  return h.digest('hex').slice(0, 16)
}

/** The bundled worker's file URL, or undefined when it cannot be made. */
function bundled(name: string, entry: string): string | undefined {
  const cached = bundles.get(name)
  if (cached && existsSync(fileURLToPath(cached))) return cached
  try {
    const srcRoot = dirname(dirname(entry)) // src/
    const root = dirname(srcRoot)
    const require = createRequire(pathToFileURL(entry))
    const cacheDir = join(root, 'node_modules', '.cache', 'yql-backup')
    const out = join(cacheDir, `${name}-${fingerprint(srcRoot)}.mjs`)
    if (!existsSync(out)) {
      const esbuild = require('esbuild') as typeof import('esbuild')
      const r = esbuild.buildSync({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        write: false,
        logLevel: 'silent',
      })
      mkdirSync(cacheDir, { recursive: true })
      const tmp = `${out}.${process.pid}.tmp`
      writeFileSync(tmp, r.outputFiles[0]!.contents)
      renameSync(tmp, out) // atomic: concurrent processes write the same bytes
      for (const f of readdirSync(cacheDir))
        if (f.startsWith(`${name}-`) && join(cacheDir, f) !== out) {
          const at = join(cacheDir, f)
          if (Date.now() - statSync(at).mtimeMs > STALE_MS) rmSync(at, { force: true })
        }
    }
    const url = pathToFileURL(out).href
    bundles.set(name, url)
    return url
  } catch {
    return undefined
  }
}

let tsxApi: string | undefined

/** Starts the worker module `name` (a file next to this one, without extension). */
export function startTransferWorker(name: string): Worker {
  const self = import.meta.url
  if (!self.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, self))
  const entry = fileURLToPath(new URL(`./${name}.ts`, self))
  const url = bundled(name, entry)
  if (url) return new Worker(new URL(url))
  // the ESM build of tsx's API (its CJS build registers the hooks differently)
  tsxApi ??= pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}) })`
  return new Worker(code, { eval: true })
}
