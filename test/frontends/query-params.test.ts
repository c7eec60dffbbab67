// `sql -p/--param` and `--input-file`: ydb CLI's query parameters, end to end on
// the embedded database, plus the JSON → value conversion rules directly.
import { describe, expect, it } from 'vitest'
import { inferValue, jsonToValue, parseJson, parseParamObject, parseParamOption } from '../../src/frontends/cli/query-params.js'
import { decimal, primitive, type YdbType } from '../../src/types/ydb-type.js'
import { cliWorkspace } from './support/cli-harness.js'

const ws = cliWorkspace('yql-params-')
const { file, run } = ws
const json = (...argv: string[]) => run('sql', '-q', '--format', 'json-unicode', ...argv)

describe('sql -p: declared parameters take their declared type', () => {
  it('converts every main type from JSON (ydb sql -s ... -p)', async () => {
    const r = await json(
      '-s',
      `DECLARE $i AS Int64; DECLARE $u AS Uint64; DECLARE $t AS Utf8; DECLARE $s AS String; DECLARE $b AS Bool;
       DECLARE $f AS Double; DECLARE $x AS Decimal(22,9); DECLARE $y AS Decimal(22,9); DECLARE $id AS Uuid; DECLARE $j AS Json;
       DECLARE $o AS Int32?; DECLARE $m AS Optional<Utf8>; DECLARE $i8 AS Int8;
       SELECT $i AS i, $u AS u, $t AS t, $s AS s, $b AS b, $f AS f, $x AS x, $y AS y, $id AS id, $j AS j, $o AS o, $m AS m, $i8 AS i8;`,
      '-p', '$i=-9223372036854775808', '-p', 'u=18446744073709551615', '-p', '$t="héllo"', '-p', '$s="raw"', '-p', '$b=true',
      '-p', '$f=2.5', '-p', '$x="123456789012.123456789"', '-p', '$y=1.25', '-p', '$id="550E8400-E29B-41D4-A716-446655440000"',
      '-p', '$j="{\\"k\\":[1,2]}"', '-p', '$o=null', '-p', '$i8=-128',
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      '{"i":-9223372036854775808,"u":18446744073709551615,"t":"héllo","s":"raw","b":true,"f":2.5,"x":"123456789012.123456789","y":"1.25",' +
        '"id":"550e8400-e29b-41d4-a716-446655440000","j":"{\\"k\\":[1,2]}","o":null,"m":null,"i8":-128}\n',
    )
  })

  it('uses a parameter in UPSERT and in SELECT ... WHERE', async () => {
    expect((await run('sql', '-q', '-s', 'CREATE TABLE t (id Uint64 NOT NULL, note Utf8, amount Decimal(22,9), PRIMARY KEY (id));')).code).toBe(0)
    const w = 'DECLARE $id AS Uint64; DECLARE $note AS Utf8; DECLARE $amount AS Decimal(22,9); UPSERT INTO t (id, note, amount) VALUES ($id, $note, $amount);'
    expect(await run('sql', '-q', '-s', w, '-p', '$id=7', '-p', '$note="seven"', '-p', '$amount="7.5"')).toMatchObject({ code: 0, stderr: '' })
    expect(await run('sql', '-q', '-s', w, '-p', '$id=8', '-p', '$note="eight"', '-p', '$amount=-1')).toMatchObject({ code: 0, stderr: '' })
    const q = await json('-s', 'DECLARE $id AS Uint64; SELECT id, note, amount FROM t WHERE id = $id;', '-p', '$id=7')
    expect(q).toMatchObject({ code: 0, stdout: '{"id":7,"note":"seven","amount":"7.5"}\n' })
    const u = await json('-s', 'SELECT id FROM t WHERE note = $n;', '-p', '$n="eight"')
    expect(u).toMatchObject({ code: 0, stdout: '{"id":8}\n' })
  })

  it('date and time parameters keep their declared type (a Date is not an Int32) in SELECT and UPSERT', async () => {
    expect((await run('sql', '-q', '-s', 'CREATE TABLE ev (id Uint64 NOT NULL, d Date, at Timestamp, PRIMARY KEY (id));')).code).toBe(0)
    const w = 'DECLARE $d AS Date; DECLARE $at AS Timestamp; UPSERT INTO ev (id, d, at) VALUES (1, $d, $at); SELECT $d AS d, $at AS at;'
    const r = await json('-s', w, '-p', '$d="2024-01-02"', '-p', '$at="2024-01-02T03:04:05.5Z"')
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: '{"d":"2024-01-02","at":"2024-01-02T03:04:05.500000Z"}\n' })
    const q = await json('-s', 'DECLARE $d AS Date; SELECT id, at FROM ev WHERE d = $d;', '-p', '$d="2024-01-02"')
    expect(q).toMatchObject({ code: 0, stdout: '{"id":1,"at":"2024-01-02T03:04:05.500000Z"}\n' })
  })

  it('a value that does not convert is an error at the DECLARE (file:line:col) naming the parameter, not the value', async () => {
    const p = file('q.yql', 'SELECT 1;\n  DECLARE $a AS Int64;\nSELECT $a;\n')
    const r = await run('sql', '-f', p, '-p', '$a="secret-text"')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${p}:2:3: error: Parameter $a ('--param' option): expected a JSON integer for Int64, got a string`)
    expect(r.stderr).not.toContain('secret-text')
    for (const [type, value, reason] of [
      ['Uint32', '-1', "doesn't fit in Uint32"],
      ['Int8', '200', "doesn't fit in Int8"],
      ['Bool', '1', 'expected a JSON boolean for Bool, got an integer'],
      ['Utf8', '5', 'expected a JSON string for Utf8, got an integer'],
      ['Date', '"2024-13-01"', 'the string is not a valid Date'],
      ['Uuid', '"nope"', 'the string is not a valid Uuid'],
      ['Json', '"{bad"', 'the string is not a valid Json'],
      ['Decimal(5,2)', '"12345.6"', 'is not a Decimal(5,2)'],
      ['Int64', 'null', 'null for the non-optional type Int64'],
      ['Int64', '1.5', 'expected a JSON integer for Int64, got a non-integer number'],
    ] as const) {
      const e = await run('sql', '-s', `DECLARE $v AS ${type}; SELECT $v;`, '-p', `$v=${value}`)
      expect(e.code, type).toBe(1)
      expect(e.stderr, type).toMatch(/^<script>:1:1: error: Parameter \$v \('--param' option\): /)
      expect(e.stderr, type).toContain(reason)
    }
  })

  it('a DECLAREd non-optional parameter without a value is "Missing value for parameter"; an optional one is NULL', async () => {
    const r = await run('sql', '-s', 'DECLARE $a AS Int64; SELECT $a;')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('<script>:1:1: error: Missing value for parameter: $a')
    expect(await json('-s', 'DECLARE $a AS Int64?; SELECT $a AS a;')).toMatchObject({ code: 0, stdout: '{"a":null}\n' })
  })
})

describe('sql -p: undeclared parameters are inferred from JSON', () => {
  it('integer → Int64 (Uint64 beyond 2^63-1), other number → Double, string → Utf8, boolean → Bool, null → NULL', async () => {
    const r = await json(
      '-s', 'SELECT $a AS a, $big AS big, $d AS d, $s AS s, $b AS b, $n AS n, $a + 1 AS a1;',
      '-p', '$a=9007199254740993', '-p', '$big=18446744073709551615', '-p', '$d=0.5', '-p', '$s="x"', '-p', '$b=false', '-p', '$n=null',
    )
    expect(r).toMatchObject({ code: 0, stdout: '{"a":9007199254740993,"big":18446744073709551615,"d":0.5,"s":"x","b":false,"n":null,"a1":9007199254740994}\n' })
  })
})

describe('sql: parameter sources and usage errors (ydb sql behaviour)', () => {
  it('--input-file: one JSON object (or one newline-delimited object); keys the query does not use are ignored', async () => {
    const q = 'DECLARE $a AS Int64; DECLARE $b AS Utf8; DECLARE $c AS Int64; SELECT $a AS a, $b AS b, $c AS c;'
    const obj = file('p1.json', '{ "a":10, "b":"Some text", "x":"Ignore me" }')
    expect(await json('-s', q, '--input-file', obj, '--param', '$c=30')).toMatchObject({ code: 0, stdout: '{"a":10,"b":"Some text","c":30}\n' })
    const nd = file('p2.jsonl', '{"$a":1,"b":"one","c":3}\n')
    expect(await json('-s', q, '--input-file', nd, '--input-format', 'json')).toMatchObject({ code: 0, stdout: '{"a":1,"b":"one","c":3}\n' })
    const two = file('p3.jsonl', '{"a":1}\n{"a":2}\n')
    const e = await json('-s', q, '--input-file', two)
    expect(e.code).toBe(2)
    expect(e.stderr).toContain('2 parameter sets; only one set of parameters (one JSON object) is supported')
  })

  it('a --param the query does not contain, a duplicate, a bad option or bad JSON is a usage error (exit 2) before anything runs', async () => {
    const cases: [string[], string][] = [
      [['-s', 'SELECT 1;', '-p', '$zz=1'], 'Query does not contain parameter "$zz".'],
      [['-s', 'SELECT $a;', '-p', '$a=1', '-p', 'a=2'], "Parameter $a value found in more than one source: '--param' option."],
      [['-s', 'SELECT $a;', '-p', 'a'], 'should have an equal sign'],
      [['-s', 'SELECT $a;', '-p', '$1a=1'], "wrong parameter name '$1a'"],
      [['-s', 'SELECT $a;', '-p', '$a={oops'], 'parameter $a (--param): not a valid JSON value'],
      [['-s', 'SELECT $a;', '-p', '$a=1', '--input-file', '/nonexistent/p.json'], "cannot read --input-file '/nonexistent/p.json'"],
      [['-s', 'SELECT $a;', '--input-file', '/dev/null', '--input-format', 'csv'], "argument 'csv' is invalid"],
    ]
    for (const [argv, message] of cases) {
      const r = await run('sql', ...argv)
      expect(r.code, message).toBe(2)
      expect(r.stderr, message).toContain(message)
      expect(r.stdout).toBe('')
    }
    const dup = file('dup.json', '{"a":1}')
    const r = await run('sql', '-s', 'SELECT $a;', '-p', '$a=2', '--input-file', dup)
    expect(r.stderr).toContain(`Parameter $a value found in more than one source: param file ${dup}, '--param' option.`)
    const f = file('q.yql', 'SELECT 1;\n')
    expect((await run('sql', '-f', f, '-p', '$zz=1')).stderr).toContain('Query does not contain parameter "$zz".')
  })
})

describe('JSON → value rules', () => {
  const conv = (text: string, t: YdbType, optional = false) => jsonToValue(parseJson(text, 'test'), t, optional)

  it('keeps 64-bit integers and decimals exact', () => {
    expect(parseJson('[12345678901234567890, -0.1e-3, "a\\u00e9", true, null, {"k":{}}]', 't')).toMatchObject([
      { text: '12345678901234567890' }, { text: '-0.1e-3' }, 'aé', true, null, { k: {} },
    ])
    expect(conv('9223372036854775807', primitive('Int64'))).toEqual({ ok: true, value: 9223372036854775807n })
    expect(conv('9223372036854775808', primitive('Int64')).ok).toBe(false)
    expect(conv('"3.14159"', decimal(10, 5))).toEqual({ ok: true, value: { kind: 'Decimal', unscaled: 314159n, scale: 5 } })
  })

  it('dates and times from ISO strings, Interval from microseconds', () => {
    expect(conv('"2024-01-02"', primitive('Date'))).toEqual({ ok: true, value: 19724 })
    expect(conv('"2024-01-02T03:04:05Z"', primitive('Datetime'))).toEqual({ ok: true, value: 1704164645 })
    expect(conv('"2024-01-02T03:04:05.5Z"', primitive('Timestamp'))).toEqual({ ok: true, value: 1704164645500000n })
    expect(conv('"2024-01-02T05:04:05+02:00"', primitive('Timestamp'))).toEqual({ ok: true, value: 1704164645000000n })
    expect(conv('1500000', primitive('Interval'))).toEqual({ ok: true, value: 1500000n })
    expect(conv('"P1D"', primitive('Interval')).ok).toBe(false)
    expect(conv('2', primitive('Float'))).toEqual({ ok: true, value: 2 })
    expect(conv('"\\u00ff"', primitive('String'))).toEqual({ ok: true, value: new Uint8Array([0xc3, 0xbf]) })
    expect(conv('null', primitive('Date'), true)).toEqual({ ok: true, value: null })
  })

  it('inference and option/file parsing', () => {
    expect(inferValue(parseJson('[1]', 't'))).toMatchObject({ ok: false })
    expect(inferValue(parseJson('1e2', 't'))).toEqual({ ok: true, value: 100, type: primitive('Double') })
    expect(parseParamOption('name={"a": 1}').name).toBe('$name')
    expect(parseParamOption('$a = "x=y"')).toEqual({ name: '$a', json: 'x=y' })
    expect([...parseParamObject('\uFEFF{"$a":1,"b":"c"}\n', 'f').keys()]).toEqual(['$a', '$b'])
    expect(() => parseParamObject('[1]', 'f')).toThrow('expected a JSON object of parameters, got an array')
    expect(() => parseParamObject('{"a":1,"$a":2}', 'f')).toThrow('Parameter $a value found in more than one source')
  })
})
