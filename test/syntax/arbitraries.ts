// fast-check generators of AST nodes that the grammar can express, for the
// print → parse round trip. Spans are dummies (compared without them).
import fc from 'fast-check'
import type * as A from '../../src/ast/nodes.js'
import { quoteString } from '../../src/ast/print.js'
import { PRIMITIVE_TYPE_NAMES } from '../../src/types/ydb-type.js'

const span = { start: 0, end: 0 }
const encoder = new TextEncoder()

/** Identifiers that are never keywords, and keywords usable wherever a name is. */
const PLAIN = ['a', 'b', 'col', 'x1', 'Orders', 'my_table', '_t', 'value2']
const KEYWORD_NAMES = ['table', 'DATABASE', 'backup', 'Collection', 'incremental', 'restore', 'at', 'index', 'sync']

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })

export const plainName: fc.Arbitrary<A.Name> = fc.constantFrom(...PLAIN, ...KEYWORD_NAMES).map((t) => ({ kind: 'Name', text: t, quoted: 'none', span }))
export const backtickName: fc.Arbitrary<A.Name> = text.map((t) => ({ kind: 'Name', text: t, quoted: 'backtick', span }))
export const stringName: fc.Arbitrary<A.Name> = text.map((t) => ({ kind: 'Name', text: t, quoted: 'string', span }))
/** SQLv1 an_id: any of the three. */
export const anyName = fc.oneof(plainName, backtickName, stringName)
/** A name inside an expression (a string there is a literal). */
export const exprName = fc.oneof(plainName, backtickName)

export const objectRef: fc.Arbitrary<A.ObjectRef> = fc
  .tuple(fc.option(anyName, { nil: undefined }), anyName)
  .map(([cluster, name]) => (cluster ? { kind: 'ObjectRef', cluster, name, span } : { kind: 'ObjectRef', name, span }))

export const typeRef: fc.Arbitrary<A.TypeRef> = fc.oneof(
  fc.tuple(fc.constantFrom(...PRIMITIVE_TYPE_NAMES), fc.boolean()).map(([name, optional]) => ({ kind: 'TypeRef', name, params: [], optional, span }) as A.TypeRef),
  fc.tuple(fc.integer({ min: 1, max: 35 }), fc.integer({ min: 0, max: 35 }), fc.boolean()).map(
    ([p, s, optional]) => ({ kind: 'TypeRef', name: 'Decimal', params: [p, Math.min(s, p)], optional, span }) as A.TypeRef,
  ),
)

const integer: fc.Arbitrary<A.Literal> = fc
  .tuple(fc.bigInt({ min: 0n, max: 2n ** 64n }), fc.constantFrom('', 'u', 'l', 'ul', 't', 'ut', 's', 'us'))
  .map(([v, suffix]) => ({ kind: 'Literal', type: 'Integer', value: v, suffix, text: `${v}${suffix}`, span }))
const float: fc.Arbitrary<A.Literal> = fc
  .tuple(fc.nat(99999), fc.nat(999), fc.constantFrom('', 'f'))
  .map(([a, b, suffix]) => ({ kind: 'Literal', type: 'Float', value: Number(`${a}.${b}`), suffix, text: `${a}.${b}${suffix}`, span }))
const str: fc.Arbitrary<A.Literal> = fc
  .tuple(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('', 'u', 'y', 'j'))
  .map(([s, suffix]) => ({ kind: 'Literal', type: 'String', value: encoder.encode(s), suffix, text: quoteString(s) + suffix, span }))
const bool: fc.Arbitrary<A.Literal> = fc.boolean().map((v) => ({ kind: 'Literal', type: 'Bool', value: v, text: v ? 'TRUE' : 'false', span }))
const nul: fc.Arbitrary<A.Literal> = fc.constant({ kind: 'Literal', type: 'Null', value: null, text: 'NULL', span })
export const literal = fc.oneof(integer, float, str, bool, nul)

const BINARY_OPS: A.BinaryOp[] = ['OR', 'AND', 'XOR', '=', '==', '!=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '||', '&', '|', '^', '<<', '>>']

export const expr: fc.Arbitrary<A.Expr> = fc.letrec<{ e: A.Expr }>((tie) => {
  const e = tie('e')
  const leaf = fc.oneof(
    literal,
    fc.tuple(fc.option(exprName, { nil: undefined }), exprName).map(([table, column]): A.Expr =>
      table ? { kind: 'ColumnRef', table, column, span } : { kind: 'ColumnRef', column, span }),
    fc.constantFrom('$p', '$limit', '$x_1').map((name): A.Expr => ({ kind: 'Parameter', name, span })),
  )
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom('NOT', '-', '+', '~' as const), e).map(([op, operand]): A.Expr => ({ kind: 'UnaryExpr', op, operand, span })),
      fc.tuple(fc.constantFrom(...BINARY_OPS), e, e).map(([op, left, right]): A.Expr => ({ kind: 'BinaryExpr', op, left, right, span })),
      fc.tuple(e, fc.array(e, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([operand, list, negated]): A.Expr => ({ kind: 'InExpr', operand, list, negated, span })),
      fc.tuple(e, e, e, fc.boolean()).map(([operand, low, high, negated]): A.Expr => ({ kind: 'BetweenExpr', operand, low, high, negated, span })),
      fc.tuple(e, fc.boolean()).map(([operand, negated]): A.Expr => ({ kind: 'IsNullExpr', operand, negated, span })),
      fc.tuple(e, e, fc.option(e, { nil: undefined }), fc.boolean()).map(([operand, pattern, escape, negated]): A.Expr =>
        escape ? { kind: 'LikeExpr', operand, pattern, escape, negated, span } : { kind: 'LikeExpr', operand, pattern, negated, span }),
      fc.tuple(fc.constantFrom('Date', 'COUNT', 'Sum', 'CurrentUtcTimestamp', 'String::Contains'), fc.array(e, { maxLength: 3 }), fc.boolean()).map(
        ([name, args, distinct]): A.Expr => ({ kind: 'CallExpr', name, args, distinct: distinct && args.length > 0, span }),
      ),
      fc.tuple(e, typeRef).map(([operand, type]): A.Expr => ({ kind: 'CastExpr', operand, type, span })),
    ),
  }
}).e

const setting: fc.Arbitrary<A.CollectionSetting> = fc
  .tuple(anyName, fc.oneof(literal, plainName, backtickName))
  .map(([key, value]) => ({ kind: 'CollectionSetting', key, value, span }))

export const backupStatement: fc.Arbitrary<A.Statement> = fc.oneof(
  fc.tuple(objectRef, fc.option(fc.oneof(fc.constant('db'), fc.array(anyName, { minLength: 1, maxLength: 3 })), { nil: undefined }), fc.array(setting, { minLength: 1, maxLength: 3 })).map(
    ([name, e, settings]): A.Statement => {
      const entries: A.CollectionEntries | undefined = e === undefined ? undefined : e === 'db' ? { kind: 'DatabaseEntry', span } : { kind: 'TableEntries', tables: e, span }
      return entries ? { kind: 'CreateBackupCollection', name, entries, settings, span } : { kind: 'CreateBackupCollection', name, settings, span }
    },
  ),
  fc.tuple(
    objectRef,
    fc.oneof(
      fc.array(
        fc.oneof(
          fc.array(setting, { minLength: 1, maxLength: 2 }).map((settings): A.AlterBackupCollectionAction => ({ kind: 'SetSettings', settings, span })),
          fc.array(anyName, { minLength: 1, maxLength: 2 }).map((keys): A.AlterBackupCollectionAction => ({ kind: 'ResetSettings', keys, span })),
        ),
        { minLength: 1, maxLength: 3 },
      ).map((actions) => ({ actions, entries: [] as A.AlterBackupCollectionEntry[] })),
      fc.array(
        fc.oneof(
          fc.constantFrom('AddDatabase', 'DropDatabase' as const).map((kind): A.AlterBackupCollectionEntry => ({ kind, span })),
          fc.tuple(fc.constantFrom('AddTable', 'DropTable' as const), anyName).map(([kind, table]): A.AlterBackupCollectionEntry => ({ kind, table, span })),
        ),
        { minLength: 1, maxLength: 3 },
      ).map((entries) => ({ actions: [] as A.AlterBackupCollectionAction[], entries })),
    ),
  ).map(([name, x]): A.Statement => ({ kind: 'AlterBackupCollection', name, ...x, span })),
  objectRef.map((name): A.Statement => ({ kind: 'DropBackupCollection', name, span })),
  fc.tuple(objectRef, fc.boolean()).map(([collection, incremental]): A.Statement => ({ kind: 'Backup', collection, incremental, span })),
  fc.tuple(objectRef, fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined })).map(([collection, at]): A.Statement =>
    at === undefined ? { kind: 'Restore', collection, span } : { kind: 'Restore', collection, at: { value: at, span }, span }),
)

const columnDef: fc.Arbitrary<A.ColumnDef> = fc
  .tuple(anyName, typeRef, fc.boolean(), fc.option(literal, { nil: undefined }))
  .map(([name, type, notNull, def]) => (def ? { kind: 'ColumnDef', name, type, notNull, default: def, span } : { kind: 'ColumnDef', name, type, notNull, span }))
const indexDef: fc.Arbitrary<A.IndexDef> = fc
  .tuple(anyName, fc.boolean(), fc.constantFrom('SYNC', 'ASYNC' as const), fc.array(anyName, { minLength: 1, maxLength: 2 }), fc.array(anyName, { maxLength: 2 }))
  .map(([name, unique, mode, columns, cover]) => ({ kind: 'IndexDef', name, unique, mode, columns, cover, span }))
const tableSetting: fc.Arbitrary<A.TableSetting> = fc.tuple(anyName, fc.oneof(literal, fc.tuple(expr, anyName, fc.option(fc.constantFrom('SECONDS', 'NANOSECONDS' as const), { nil: undefined })))).map(
  ([key, v]) => {
    if (!Array.isArray(v)) return { kind: 'TableSetting', key, value: v, span }
    const [expireAfter, column, unit] = v
    const ttl: A.TtlSetting = unit ? { kind: 'TtlSetting', expireAfter, column, unit, span } : { kind: 'TtlSetting', expireAfter, column, span }
    return { kind: 'TableSetting', key, value: ttl, span }
  },
)

const tableSource: fc.Arbitrary<A.TableSource> = fc.tuple(objectRef, fc.option(anyName, { nil: undefined }), fc.option(anyName, { nil: undefined })).map(([table, view, alias]) => ({
  kind: 'TableSource', table, ...(view ? { view } : {}), ...(alias ? { alias } : {}), span,
}))

export const select: fc.Arbitrary<A.SelectStmt> = fc
  .record({
    distinct: fc.boolean(),
    items: fc.array(fc.tuple(expr, fc.option(anyName, { nil: undefined })), { minLength: 1, maxLength: 3 }),
    from: fc.option(tableSource, { nil: undefined }),
    joins: fc.array(fc.tuple(fc.constantFrom('INNER', 'LEFT' as const), tableSource, expr), { maxLength: 2 }),
    where: fc.option(expr, { nil: undefined }),
    groupBy: fc.array(expr, { maxLength: 2 }),
    orderBy: fc.array(fc.tuple(expr, fc.constantFrom('ASC', 'DESC' as const)), { maxLength: 2 }),
    limit: fc.option(fc.tuple(integer, fc.option(integer, { nil: undefined })), { nil: undefined }),
  })
  .map((r): A.SelectStmt => ({
    kind: 'Select',
    distinct: r.distinct,
    items: r.items.map(([e, alias]) => ({ kind: 'SelectItem', expr: e, ...(alias ? { alias } : {}), span })),
    ...(r.from ? { from: r.from } : {}),
    joins: r.from ? r.joins.map(([type, source, on]) => ({ kind: 'Join', type, source, on, span })) : [],
    ...(r.where ? { where: r.where } : {}),
    groupBy: r.groupBy,
    orderBy: r.orderBy.map(([e, direction]) => ({ kind: 'OrderItem', expr: e, direction, span })),
    ...(r.limit ? { limit: r.limit[0], ...(r.limit[1] ? { offset: r.limit[1] } : {}) } : {}),
    span,
  }))

const values = fc.array(fc.array(expr, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((rows): A.WriteStmt['source'] => ({ kind: 'Values', rows, span }))

export const tableStatement: fc.Arbitrary<A.Statement> = fc.oneof(
  fc.tuple(objectRef, fc.boolean(), fc.array(columnDef, { minLength: 1, maxLength: 4 }), fc.array(anyName, { maxLength: 2 }), fc.array(indexDef, { maxLength: 2 }), fc.array(tableSetting, { maxLength: 2 })).map(
    ([table, ifNotExists, columns, primaryKey, indexes, settings]): A.Statement => ({ kind: 'CreateTable', table, ifNotExists, columns, primaryKey, indexes, settings, span }),
  ),
  fc.tuple(objectRef, fc.boolean()).map(([table, ifExists]): A.Statement => ({ kind: 'DropTable', table, ifExists, span })),
  fc.tuple(objectRef, fc.array(fc.oneof(
    columnDef.map((column): A.AlterTableAction => ({ kind: 'AddColumn', column, span })),
    anyName.map((column): A.AlterTableAction => ({ kind: 'DropColumn', column, span })),
    indexDef.map((index): A.AlterTableAction => ({ kind: 'AddIndex', index, span })),
    anyName.map((index): A.AlterTableAction => ({ kind: 'DropIndex', index, span })),
    fc.array(tableSetting, { minLength: 1, maxLength: 2 }).map((settings): A.AlterTableAction => ({ kind: 'SetSettings', settings, span })),
  ), { minLength: 1, maxLength: 3 })).map(([table, actions]): A.Statement => ({ kind: 'AlterTable', table, actions, span })),
  fc.tuple(fc.constantFrom('UPSERT', 'REPLACE', 'INSERT' as const), objectRef, fc.option(fc.array(anyName, { minLength: 1, maxLength: 3 }), { nil: undefined }), fc.oneof(values, select)).map(
    ([mode, table, columns, source]): A.Statement => ({ kind: 'Write', mode, table, ...(columns ? { columns } : {}), source, span }),
  ),
  fc.tuple(objectRef, fc.array(fc.tuple(anyName, expr), { minLength: 1, maxLength: 2 }), fc.option(expr, { nil: undefined })).map(([table, set, where]): A.Statement => ({
    kind: 'Update', table, set: set.map(([column, value]) => ({ column, value, span })), ...(where ? { where } : {}), span,
  })),
  fc.tuple(objectRef, fc.option(fc.array(anyName, { minLength: 1, maxLength: 2 }), { nil: undefined }), fc.oneof(values, select), fc.boolean()).map(([table, onColumns, on, isUpdate]): A.Statement =>
    isUpdate
      ? { kind: 'Update', table, set: [], on, ...(onColumns ? { onColumns } : {}), span }
      : { kind: 'Delete', table, on, ...(onColumns ? { onColumns } : {}), span }),
  fc.tuple(objectRef, fc.option(expr, { nil: undefined })).map(([table, where]): A.Statement => ({ kind: 'Delete', table, ...(where ? { where } : {}), span })),
  select,
)
