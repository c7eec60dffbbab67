import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './harness.js'

let h: Harness
beforeEach(async () => {
  h = await openHarness()
  await h.run('CREATE TABLE t (k Uint32, a Utf8, b Int64, PRIMARY KEY (k))')
})
afterEach(async () => { await h.close() })

describe('UPSERT / REPLACE / INSERT', () => {
  it('UPSERT sets the listed columns and keeps the others', async () => {
    await h.run("UPSERT INTO t (k, a, b) VALUES (1, 'x', 10)")
    const out = await h.run('UPSERT INTO t (k, b) VALUES (1, 20), (2, 30)')
    expect(out.rowsAffected).toBe(2)
    expect(await h.rows('SELECT k, a, b FROM t')).toEqual([[1, 'x', 20n], [2, null, 30n]])
  })

  it('REPLACE resets unlisted columns', async () => {
    await h.run("UPSERT INTO t (k, a, b) VALUES (1, 'x', 10)")
    await h.run('REPLACE INTO t (k, b) VALUES (1, 20)')
    expect(await h.rows('SELECT * FROM t')).toEqual([[1, null, 20n]])
  })

  it('INSERT fails on an existing key, naming key and table, and writes nothing', async () => {
    await h.run("UPSERT INTO t (k, a) VALUES (1, 'x')")
    const e = await h.fails("INSERT INTO t (k, a) VALUES (5, 'new'), (1, 'dup')")
    expect(e.code).toBe('exec/duplicate-key')
    expect(e.message).toContain('Conflict with existing key')
    expect(e.message).toContain('/local/t')
    expect(e.message).toContain('(1)')
    expect(await h.rows('SELECT k FROM t')).toEqual([[1]])
  })

  it('INSERT fails on a key repeated inside the statement', async () => {
    const e = await h.fails("INSERT INTO t (k) VALUES (7), (7)")
    expect(e.code).toBe('exec/duplicate-key')
    expect(await h.rows('SELECT k FROM t')).toEqual([])
  })

  it('INSERT without a column list uses the table order', async () => {
    await h.run("INSERT INTO t VALUES (3, 'c', -1)")
    expect(await h.rows('SELECT * FROM t')).toEqual([[3, 'c', -1n]])
  })

  it('UPSERT ... SELECT maps columns by name', async () => {
    await h.run('CREATE TABLE s (k Uint32, b Int64, PRIMARY KEY (k))')
    await h.run('UPSERT INTO s (k, b) VALUES (1, 5), (2, 6)')
    await h.run('UPSERT INTO t SELECT k, b * 2 AS b FROM s WHERE k > 1')
    expect(await h.rows('SELECT k, b FROM t')).toEqual([[2, 12n]])
  })

  it('missing key column is an error', async () => {
    const e = await h.fails("UPSERT INTO t (a) VALUES ('x')")
    expect(e.code).toBe('exec/missing-key-column')
    expect(e.message).toBe('Missing key column in input: k for table: /local/t')
  })

  it('integer overflow names the column and value, with the span of the value', async () => {
    const e = await h.fails("UPSERT INTO t (k, a) VALUES (1, 'x'), (4294967296, 'y')")
    expect(e.code).toBe('exec/integer-overflow')
    expect(e.message).toContain("column 'k'")
    expect(e.message).toContain('4294967296')
    expect(e.spanText).toBe('4294967296')
    expect(await h.rows('SELECT k FROM t')).toEqual([])
    const neg = await h.fails('UPSERT INTO t (k) VALUES (-1)')
    expect(neg.code).toBe('exec/integer-overflow')
  })

  it('type mismatch points at the expression', async () => {
    const e = await h.fails("UPSERT INTO t (k, b) VALUES (1, 'text')")
    expect(e.code).toBe('exec/type-mismatch')
    expect(e.message).toContain("column 'b'")
    expect(e.spanText).toBe("'text'")
    const e2 = await h.fails('UPSERT INTO t (k, a) VALUES (1, 2)')
    expect(e2.message).toContain("column 'a' of type Utf8")
  })

  it('unknown table and unknown column', async () => {
    const e = await h.fails('UPSERT INTO nope (k) VALUES (1)')
    expect(e.code).toBe('scheme/path-not-found')
    expect(e.message).toContain('/local/nope')
    expect(e.spanText).toBe('nope')
    const c = await h.fails('UPSERT INTO t (k, zz) VALUES (1, 2)')
    expect(c.code).toBe('exec/unknown-column')
    expect(c.spanText).toBe('zz')
  })
})

describe('NOT NULL and DEFAULT', () => {
  beforeEach(async () => {
    await h.run("CREATE TABLE n (k Uint32 NOT NULL, v Utf8 NOT NULL, d Int32 DEFAULT 7, PRIMARY KEY (k))")
  })

  it('explicit NULL into NOT NULL fails', async () => {
    const e = await h.fails('UPSERT INTO n (k, v) VALUES (1, NULL)')
    expect(e.code).toBe('exec/not-null-violation')
    expect(e.message).toContain('v')
  })

  it('a new row without a NOT NULL column fails; defaults fill new rows', async () => {
    const e = await h.fails('UPSERT INTO n (k) VALUES (1)')
    expect(e.code).toBe('exec/not-null-violation')
    await h.run("UPSERT INTO n (k, v) VALUES (1, 'x')")
    expect(await h.rows('SELECT * FROM n')).toEqual([[1, 'x', 7]])
    await h.run('UPSERT INTO n (k, d) VALUES (1, 9)')
    expect(await h.rows('SELECT * FROM n')).toEqual([[1, 'x', 9]])
  })
})

describe('UPDATE and DELETE', () => {
  beforeEach(async () => {
    await h.run("UPSERT INTO t (k, a, b) VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, NULL, 4)")
  })

  it('UPDATE SET with WHERE', async () => {
    const out = await h.run("UPDATE t SET b = b + 100, a = 'z' WHERE k >= 2 AND k < 4")
    expect(out.rowsAffected).toBe(2)
    expect(await h.rows('SELECT k, a, b FROM t')).toEqual([[1, 'a', 1n], [2, 'z', 102n], [3, 'z', 103n], [4, null, 4n]])
  })

  it('UPDATE without WHERE touches every row; key columns cannot be set', async () => {
    expect((await h.run('UPDATE t SET b = 0')).rowsAffected).toBe(4)
    const e = await h.fails('UPDATE t SET k = 5')
    expect(e.message).toContain('primary key column: k')
  })

  it('UPDATE ON changes only existing keys', async () => {
    const out = await h.run("UPDATE t ON (k, a) VALUES (1, 'one'), (9, 'nine')")
    expect(out.rowsAffected).toBe(1)
    expect(await h.rows('SELECT k, a, b FROM t WHERE k = 1 OR k = 9')).toEqual([[1, 'one', 1n]])
  })

  it('UPDATE ON SELECT', async () => {
    await h.run('UPDATE t ON SELECT k, b * 10 AS b FROM t WHERE k <= 2')
    expect(await h.rows('SELECT b FROM t')).toEqual([[10n], [20n], [3n], [4n]])
  })

  it('DELETE with WHERE and with ON', async () => {
    expect((await h.run('DELETE FROM t WHERE a IS NULL OR k = 1')).rowsAffected).toBe(2)
    expect(await h.rows('SELECT k FROM t')).toEqual([[2], [3]])
    await h.run('DELETE FROM t ON (k) VALUES (3), (42)')
    expect(await h.rows('SELECT k FROM t')).toEqual([[2]])
    await h.run('DELETE FROM t ON SELECT k FROM t')
    expect(await h.rows('SELECT k FROM t')).toEqual([])
  })

  it('an UPDATE failing midway changes nothing', async () => {
    await h.run('CREATE TABLE u (k Int32, x Uint8, PRIMARY KEY (k))')
    await h.run('UPSERT INTO u (k, x) VALUES (1, 100), (2, 200)')
    const e = await h.fails('UPDATE u SET x = x + 100')
    expect(e.code).toBeDefined()
    // Uint8 arithmetic in YQL widens to Uint32, so 300 overflows the column
    expect(await h.rows('SELECT x FROM u')).toEqual([[100], [200]])
  })
})

describe('indexes and key order', () => {
  it('a UNIQUE index violation fails the whole statement', async () => {
    await h.run('CREATE TABLE ux (k Int32, e Utf8, INDEX by_e GLOBAL UNIQUE ON (e), PRIMARY KEY (k))')
    await h.run("UPSERT INTO ux (k, e) VALUES (1, 'a@x')")
    await expect(h.run("UPSERT INTO ux (k, e) VALUES (2, 'b@x'), (3, 'a@x')")).rejects.toThrow()
    expect(await h.rows('SELECT k FROM ux')).toEqual([[1]])
    expect(await h.rows("SELECT k FROM ux VIEW by_e WHERE e = 'a@x'")).toEqual([[1]])
  })

  it('composite keys order NULL first, then by value', async () => {
    await h.run('CREATE TABLE ck (a Int32, b Utf8, PRIMARY KEY (a, b))')
    await h.run("UPSERT INTO ck (a, b) VALUES (2, 'b'), (1, 'z'), (2, NULL), (NULL, 'q'), (1, 'a')")
    expect(await h.rows('SELECT a, b FROM ck')).toEqual([[null, 'q'], [1, 'a'], [1, 'z'], [2, null], [2, 'b']])
    expect(await h.rows('SELECT b FROM ck WHERE a = 2')).toEqual([[null], ['b']])
  })
})
