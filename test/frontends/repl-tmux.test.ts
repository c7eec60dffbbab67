// The REPL in a real pseudo-terminal (tmux), typed as a person would.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hasTmux, TmuxSession } from './support/tmux.js'

const root = resolve(import.meta.dirname, '../..')
const tsx = join(root, 'node_modules/.bin/tsx')
const count = (s: string, sub: string): number => s.split(sub).length - 1

let sessions: TmuxSession[] = []
afterEach((ctx) => {
  // On failure, show what the terminal looked like.
  if (ctx.task.result?.state === 'fail') for (const s of sessions) console.error(`--- ${s.name} screen:\n${s.screen()}`)
  for (const s of sessions) s.kill()
  sessions = []
})

const start = (histFile: string): TmuxSession => {
  const s = new TmuxSession(`${tsx} ${join(root, 'test/frontends/support/fake-repl-main.ts')}`, { YQL_BACKUP_HISTORY: histFile, NO_COLOR: '1' })
  sessions.push(s)
  return s
}

describe.skipIf(!hasTmux)('REPL in a terminal (stand-in core)', () => {
  it('reads multi-line entries until ;, completes, switches format, cancels with Ctrl-C, keeps history', async () => {
    const hist = join(mkdtempSync(join(tmpdir(), 'yql-repl-')), 'history')
    const t = start(hist)
    await t.waitFor((s) => count(s, 'yql>') === 1)

    // a statement over two lines
    t.type('SELECT', 'Enter')
    await t.waitFor(/\.\.\.>\s*$/m)
    t.type('41;', 'Enter')
    let s = await t.waitFor((x) => count(x, 'yql>') === 2)
    expect(s).toContain('│ 41 │')

    // tab completion of a keyword and of a table name
    t.type('sel', 'Tab')
    await t.waitFor(/yql> select$/m)
    t.type(' 5 from cust', 'Tab')
    await t.waitFor(/yql> select 5 from customers\s*$/m)
    t.type(';', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 3)
    expect(s).toContain('│ 5 │')

    // meta-commands
    t.type('\\format json-unicode', 'Enter')
    await t.waitFor((x) => count(x, 'yql>') === 4)
    t.type('SELECT 7;', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 5)
    expect(s).toContain('{"n":7}')
    t.type('\\tables', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 6)
    expect(s).toContain('{"table":"customers"}')

    // a diagnostic with a caret
    t.type('CREATE FAIL;', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 7)
    expect(s).toContain('<repl>:1:8: error: statement failed\nCREATE FAIL;\n       ^^^^')

    // Ctrl-C cancels the running statement and the REPL stays
    t.type('SLEEP;', 'Enter')
    await t.waitFor(/SLEEP;\n/)
    t.type('', 'C-c')
    s = await t.waitFor((x) => count(x, 'yql>') === 8)
    expect(s).toContain('cancelling the running statement')
    expect(s).toContain('error: Cancelled')

    // Ctrl-C on a half-typed entry clears it
    t.type('SELECT 8', 'Enter')
    await t.waitFor(/\.\.\.>\s*$/m)
    t.type('', 'C-c')
    await t.waitFor((x) => count(x, 'yql>') === 9)
    t.type('SELECT 9;', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 10)
    expect(s).toContain('{"n":9}')

    // history: the up arrow recalls the last entry
    t.type('', 'Up')
    await t.waitFor(/yql> SELECT 9;$/m)
    t.type('', 'C-u')

    // Ctrl-C twice on an empty line exits
    t.type('', 'C-c')
    await t.waitFor(/press Ctrl-C again or Ctrl-D to exit/)
    t.type('', 'C-c')
    await t.waitFor(/EXITED:0/)
    const lines = readFileSync(hist, 'utf8').trim().split('\n')
    expect(lines).toContain('SELECT 41;')
    expect(lines.at(-1)).toBe('SELECT 9;')
  })

  it('Ctrl-D exits, and history from an earlier run is recalled', async () => {
    const hist = join(mkdtempSync(join(tmpdir(), 'yql-repl-')), 'history')
    const a = start(hist)
    await a.waitFor(/yql>\s*$/m)
    a.type('SELECT 12;', 'Enter')
    await a.waitFor((x) => count(x, 'yql>') === 2)
    a.type('', 'C-d')
    await a.waitFor(/EXITED:0/)
    const b = start(hist)
    await b.waitFor(/yql>\s*$/m)
    b.type('', 'Up')
    await b.waitFor(/yql> SELECT 12;$/m)
    b.type('', 'C-u')
    b.type('\\quit', 'Enter')
    await b.waitFor(/EXITED:0/)
  })
})

if (!hasTmux) console.warn('REPL terminal tests skipped: tmux is not installed (apt-get install -y tmux)')
