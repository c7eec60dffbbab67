import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStats } from '../../../src/backends/cluster/embedded/sql/key-range.js'
import { openHarness, type Harness } from './harness.js'

let h: Harness
beforeAll(async () => {
  h = await openHarness()
  await h.run(`CREATE TABLE emp (dept Utf8, id Uint64, name Utf8, salary Int32, boss Uint64,
    INDEX by_name GLOBAL ON (name), PRIMARY KEY (dept, id))`)
  await h.run(`UPSERT INTO emp (dept, id, name, salary, boss) VALUES
    ('eng', 1, 'ann', 100, NULL), ('eng', 2, 'bob', 80, 1), ('eng', 3, 'cid', NULL, 1),
    ('ops', 1, 'dan', 70, NULL), ('ops', 2, 'eve', 90, 1), ('sales', 1, 'fay', 60, NULL)`)
  await h.run('CREATE TABLE dept (name Utf8, floor Int32, PRIMARY KEY (name))')
  await h.run("UPSERT INTO dept (name, floor) VALUES ('eng', 3), ('ops', 1), ('hr', 2)")
})
afterAll(async () => { await h.close() })

describe('WHERE', () => {
  it('comparisons with NULL yield NULL and are filtered out', async () => {
    expect(await h.rows('SELECT name FROM emp WHERE salary < 85')).toEqual([['bob'], ['dan'], ['fay']])
    expect(await h.rows('SELECT name FROM emp WHERE NOT (salary < 85)')).toEqual([['ann'], ['eve']])
    expect(await h.rows('SELECT name FROM emp WHERE salary = NULL')).toEqual([])
    expect(await h.rows('SELECT name FROM emp WHERE salary IS NULL')).toEqual([['cid']])
    expect(await h.rows('SELECT name FROM emp WHERE boss IS NOT NULL AND salary IS NOT NULL')).toEqual([['bob'], ['eve']])
  })

  it('three-valued AND / OR', async () => {
    // NULL OR TRUE is TRUE; NULL AND FALSE is FALSE
    expect(await h.rows("SELECT name FROM emp WHERE salary < 0 OR name = 'cid'")).toEqual([['cid']])
    const rs = await h.query('SELECT NULL AND FALSE AS a, NULL OR TRUE AS b, NULL AND TRUE AS c')
    expect(rs.rows).toEqual([[false, true, null]])
  })

  it('IN, BETWEEN, LIKE', async () => {
    expect(await h.rows("SELECT name FROM emp WHERE name IN ('bob', 'eve', 'zed')")).toEqual([['bob'], ['eve']])
    expect(await h.rows("SELECT name FROM emp WHERE name NOT IN ('bob', 'eve')")).toHaveLength(4)
    expect(await h.rows('SELECT name FROM emp WHERE salary BETWEEN 70 AND 90')).toEqual([['bob'], ['dan'], ['eve']])
    expect(await h.rows("SELECT name FROM emp WHERE name LIKE '_a%'")).toEqual([['dan'], ['fay']])
    expect(await h.rows("SELECT name FROM emp WHERE name NOT LIKE '%n%'")).toEqual([['bob'], ['cid'], ['eve'], ['fay']])
  })

  it('arithmetic and concatenation', async () => {
    const rs = await h.query("SELECT salary * 2 + 1 AS x, name || '!'u AS y, salary / 0 AS z, 7 % 3 AS m FROM emp WHERE dept = 'eng' AND id = 1")
    expect(rs.rows).toEqual([[201, 'ann!', null, 1]])
    expect(rs.columns.map((c) => c.name)).toEqual(['x', 'y', 'z', 'm'])
    expect(rs.columns[0]!.type?.type).toEqual({ kind: 'Primitive', name: 'Int32' })
    expect(rs.columns[1]!.type?.type).toEqual({ kind: 'Primitive', name: 'Utf8' })
  })

  it('a WHERE on a key prefix reads a key range, not the whole table', async () => {
    const before = { ...readStats }
    expect(await h.rows("SELECT id FROM emp WHERE dept = 'ops'")).toEqual([[1n], [2n]])
    expect(readStats.rangeScans).toBe(before.rangeScans + 1)
    expect(readStats.rowsRead - before.rowsRead).toBe(2)
    const b2 = { ...readStats }
    expect(await h.rows("SELECT name FROM emp WHERE dept = 'eng' AND id >= 2")).toEqual([['bob'], ['cid']])
    expect(readStats.rowsRead - b2.rowsRead).toBe(2)
    const b3 = { ...readStats }
    expect(await h.rows("SELECT name FROM emp WHERE dept = 'eng' AND id < 2")).toEqual([['ann']])
    expect(readStats.rowsRead - b3.rowsRead).toBe(1)
    const b4 = { ...readStats }
    await h.rows('SELECT name FROM emp WHERE salary = 60')
    expect(readStats.fullScans).toBe(b4.fullScans + 1)
    expect(readStats.rowsRead - b4.rowsRead).toBe(6)
  })

  it('IN on a key reads the range between the smallest and largest value', async () => {
    const before = { ...readStats }
    expect(await h.rows("SELECT dept, id FROM emp WHERE dept IN ('ops', 'eng') AND id = 2")).toEqual([['eng', 2n], ['ops', 2n]])
    expect(readStats.rangeScans).toBe(before.rangeScans + 1)
    expect(readStats.rowsRead - before.rowsRead).toBe(5)
  })

  it('a key compared with a value of another type still filters correctly', async () => {
    expect(await h.rows("SELECT name FROM emp WHERE dept = 'eng' AND id < 1.5")).toEqual([['ann']])
    expect(await h.rows("SELECT name FROM emp WHERE dept = 'eng' AND id BETWEEN -5 AND 1")).toEqual([['ann']])
  })
})

describe('VIEW index', () => {
  it('reads through the index in index order, with a range', async () => {
    expect(await h.rows('SELECT name FROM emp VIEW by_name')).toEqual([['ann'], ['bob'], ['cid'], ['dan'], ['eve'], ['fay']])
    const before = { ...readStats }
    expect(await h.rows("SELECT dept, id FROM emp VIEW by_name WHERE name = 'eve'")).toEqual([['ops', 2n]])
    expect(readStats.rowsRead - before.rowsRead).toBe(1)
  })

  it('an unknown index is an error naming it', async () => {
    const e = await h.fails('SELECT * FROM emp VIEW nope')
    expect(e.message).toContain("Index 'nope'")
    expect(e.spanText).toBe('nope')
  })
})

describe('projection', () => {
  it('* gives the columns in table order with types', async () => {
    const rs = await h.query("SELECT * FROM emp WHERE dept = 'sales'")
    expect(rs.columns.map((c) => c.name)).toEqual(['dept', 'id', 'name', 'salary', 'boss'])
    expect(rs.columns[1]!.type).toEqual({ type: { kind: 'Primitive', name: 'Uint64' }, nullable: true })
    expect(rs.rows).toEqual([['sales', 1n, 'fay', 60, null]])
  })

  it('unknown column points at it', async () => {
    const e = await h.fails('SELECT nme FROM emp')
    expect(e.code).toBe('exec/unknown-column')
    expect(e.message).toContain("'nme'")
    expect(e.spanText).toBe('nme')
  })

  it('unnamed expressions are column0, column1...', async () => {
    const rs = await h.query('SELECT 1 + 1, id FROM emp LIMIT 1')
    expect(rs.columns.map((c) => c.name)).toEqual(['column0', 'id'])
  })
})

describe('ORDER BY, LIMIT, OFFSET, DISTINCT', () => {
  it('orders by expression and alias; NULLs first ascending', async () => {
    expect(await h.rows('SELECT name, salary FROM emp ORDER BY salary')).toEqual([
      ['cid', null], ['fay', 60], ['dan', 70], ['bob', 80], ['eve', 90], ['ann', 100],
    ])
    expect(await h.rows('SELECT name, salary AS s FROM emp ORDER BY s DESC LIMIT 2')).toEqual([['ann', 100], ['eve', 90]])
    expect(await h.rows('SELECT name FROM emp ORDER BY dept DESC, id DESC LIMIT 2 OFFSET 1')).toEqual([['eve'], ['dan']])
  })

  it('LIMIT without ORDER BY stops reading early', async () => {
    const before = { ...readStats }
    expect(await h.rows('SELECT name FROM emp LIMIT 2')).toEqual([['ann'], ['bob']])
    expect(readStats.rowsRead - before.rowsRead).toBe(2)
    expect(await h.rows('SELECT name FROM emp LIMIT 0')).toEqual([])
    expect(await h.rows('SELECT name FROM emp LIMIT 2 OFFSET 4')).toEqual([['eve'], ['fay']])
  })

  it('DISTINCT', async () => {
    expect(await h.rows('SELECT DISTINCT dept FROM emp ORDER BY dept')).toEqual([['eng'], ['ops'], ['sales']])
  })
})

describe('GROUP BY', () => {
  it('aggregates with YDB result types', async () => {
    const rs = await h.query(
      'SELECT dept, COUNT(*) AS n, COUNT(salary) AS ns, SUM(salary) AS total, MIN(name) AS first, MAX(salary) AS top, AVG(salary) AS mean FROM emp GROUP BY dept ORDER BY dept',
    )
    expect(rs.rows).toEqual([
      ['eng', 3n, 2n, 180n, 'ann', 100, 90],
      ['ops', 2n, 2n, 160n, 'dan', 90, 80],
      ['sales', 1n, 1n, 60n, 'fay', 60, 60],
    ])
    const types = rs.columns.map((c) => (c.type?.type.kind === 'Primitive' ? c.type.type.name : undefined))
    expect(types).toEqual(['Utf8', 'Uint64', 'Uint64', 'Int64', 'Utf8', 'Int32', 'Double'])
    expect(rs.columns[1]!.type!.nullable).toBe(false)
  })

  it('SUM of unsigned is Uint64; HAVING; aggregate over an empty table', async () => {
    const rs = await h.query('SELECT dept, SUM(id) AS s FROM emp GROUP BY dept HAVING COUNT(*) >= 2 ORDER BY dept')
    expect(rs.rows).toEqual([['eng', 6n], ['ops', 3n]])
    expect(rs.columns[1]!.type!.type).toEqual({ kind: 'Primitive', name: 'Uint64' })
    expect(await h.rows("SELECT COUNT(*), SUM(salary) FROM emp WHERE dept = 'none'")).toEqual([[0n, null]])
    expect(await h.rows('SELECT COUNT(DISTINCT dept) FROM emp')).toEqual([[3n]])
  })

  it('a column that is neither grouped nor aggregated is an error', async () => {
    const e = await h.fails('SELECT dept, name FROM emp GROUP BY dept')
    expect(e.message).toContain('must either be a key column in GROUP BY')
    expect(e.spanText).toBe('name')
  })
})

describe('JOIN', () => {
  it('INNER JOIN ON equality', async () => {
    const rs = await h.query('SELECT e.name, d.floor FROM emp AS e INNER JOIN dept AS d ON e.dept = d.name ORDER BY e.name')
    expect(rs.rows).toEqual([['ann', 3], ['bob', 3], ['cid', 3], ['dan', 1], ['eve', 1]])
  })

  it('LEFT JOIN keeps unmatched rows with NULLs', async () => {
    const rs = await h.query('SELECT e.name, d.floor FROM emp AS e LEFT JOIN dept AS d ON e.dept = d.name WHERE e.id = 1 ORDER BY e.name')
    expect(rs.rows).toEqual([['ann', 3], ['dan', 1], ['fay', null]])
    expect(rs.columns[1]!.type!.nullable).toBe(true)
  })

  it('self join with extra ON condition', async () => {
    const rs = await h.query(
      "SELECT e.name, b.name AS boss FROM emp AS e JOIN emp AS b ON e.boss = b.id AND e.dept = b.dept ORDER BY e.name",
    )
    expect(rs.rows).toEqual([['bob', 'ann'], ['cid', 'ann'], ['eve', 'dan']])
  })
})

describe('errors and parameters', () => {
  it('unknown table in FROM points at the name', async () => {
    const e = await h.fails('SELECT * FROM missing_t')
    expect(e.code).toBe('scheme/path-not-found')
    expect(e.message).toContain("'/local/missing_t'")
    expect(e.spanText).toBe('missing_t')
  })

  it('comparing incompatible types is a type error with the span', async () => {
    const e = await h.fails('SELECT name FROM emp WHERE name = 5')
    expect(e.code).toBe('exec/type-mismatch')
    expect(e.spanText).toBe('name = 5')
  })

  it('parameters', async () => {
    const out = await h.run('SELECT name FROM emp WHERE salary >= $min ORDER BY name', new Map([['$min', 90]]))
    expect(out.resultSets[0]!.rows).toEqual([['ann'], ['eve']])
  })

  it('absolute paths and tables in sub-directories', async () => {
    await h.run('CREATE TABLE `/local/deep/dir/x` (k Int32, PRIMARY KEY (k))')
    await h.run('UPSERT INTO `deep/dir/x` (k) VALUES (1)')
    expect(await h.rows('SELECT k FROM `/local/deep/dir/x`')).toEqual([[1]])
  })
})
