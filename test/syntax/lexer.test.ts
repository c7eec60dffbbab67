// Keywords vs identifiers, case, quoting, literal decoding.
import { describe, expect, test } from 'vitest'
import type { Expr, Literal, SelectStmt } from '../../src/ast/nodes.js'
import { SourceText } from '../../src/source/source-text.js'
import { lex } from '../../src/syntax/lex.js'
import { unescapeString, unquoteIdentifier } from '../../src/syntax/unescape.js'
import { parseOk } from './support.js'

const kinds = (text: string): string[] => lex(new SourceText(text)).tokens.map((t) => t.tokenType.name)
const selectItems = (text: string): Expr[] => (parseOk(`SELECT ${text}`)[0] as SelectStmt).items.map((i) => i.expr)
const lit = (text: string): Literal => selectItems(text)[0] as Literal

describe('lexer', () => {
  test('keywords are case-insensitive; longer words stay identifiers', () => {
    expect(kinds('backup BACKUP Backup backups BACKUP_1 _backup')).toEqual(['BACKUP', 'BACKUP', 'BACKUP', 'ID_PLAIN', 'ID_PLAIN', 'ID_PLAIN'])
  })
  test('comments and whitespace are skipped', () => {
    expect(kinds('a -- x ; y\n/* ; */ b')).toEqual(['ID_PLAIN', 'ID_PLAIN'])
  })
  test('punctuation prefers the longest operator', () => {
    expect(kinds('== = != <> <= << < >= > || | :: .')).toEqual(['EQUALS2', 'EQUALS', 'NOT_EQUALS', 'NOT_EQUALS2', 'LESS_OR_EQ', 'SHIFT_LEFT', 'LESS', 'GREATER_OR_EQ', 'GREATER', 'DOUBLE_PIPE', 'PIPE', 'NAMESPACE', 'DOT'])
  })
  test('numbers, strings, parameters', () => {
    expect(kinds("1 1u 0x1F 1.5 .5 1e3 'a' \"b\"u @@c@@ `d` $p")).toEqual([
      'INTEGER_VALUE', 'INTEGER_VALUE', 'INTEGER_VALUE', 'REAL', 'REAL', 'REAL', 'STRING_VALUE', 'STRING_VALUE', 'STRING_VALUE', 'ID_QUOTED', 'PARAM',
    ])
  })
  test('an unrecognised character is a diagnostic at its offset', () => {
    const r = lex(new SourceText('a # b'))
    expect(r.errors.map((d) => [d.code, d.message, d.span])).toEqual([['syntax/unexpected-character', "token recognition error at: '#'", { start: 2, end: 3 }]])
  })
})

describe('literals', () => {
  test('integers with suffixes', () => {
    expect(['1', '1u', '1UL', '0x1F', '0o17', '0b101', '18446744073709551615ul', '2t', '3ut', '4s', '5us', '6l'].map((t) => {
      const l = lit(t)
      return l.type === 'Integer' ? [l.value, l.suffix] : l.type
    })).toEqual([[1n, ''], [1n, 'u'], [1n, 'ul'], [31n, ''], [15n, ''], [5n, ''], [18446744073709551615n, 'ul'], [2n, 't'], [3n, 'ut'], [4n, 's'], [5n, 'us'], [6n, 'l']])
  })
  test('floats', () => {
    expect(['1.5', '.5', '1e10', '2.5f', '1E-3'].map((t) => {
      const l = lit(t)
      return l.type === 'Float' ? [l.value, l.suffix] : l.type
    })).toEqual([[1.5, ''], [0.5, ''], [1e10, ''], [2.5, 'f'], [0.001, '']])
  })
  test('string escapes and suffixes', () => {
    const s = (t: string): [string, string] => {
      const l = lit(t)
      return l.type === 'String' ? [Buffer.from(l.value).toString('hex'), l.suffix] : ['', l.type]
    }
    expect(s("'a\\'b'")).toEqual([Buffer.from("a'b").toString('hex'), ''])
    expect(s('"\\x41\\101\\u00e9\\U0001F600\\n\\t\\\\"u')).toEqual([Buffer.from('AAé😀\n\t\\').toString('hex'), 'u'])
    expect(s("'\\xff'")).toEqual(['ff', ''])
    expect(s("'{}'j")).toEqual([Buffer.from('{}').toString('hex'), 'j'])
    expect(s('@@a@@@@b@@')).toEqual([Buffer.from('a@@b').toString('hex'), ''])
    expect(s('@@multi\nline@@y')).toEqual([Buffer.from('multi\nline').toString('hex'), 'y'])
  })
  test('bad escapes cannot be unescaped', () => {
    for (const t of ["'\\q'", "'\\x4'", "'\\777'", "'\\uD800'", "'\\U00110000'", "'\\12'"]) expect(unescapeString(t).ok, t).toBe(false)
  })
  test('quoted identifiers: doubled backticks and backslash escapes', () => {
    expect(unquoteIdentifier('`a``b`')).toEqual({ ok: true, text: 'a`b' })
    expect(unquoteIdentifier('`a\\`b\\\\c`')).toEqual({ ok: true, text: 'a`b\\c' })
    expect(unquoteIdentifier('`/Root/db/t`')).toEqual({ ok: true, text: '/Root/db/t' })
  })
  test('TRUE, FALSE, NULL, typed literals and CAST', () => {
    const items = selectItems("TRUE, false, NULL, Date('2024-01-01'), Decimal('1.23', 22, 9), CAST(x AS Uint32?), CurrentUtcTimestamp()")
    expect(items.map((e) => (e.kind === 'Literal' ? `${e.type}:${String(e.value)}` : e.kind === 'CallExpr' ? `${e.name}/${e.args.length}` : e.kind))).toEqual([
      'Bool:true', 'Bool:false', 'Null:null', 'Date/1', 'Decimal/3', 'CastExpr', 'CurrentUtcTimestamp/0',
    ])
  })
})

describe('CST children objects', () => {
  // YqlParser gives CST nodes plain-object children (fast in V8); a rule, token
  // or label named like an Object.prototype member would then be misread.
  test('no rule, token or label is an Object.prototype name', async () => {
    const { readFileSync } = await import('node:fs')
    const G = await import('../../grammar/yql.js')
    const grammar = readFileSync(new URL('../../grammar/yql.ts', import.meta.url), 'utf8')
    const labels = [...grammar.matchAll(/LABEL: '(\w+)'/g)].map((m) => m[1]!)
    const rules = new G.YqlParser().getGAstProductions()
    const names = [...G.allTokens.map((t) => t.name), ...Object.keys(rules), ...labels]
    expect(names.length).toBeGreaterThan(100)
    for (const n of names) expect(n in Object.prototype, n).toBe(false)
  })
})
