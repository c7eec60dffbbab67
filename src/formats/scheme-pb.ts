/**
 * `scheme.pb`: a table's schema as protobuf text of `Ydb.Table.CreateTableRequest`
 * (spec §3.1), printed field by field as YDB's C++ TextFormat does: fields in
 * field-number order (columns 3, primary_key 4, indexes 7, ttl_settings 8,
 * attributes 11, uniform_partitions 13, partitioning_settings 15), proto3 default
 * scalars omitted. Nullable columns have `type { optional_type { item {…} } }`;
 * NOT NULL columns a plain type and `not_null: true`.
 *
 * TableSchema.attributes (the `WITH (...)` settings kept as written) are stored
 * as the request's `attributes` map. Fields we do not model (storage_settings,
 * column_families, key_bloom_filter, read_replicas_settings, …) are ignored on read.
 */
import type { ColumnSchema, IndexSchema, PartitioningSchema, TableSchema, TtlSchema } from '../types/table-schema.js'
import { PRIMITIVE_TYPE_NAMES, type PrimitiveTypeName, type YdbType } from '../types/ydb-type.js'
import { isDecimal, type Value } from '../types/value.js'
import { formatDoubleShortest, formatFloatShortest, parseDoubleText } from './float-text.js'
import {
  parsePbText,
  pbMsg,
  pbRaw,
  pbStr,
  PbReader,
  PbTextError,
  printPbText,
  type PbMessage,
  type PbValue,
} from './pb-text.js'

const enumName = (n: PrimitiveTypeName): string => (n === 'JsonDocument' ? 'JSON_DOCUMENT' : n.toUpperCase())
const byEnum = new Map<string, PrimitiveTypeName>(PRIMITIVE_TYPE_NAMES.map((n) => [enumName(n), n]))

/** The `Ydb.Type` message of a (non-optional) type. */
export function typeMessage(t: YdbType): PbMessage {
  if (t.kind === 'Decimal')
    return pbMsg([['decimal_type', pbMsg([['precision', pbRaw(t.precision)], ['scale', pbRaw(t.scale)]])]])
  return pbMsg([['type_id', pbRaw(enumName(t.name))]])
}

const U64 = (1n << 64n) - 1n

function uuidHalves(u: string): [bigint, bigint] {
  const h = u.replace(/-/g, '')
  const b = Buffer.from(h, 'hex')
  // YDB's binary UUID: the first three groups little-endian, the rest as written
  const le = Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)])
  return [le.readBigUInt64LE(0), le.readBigUInt64LE(8)]
}

function uuidFromHalves(low: bigint, high: bigint): string {
  const le = Buffer.alloc(16)
  le.writeBigUInt64LE(low & U64, 0)
  le.writeBigUInt64LE(high & U64, 8)
  const b = Buffer.concat([Buffer.from(le.subarray(0, 4)).reverse(), Buffer.from(le.subarray(4, 6)).reverse(), Buffer.from(le.subarray(6, 8)).reverse(), le.subarray(8)])
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The `Ydb.Value` message of a column default. */
export function valueMessage(v: Value, t: YdbType): PbMessage {
  if (v === null) return pbMsg([['null_flag_value', pbRaw('NULL_VALUE')]])
  if (t.kind === 'Decimal' || isDecimal(v)) {
    const u = isDecimal(v) ? v.unscaled : 0n
    const low = u & U64
    const high = (u >> 64n) & U64
    return pbMsg([['low_128', pbRaw(low)], high !== 0n && ['high_128', pbRaw(high)]])
  }
  switch (t.name) {
    case 'Bool':
      return pbMsg([['bool_value', pbRaw(v as boolean)]])
    case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      return pbMsg([['int32_value', pbRaw(v as number)]])
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime':
      return pbMsg([['uint32_value', pbRaw(v as number)]])
    case 'Int64': case 'Interval': case 'Datetime64': case 'Timestamp64': case 'Interval64':
      return pbMsg([['int64_value', pbRaw(v as bigint)]])
    case 'Uint64': case 'Timestamp':
      return pbMsg([['uint64_value', pbRaw(v as bigint)]])
    case 'Float':
      return pbMsg([['float_value', pbRaw(formatFloatShortest(v as number))]])
    case 'Double':
      return pbMsg([['double_value', pbRaw(formatDoubleShortest(v as number))]])
    case 'String': case 'Yson':
      return pbMsg([['bytes_value', pbStr(v as Uint8Array)]])
    case 'Uuid': {
      const [low, high] = uuidHalves(v as string)
      return pbMsg([['low_128', pbRaw(low)], ['high_128', pbRaw(high)]])
    }
    default:
      return pbMsg([['text_value', pbStr(v as string)]])
  }
}

function columnMessage(c: ColumnSchema): PbMessage {
  const type: PbValue = c.notNull ? typeMessage(c.type) : pbMsg([['optional_type', pbMsg([['item', typeMessage(c.type)]])]])
  return pbMsg([
    ['name', pbStr(c.name)],
    ['type', type],
    c.family !== undefined && ['family', pbStr(c.family)],
    c.notNull && ['not_null', pbRaw(true)],
    c.default !== undefined && ['from_literal', pbMsg([['type', typeMessage(c.type)], ['value', valueMessage(c.default, c.type)]])],
  ])
}

function indexMessage(ix: IndexSchema): PbMessage {
  const kind = ix.unique ? 'global_unique_index' : ix.mode === 'ASYNC' ? 'global_async_index' : 'global_index'
  const kindField = [kind, pbMsg([])] as const
  return pbMsg([
    ['name', pbStr(ix.name)],
    ...ix.columns.map((c) => ['index_columns', pbStr(c)] as const),
    kind !== 'global_unique_index' && kindField, // fields 3, 4
    ...ix.cover.map((c) => ['data_columns', pbStr(c)] as const), // field 5
    kind === 'global_unique_index' && kindField, // field 6
  ])
}

function ttlMessage(ttl: TtlSchema): PbMessage {
  const mode =
    ttl.unit === undefined
      ? ['date_type_column', pbMsg([['column_name', pbStr(ttl.column)], ttl.expireAfterSeconds !== 0 && ['expire_after_seconds', pbRaw(ttl.expireAfterSeconds)]])] as const
      : ['value_since_unix_epoch', pbMsg([
          ['column_name', pbStr(ttl.column)],
          ['column_unit', pbRaw(`UNIT_${ttl.unit}`)],
          ttl.expireAfterSeconds !== 0 && ['expire_after_seconds', pbRaw(ttl.expireAfterSeconds)],
        ])] as const
  return pbMsg([mode, !!ttl.runIntervalSeconds && ['run_interval_seconds', pbRaw(ttl.runIntervalSeconds)]])
}

const flag = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : b ? 'ENABLED' : 'DISABLED')

function partitioningMessage(p: PartitioningSchema): PbMessage | undefined {
  const m = pbMsg([
    p.autoPartitioningBySize !== undefined && ['partitioning_by_size', pbRaw(flag(p.autoPartitioningBySize)!)],
    !!p.partitionSizeMb && ['partition_size_mb', pbRaw(p.partitionSizeMb)],
    p.autoPartitioningByLoad !== undefined && ['partitioning_by_load', pbRaw(flag(p.autoPartitioningByLoad)!)],
    !!p.minPartitionsCount && ['min_partitions_count', pbRaw(p.minPartitionsCount)],
    !!p.maxPartitionsCount && ['max_partitions_count', pbRaw(p.maxPartitionsCount)],
  ])
  return m.fields.length > 0 ? m : undefined
}

/** The `scheme.pb` text of a table. */
export function formatSchemePb(schema: TableSchema): string {
  const attrs = Object.entries(schema.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const part = schema.partitioning ? partitioningMessage(schema.partitioning) : undefined
  return printPbText(
    pbMsg([
      ...schema.columns.map((c) => ['columns', columnMessage(c)] as const),
      ...schema.primaryKey.map((k) => ['primary_key', pbStr(k)] as const),
      ...schema.indexes.map((ix) => ['indexes', indexMessage(ix)] as const),
      schema.ttl !== undefined && ['ttl_settings', ttlMessage(schema.ttl)],
      ...attrs.map(([k, v]) => ['attributes', pbMsg([['key', pbStr(k)], ['value', pbStr(v)]])] as const),
      !!schema.partitioning?.uniformPartitions && ['uniform_partitions', pbRaw(schema.partitioning.uniformPartitions)],
      part !== undefined && ['partitioning_settings', part],
    ]),
  )
}

// ── reading ──

function readType(r: PbReader): { type: YdbType; optional: boolean } {
  const opt = r.message('optional_type')
  if (opt) {
    const item = opt.message('item')
    if (!item) throw new PbTextError(`${opt.where}: missing item`)
    return { type: readType(item).type, optional: true }
  }
  const dec = r.message('decimal_type')
  if (dec) return { type: { kind: 'Decimal', precision: dec.number('precision') ?? 0, scale: dec.number('scale') ?? 0 }, optional: false }
  const id = r.raw('type_id')
  const name = id === undefined ? undefined : byEnum.get(id)
  if (name === undefined) throw new PbTextError(`${r.where}: unsupported type ${id ?? '(none)'}`)
  return { type: { kind: 'Primitive', name }, optional: false }
}

const big = (r: PbReader, f: string): bigint | undefined => {
  const s = r.raw(f)
  return s === undefined ? undefined : BigInt(s)
}

function readValue(r: PbReader, t: YdbType): Value {
  if (r.has('null_flag_value')) return null
  if (t.kind === 'Decimal') {
    const u = ((big(r, 'high_128') ?? 0n) << 64n) | (big(r, 'low_128') ?? 0n)
    return { kind: 'Decimal', unscaled: BigInt.asIntN(128, u), scale: t.scale }
  }
  switch (t.name) {
    case 'Bool':
      return r.bool('bool_value') ?? false
    case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      return r.number('int32_value') ?? 0
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime':
      return r.number('uint32_value') ?? 0
    case 'Int64': case 'Interval': case 'Datetime64': case 'Timestamp64': case 'Interval64':
      return big(r, 'int64_value') ?? 0n
    case 'Uint64': case 'Timestamp':
      return big(r, 'uint64_value') ?? 0n
    case 'Float':
      return Math.fround(parseDoubleText(r.raw('float_value') ?? '0') ?? 0)
    case 'Double':
      return parseDoubleText(r.raw('double_value') ?? '0') ?? 0
    case 'String': case 'Yson':
      return r.bytes('bytes_value') ?? new Uint8Array()
    case 'Uuid':
      return uuidFromHalves(big(r, 'low_128') ?? 0n, big(r, 'high_128') ?? 0n)
    default:
      return r.string('text_value') ?? ''
  }
}

function readColumn(r: PbReader): ColumnSchema {
  const name = r.string('name')
  const typeR = r.message('type')
  if (!name || !typeR) throw new PbTextError(`${r.where}: a column needs name and type`)
  const { type, optional } = readType(typeR)
  const lit = r.message('from_literal')
  const valueR = lit?.message('value')
  const family = r.string('family')
  return {
    name,
    type,
    notNull: r.bool('not_null') ?? !optional,
    ...(valueR ? { default: readValue(valueR, type) } : {}),
    ...(family !== undefined && family !== '' ? { family } : {}),
  }
}

function readIndex(r: PbReader): IndexSchema {
  return {
    name: r.string('name') ?? '',
    columns: r.strings('index_columns'),
    cover: r.strings('data_columns'),
    unique: r.has('global_unique_index'),
    mode: r.has('global_async_index') ? 'ASYNC' : 'SYNC',
  }
}

function readTtl(r: PbReader): TtlSchema | undefined {
  const run = r.number('run_interval_seconds')
  const runPart = run ? { runIntervalSeconds: run } : {}
  const d = r.message('date_type_column')
  if (d) return { column: d.string('column_name') ?? '', expireAfterSeconds: d.number('expire_after_seconds') ?? 0, ...runPart }
  const v = r.message('value_since_unix_epoch')
  if (v) {
    const unit = (v.raw('column_unit') ?? 'UNIT_SECONDS').replace(/^UNIT_/, '') as TtlSchema['unit']
    return { column: v.string('column_name') ?? '', expireAfterSeconds: v.number('expire_after_seconds') ?? 0, unit, ...runPart }
  }
  return undefined
}

function readPartitioning(req: PbReader): PartitioningSchema | undefined {
  const p = req.message('partitioning_settings')
  const uniform = req.number('uniform_partitions')
  if (!p && !uniform) return undefined
  const f = (name: string): boolean | undefined => {
    const s = p?.raw(name)
    return s === 'ENABLED' ? true : s === 'DISABLED' ? false : undefined
  }
  const out: Record<string, unknown> = {
    autoPartitioningBySize: f('partitioning_by_size'),
    autoPartitioningByLoad: f('partitioning_by_load'),
    partitionSizeMb: p?.number('partition_size_mb'),
    minPartitionsCount: p?.number('min_partitions_count'),
    maxPartitionsCount: p?.number('max_partitions_count'),
    uniformPartitions: uniform,
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
  return out as PartitioningSchema
}

/** Reads `scheme.pb` text. Throws PbTextError (with a line or field path) on malformed text. */
export function parseSchemePb(text: string): TableSchema {
  const req = new PbReader(parsePbText(text), 'CreateTableRequest')
  const columns = req.messages('columns').map(readColumn)
  const primaryKey = req.strings('primary_key')
  if (columns.length === 0) throw new PbTextError('CreateTableRequest: no columns')
  for (const k of primaryKey)
    if (!columns.some((c) => c.name === k)) throw new PbTextError(`CreateTableRequest: primary key column ${k} is not a column`)
  const ttlR = req.message('ttl_settings')
  const ttl = ttlR ? readTtl(ttlR) : undefined
  const attrs = req.messages('attributes')
  const partitioning = readPartitioning(req)
  return {
    columns,
    primaryKey,
    indexes: req.messages('indexes').map(readIndex),
    ...(ttl ? { ttl } : {}),
    ...(partitioning ? { partitioning } : {}),
    ...(attrs.length > 0 ? { attributes: Object.fromEntries(attrs.map((a) => [a.string('key') ?? '', a.string('value') ?? ''])) } : {}),
  }
}
