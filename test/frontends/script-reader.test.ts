import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readStatements, splitStatements, StatementScanner } from '../../src/frontends/script-reader.js'
import { SourceText } from '../../src/source/source-text.js'

const collect = async (chunks: Iterable<string>): Promise<{ text: string; line: number; column: number }[]> => {
  const out = []
  for await (const s of readStatements(chunks)) out.push(s)
  return out
}

describe('script reader', () => {
  it('splits statements at semicolons and keeps their positions', async () => {
    const text = 'CREATE TABLE a (k Int32, PRIMARY KEY (k));\n  BACKUP c;  RESTORE c;\n\nSELECT 1'
    expect(await collect([text])).toEqual([
      { text: 'CREATE TABLE a (k Int32, PRIMARY KEY (k));', line: 1, column: 1 },
      { text: 'BACKUP c;', line: 2, column: 3 },
      { text: 'RESTORE c;', line: 2, column: 14 },
      { text: 'SELECT 1', line: 4, column: 1 },
    ])
  })

  it('ignores semicolons inside strings, quoted names and comments', () => {
    const text = [
      "SELECT 'a;b', \"c\\\";d\", `e;``f`, @@g;@h@@;",
      '-- a comment; still a comment',
      'SELECT /* ; */ 2;',
      "SELECT 'it\\'s;';",
    ].join('\n')
    expect(splitStatements(text).map((s) => s.text)).toEqual([
      "SELECT 'a;b', \"c\\\";d\", `e;``f`, @@g;@h@@;",
      '-- a comment; still a comment\nSELECT /* ; */ 2;',
      "SELECT 'it\\'s;';",
    ])
  })

  it('drops trailing text that holds only comments and blanks', () => {
    expect(splitStatements('SELECT 1; -- bye\n /* end */ \n').map((s) => s.text)).toEqual(['SELECT 1;'])
    expect(splitStatements('  ;  ').map((s) => s.text)).toEqual([';'])
    expect(splitStatements('')).toEqual([])
  })

  it('gives the same statements however the text is cut into chunks', async () => {
    const script = "CREATE TABLE `t;1` (k Utf8, PRIMARY KEY (k)); -- c;\nUPSERT INTO t (k) VALUES ('x;\\'y'), (@@a@@@@;b@@);\n/* x; */ SELECT 1 - -1, 2/3;\nBACKUP c"
    const whole = splitStatements(script)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: script.length }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), script.length]
        const chunks = points.slice(1).map((p, i) => script.slice(points[i]!, p))
        expect(await collect(chunks)).toEqual(whole)
      }),
    )
  })

  it('positions let SourceText report absolute lines and columns', () => {
    const [, second] = splitStatements('SELECT 1;\n\n   BACKUP\n  daily INCREMENTL;')
    const src = new SourceText(second!.text, 'x.yql', second!.line, second!.column)
    const off = second!.text.indexOf('INCREMENTL')
    expect(src.position(off)).toEqual({ line: 4, column: 9 })
    expect(src.lineText(3)).toBe('   BACKUP')
  })

  it('never buffers more than the statement being read, and reads the source lazily', async () => {
    const n = 20_000
    let produced = 0
    function* source(): Generator<string> {
      for (let i = 0; i < n; i++) {
        produced++
        yield `UPSERT INTO t (k, v) VALUES (${i}, 'value ${i}; with a semicolon');\n`
      }
    }
    const scanner = new StatementScanner()
    let count = 0
    let longest = 0
    for await (const s of readStatements(source(), scanner)) {
      count++
      longest = Math.max(longest, s.text.length)
      // the reader pulls at most one chunk past the statement it yields
      expect(produced).toBeLessThanOrEqual(count + 1)
    }
    expect(count).toBe(n)
    expect(scanner.stats.maxBufferedChars).toBe(longest)
  })

  it('keeps memory flat over a large generated script', async () => {
    const statement = "UPSERT INTO big (k, v) VALUES (1, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');\n"
    const chunk = statement.repeat(800) // ~60 KB chunks, like a file stream
    const chunks = 1500 // ~90 MB of script in total
    function* source(): Generator<string> {
      for (let i = 0; i < chunks; i++) yield chunk
    }
    global.gc?.()
    const before = process.memoryUsage().rss
    let count = 0
    let peak = before
    for await (const _ of readStatements(source())) {
      if (++count % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().rss)
    }
    expect(count).toBe(chunks * 800)
    // 90 MB passed through; growth must stay far below that
    expect(peak - before).toBeLessThan(40 * 1024 * 1024)
  })
})
