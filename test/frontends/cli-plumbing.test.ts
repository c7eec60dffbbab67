import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './support/cli-harness.js'
import { fakeDeps } from './support/fake-core.js'

const dir = mkdtempSync(join(tmpdir(), 'yql-cli-'))
const file = (name: string, text: string): string => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('CLI plumbing (on a stand-in core)', () => {
  it('sql -s runs each statement and prints result sets to stdout', async () => {
    const log: string[] = []
    const r = await cli(['sql', '-s', 'SELECT 1; SELECT 9223372036854775807;', '--format', 'json-unicode'], { deps: fakeDeps(log) })
    expect(r).toMatchObject({ code: 0, stdout: '{"n":1}\n{"n":9223372036854775807}\n' })
    expect(log).toEqual(['SELECT 1;', 'SELECT 9223372036854775807;'])
  })

  it('stops at the first failing statement with exit code 1 and a positioned diagnostic', async () => {
    const log: string[] = []
    const p = file('stop.yql', 'SELECT 1;\n\n  CREATE FAIL;\nSELECT 2;\n')
    const r = await cli(['sql', '-f', p], { deps: fakeDeps(log) })
    expect(r.code).toBe(1)
    expect(log).toEqual(['SELECT 1;', 'CREATE FAIL;'])
    expect(r.stderr).toBe(`${p}:3:10: error: statement failed\n  CREATE FAIL;\n         ^^^^\n`)
  })

  it('--keep-going runs the rest and still exits 1', async () => {
    const log: string[] = []
    const r = await cli(['sql', '--keep-going', '-s', 'FAIL; SELECT 2;'], { deps: fakeDeps(log) })
    expect(r.code).toBe(1)
    expect(log).toHaveLength(2)
    expect(r.stdout).toContain('│ 2 │')
  })

  it('sql -f - reads stdin, and no command with piped stdin runs it as a script', async () => {
    const a = await cli(['sql', '-f', '-', '--format', 'csv'], { stdin: 'SELECT 3;', deps: fakeDeps() })
    expect(a).toMatchObject({ code: 0, stdout: 'n\n3\n' })
    const b = await cli(['--format', 'tsv'], { stdin: 'SELECT 4;\nSELECT 5', deps: fakeDeps() })
    expect(b).toMatchObject({ code: 0, stdout: 'n\n4\nn\n5\n' })
  })

  it('usage errors exit 2', async () => {
    for (const argv of [
      ['sql'],
      ['sql', '-s', 'x', '-f', 'y'],
      ['sql', '-f', join(dir, 'missing.yql')],
      ['sql', '-s', 'SELECT 1', '--format', 'xml'],
      ['frobnicate'],
      ['--no-such-option'],
      ['check'],
      ['operation', 'list', 'nonsense'],
    ]) {
      const r = await cli(argv, { deps: fakeDeps() })
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 })
      expect(r.stderr).not.toBe('')
    }
  })

  it('--help and --version exit 0', async () => {
    const h = await cli(['--help'], { deps: fakeDeps() })
    expect(h.code).toBe(0)
    for (const word of ['sql', 'check', 'scheme', 'operation', '--endpoint', '--database', '--data-dir']) expect(h.stdout).toContain(word)
    expect((await cli(['sql', '--help'], { deps: fakeDeps() })).stdout).toContain('--keep-going')
    expect((await cli(['--version'], { deps: fakeDeps() })).code).toBe(0)
  })

  it('check prints every diagnostic with its file position and exits 1 on errors', async () => {
    const bad = file('bad.yql', 'SELECT 1;\nSELECT BAD;\n-- BAD in a comment is still seen by this stand-in\n')
    const good = file('good.yql', 'SELECT 1;\n')
    const r = await cli(['check', good, bad], { deps: fakeDeps() })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${bad}:2:8: error: bad word\nSELECT BAD;\n       ^^^`)
    expect((await cli(['check', good], { deps: fakeDeps() })).code).toBe(0)
  })

  it('a malformed endpoint is reported by the YDB backend, exit 1', async () => {
    const r = await cli(['-e', 'localhost', 'sql', '-s', 'SELECT 1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Invalid YDB endpoint localhost: expected grpc://host:port or grpcs://host:port')
  })
})
