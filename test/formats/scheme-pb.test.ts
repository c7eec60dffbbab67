// scheme.pb: golden text (fixtures/formats/scheme/*.pb) and round trips; the
// parser's tolerance (`field: {`, comments, `<>`, separators) and errors.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatPermissionsPb, parsePermissionsPb } from '../../src/formats/permissions-pb.js'
import { parsePbText, PbTextError } from '../../src/formats/pb-text.js'
import { formatSchemePb, parseSchemePb } from '../../src/formats/scheme-pb.js'
import { EVERY_TYPE, NUMERIC_TTL } from './scheme-fixtures.js'

const golden = (name: string): string => readFileSync(new URL(`../../fixtures/formats/scheme/${name}`, import.meta.url), 'utf8')

describe('scheme.pb', () => {
  it('prints the golden text for every column type, defaults, indexes, TTL, partitioning', () => {
    expect(formatSchemePb(EVERY_TYPE)).toBe(golden('every-type.pb'))
    expect(formatSchemePb(NUMERIC_TTL)).toBe(golden('numeric-ttl.pb'))
  })
  it('reads the golden text back to the same schema', () => {
    expect(parseSchemePb(golden('every-type.pb'))).toEqual(EVERY_TYPE)
    expect(parseSchemePb(golden('numeric-ttl.pb'))).toEqual(NUMERIC_TTL)
  })
  it('prints nullable columns as optional_type and NOT NULL ones plainly', () => {
    const t = golden('every-type.pb')
    expect(t.startsWith('columns {\n  name: "key"\n  type {\n    type_id: UINT64\n  }\n  not_null: true\n}\n')).toBe(true)
    expect(t).toContain('columns {\n  name: "c_uint32"\n  type {\n    optional_type {\n      item {\n        type_id: UINT32\n      }\n    }\n  }\n}\n')
    expect(t).toContain('type_id: JSON_DOCUMENT')
    expect(t).toContain('type_id: DYNUMBER')
    expect(t).toContain('  type {\n    decimal_type {\n      precision: 35\n      scale: 10\n    }\n  }\n  not_null: true\n')
  })
  it('accepts what protobuf text parsers accept: `name: {`, <>, comments, separators, single quotes, octal/hex escapes', () => {
    const text = `# a comment
columns: { name: 'k'; type: < type_id: UINT32 >, not_null: true }
columns { name: "v" type { optional_type { item { type_id: UTF8 } } } from_literal { type { type_id: UTF8 } value { text_value: "\\x41\\101" } } }
primary_key: "k" # trailing comment
storage_settings { store_external_blobs: DISABLED }
key_bloom_filter: ENABLED
`
    const s = parseSchemePb(text)
    expect(s.columns.map((c) => [c.name, c.notNull, c.default])).toEqual([['k', true, undefined], ['v', false, 'AA']])
    expect(s.primaryKey).toEqual(['k'])
  })
  it('reports malformed text with a line number', () => {
    expect(() => parseSchemePb('columns {\n  name: "k"\n')).toThrow(PbTextError)
    expect(() => parseSchemePb('columns {\n  name "k"\n}')).toThrow(/line 2/)
    expect(() => parseSchemePb('columns { name: "k" type { type_id: NOPE } }')).toThrow(/unsupported type NOPE/)
    expect(() => parseSchemePb('columns { name: "k" type { type_id: UINT8 } }\nprimary_key: "x"')).toThrow(/primary key column x/)
    expect(() => parsePbText('a: "unterminated')).toThrow(/unterminated/)
  })
})

describe('permissions.pb', () => {
  it('prints owner and grants as ModifyPermissionsRequest text and reads them back', () => {
    const text = formatPermissionsPb({ owner: 'root@builtin', grants: [{ subject: 'alice', permissions: ['ydb.generic.read', 'ydb.generic.write'] }] })
    expect(text).toBe(
      'actions {\n  change_owner: "root@builtin"\n}\nactions {\n  grant {\n    subject: "alice"\n    permission_names: "ydb.generic.read"\n    permission_names: "ydb.generic.write"\n  }\n}\nclear_permissions: true\n',
    )
    expect(parsePermissionsPb(text)).toEqual({ owner: 'root@builtin', grants: [{ subject: 'alice', permissions: ['ydb.generic.read', 'ydb.generic.write'] }] })
  })
})
