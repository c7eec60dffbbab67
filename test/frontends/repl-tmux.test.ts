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

describe.skipIf(!hasTmux)('sql in a terminal (stand-in core)', () => {
  it('Ctrl-C cancels the running statement and exits 1; a second Ctrl-C is not needed', async () => {
    const t = new TmuxSession(`${tsx} ${join(root, 'test/frontends/support/fake-repl-main.ts')} sql -s 'SELECT 1; SLEEP; SELECT 2;'`, { NO_COLOR: '1' })
    sessions.push(t)
    await t.waitFor(/│ 1 │/)
    t.type('', 'C-c')
    const s = await t.waitFor(/EXITED:\d+/)
    expect(s).toContain('EXITED:1')
    expect(s).toContain('error: Cancelled')
    expect(s).not.toContain('│ 2 │')
  })
})

describe.skipIf(!hasTmux)('REPL in a terminal (embedded database)', () => {
  it('creates, backs up and lists collections and backups; completes table names', async () => {
    const work = mkdtempSync(join(tmpdir(), 'yql-repl-db-'))
    const t = new TmuxSession(`node ${join(root, 'bin/yql-backup.js')} --data-dir ${join(work, 'db')}`, { YQL_BACKUP_HISTORY: join(work, 'history'), NO_COLOR: '1' })
    sessions.push(t)
    await t.waitFor(/yql>\s*$/m)
    t.type('CREATE TABLE warehouse_items (id Uint64 NOT NULL, name Utf8,', 'Enter')
    await t.waitFor(/\.\.\.>\s*$/m)
    t.type('PRIMARY KEY (id));', 'Enter')
    await t.waitFor((x) => count(x, 'yql>') === 2)
    t.type("UPSERT INTO wareh", 'Tab')
    await t.waitFor(/UPSERT INTO warehouse_items\s*$/m)
    t.type(" (id, name) VALUES (1, 'bolt');", 'Enter')
    await t.waitFor((x) => count(x, 'yql>') === 3)
    t.type("CREATE BACKUP COLLECTION stock (TABLE warehouse_items) WITH (STORAGE = 'cluster');", 'Enter')
    await t.waitFor((x) => count(x, 'yql>') === 4)
    t.type('BACKUP stock;', 'Enter')
    let s = await t.waitFor((x) => count(x, 'yql>') === 5)
    expect(s).toContain('Full backup')
    t.type('\\collections', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 6)
    expect(s).toContain('"stock"')
    t.type('\\backups stock', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 7)
    expect(s).toMatch(/"\d{14}Z_full"/)
    t.type('SELECT * FROM warehouse_items;', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 8)
    expect(s).toContain('"bolt"')
    t.type('BACKUP stock INCREMENTL;', 'Enter')
    s = await t.waitFor((x) => count(x, 'yql>') === 9)
    expect(s).toMatch(/<repl>:1:14: error: .*\nBACKUP stock INCREMENTL;\n {13}\^/)
    t.type('\\q', 'Enter')
    await t.waitFor(/EXITED:0/)
  })
})
