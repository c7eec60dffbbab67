/**
 * Starts a worker thread from a module that sits next to the caller.
 *
 * From a build, the worker loads the module's `.js` file. From the TypeScript
 * sources (the CLI, tests and benchmarks run through tsx) a worker that
 * registers tsx itself costs ~0.3 CPU-s to start (a loader thread, every
 * module compiled again), so the module is bundled once with esbuild (tsx's own
 * compiler) into node_modules/.cache/yql-backup/, keyed by the sources' paths,
 * sizes and times, and started as plain JavaScript (~40 ms). If esbuild cannot
 * be loaded (or the cache cannot be written), the worker registers tsx after all.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/** src/, whose .ts files make the bundles' fingerprint. */
const SRC_ROOT = dirname(dirname(fileURLToPath(import.meta.url)))
/** Bundles of older sources are removed once this old (a process that still uses one rebuilds it). */
const STALE_MS = 3600_000
const bundles = new Map<string, string>()
let tsxApi: string | undefined

/** Every .ts file's path, size and mtime under src/. */
function fingerprint(): string {
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
  walk(SRC_ROOT)
  return h.digest('hex').slice(0, 16)
}

/** The bundled module's file URL, or undefined when it cannot be made. */
function bundled(name: string, entry: string): string | undefined {
  const cached = bundles.get(entry)
  if (cached && existsSync(fileURLToPath(cached))) return cached
  try {
    const cacheDir = join(dirname(SRC_ROOT), 'node_modules', '.cache', 'yql-backup')
    const out = join(cacheDir, `${name}-${fingerprint()}.mjs`)
    if (!existsSync(out)) {
      const esbuild = createRequire(pathToFileURL(entry))('esbuild') as typeof import('esbuild')
      const r = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent' })
      mkdirSync(cacheDir, { recursive: true })
      const tmp = `${out}.${process.pid}.tmp`
      writeFileSync(tmp, r.outputFiles[0]!.contents)
      renameSync(tmp, out) // atomic: concurrent processes write the same bytes
      for (const f of readdirSync(cacheDir)) {
        const at = join(cacheDir, f)
        try {
          if (f.startsWith(`${name}-`) && at !== out && Date.now() - statSync(at).mtimeMs > STALE_MS) rmSync(at, { force: true })
        } catch {
          // another process removed it first
        }
      }
    }
    const url = pathToFileURL(out).href
    bundles.set(entry, url)
    return url
  } catch {
    return undefined
  }
}

/**
 * The process's Node flags without the ones that load tsx (`--import tsx`,
 * as the benchmarks and tests run): a worker inherits them, and loading tsx
 * into a worker that runs plain JavaScript costs ~50 ms of its start.
 */
function execArgvWithoutTsx(): string[] {
  const out: string[] = []
  const argv = process.execArgv
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const loader = /^--(import|require|loader|experimental-loader)(=|$)/.exec(a)
    const value = loader ? (loader[2] === '=' ? a.slice(a.indexOf('=') + 1) : argv[i + 1]) : undefined
    if (value !== undefined && /(^|[/\\])tsx([/\\]|$)/.test(value)) {
      if (loader![2] !== '=') i++
      continue
    }
    out.push(a)
  }
  return out
}

/**
 * Starts the worker module `name` (a file next to `base`, without extension);
 * `base` is the caller's `import.meta.url`.
 */
export function startModuleWorker(base: string, name: string, workerData?: unknown): Worker {
  const opts = workerData === undefined ? {} : { workerData }
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), opts)
  const entry = fileURLToPath(new URL(`./${name}.ts`, base))
  const url = bundled(name, entry)
  if (url) return new Worker(new URL(url), { ...opts, execArgv: execArgvWithoutTsx() })
  // the ESM build of tsx's API (its CJS build registers the hooks differently)
  tsxApi ??= pathToFileURL(createRequire(base).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}) })`
  return new Worker(code, { eval: true, ...opts })
}
