// The script reader's worker thread (readStatements with `worker`): the same
// statements, at the same lines and columns, as the in-thread reader; bulk
// statements arrive prescanned; and a script run through it leaves the same
// tables and prints the same errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../src/exec/session.js'
import { runStatements } from '../../src/frontends/runner.js'
import { readStatements, ScriptFile, type ScriptStatement } from '../../src/frontends/script-reader.js'
import { SourceText } from '../../src/source/source-text.js'

const dir = mkdtempSync(join(tmpdir(), 'yqlb-script-worker-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function script(): string {
  const parts = [
    '\ufeff-- a load script\nCREATE TABLE t (id Uint64 NOT NULL, name Utf8, qty Int32, price Double, at Timestamp, note String, PRIMARY KEY (id));\n',
  ]
  for (let s = 0; s < 30; s++) {
    const rows: string[] = []
    for (let i = s * 50; i < s * 50 + 50; i++) {
      rows.push(`(${i}, 'customer_${i % 7}'u, ${i % 1000}, ${(i % 1000) / 100}, CAST(${1_700_000_000_000_000 + i} AS Timestamp), 'note; with -- no comment ${i}')`)
    }
    parts.push(`UPSERT INTO t (id, name, qty, price, at, note) VALUES\n${rows.join(',\n')};\n`)
    if (s % 7 === 3) parts.push(`/* a ; comment */ UPSERT INTO t (id, note) VALUES (${s}, "é ${s}"), (${s + 1}, '\\x41'); -- tail\n`)
    if (s % 9 === 4) parts.push(`UPSERT INTO t (id, qty) VALUES (${s}, 1 + ${s});  SELECT COUNT(*) AS n FROM t;\n`)
  }
  parts.push('INSERT INTO t (id, name) VALUES (1, \'dup\'u);\nSELECT id, name, note FROM t WHERE id < 3 ORDER BY id') // no final ';'
  return parts.join('')
}

async function collect(path: string, worker: boolean): Promise<ScriptStatement[]> {
  const out: ScriptStatement[] = []
  for await (const st of readStatements(new ScriptFile(path), undefined, { worker })) out.push(st)
  return out
}

async function run(path: string, worker: boolean): Promise<{ stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(dir, 'db-'))
  const session = new Session({ cluster: await openEmbeddedCluster({ dataDir }) })
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d: Buffer) => (out += d.toString()))
  stderr.on('data', (d: Buffer) => (err += d.toString()))
  try {
    await runStatements(session, readStatements(new ScriptFile(path), undefined, { worker }), path, { stdout, stderr }, { format: 'csv', keepGoing: true })
    for await (const r of session.run(new SourceText('SELECT * FROM t ORDER BY id;'))) {
      if (r.kind === 'ResultSets') out += JSON.stringify(r.resultSets, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v))
    }
  } finally {
    await session.close()
  }
  return { stdout: out, stderr: err }
}

describe('script reader worker', () => {
  const path = join(dir, 'load.yql')
  writeFileSync(path, script())

  it('cuts the same statements at the same positions, and prescans the bulk ones', async () => {
    const plain = await collect(path, false)
    const viaWorker = await collect(path, true)
    expect(viaWorker.map(({ prescanned: _p, ...s }) => s)).toEqual(plain)
    expect(plain.every((s) => s.prescanned === undefined)).toBe(true)
    // The 30 loads and the INSERT came prescanned; not the rest (strings with escapes or
    // double quotes are left to the writer's own scan, like CREATE, SELECT and `1 + s`).
    expect(viaWorker.filter((s) => s.prescanned).length).toBe(31)
    for (const s of viaWorker.filter((x) => !x.prescanned)) expect(s.text).toMatch(/^(-- a load script\nCREATE|SELECT|\/\*)|\+/)
  })

  it('runs a script to the same tables, output and errors', async () => {
    const a = await run(path, false)
    const b = await run(path, true)
    expect(b).toEqual(a)
    expect(a.stderr).toContain('Conflict with existing key')
    expect(a.stdout).toContain('customer_0')
  })

  it('reports a missing file as the stream does', async () => {
    await expect(collect(join(dir, 'missing.yql'), true)).rejects.toThrow(/ENOENT/)
  })
})
