// Parse throughput on a mixed script: `npx tsx bench/parse.ts [megabytes]`.
// Prints MB/s of parseScript (lex + parse + AST), whole and statement by statement,
// and of parseScript on the bulk-load UPSERT script of `npm run bench` (its 'parse' row).
import { validateScript } from '../src/ast/validate.js'
import { SourceText } from '../src/source/source-text.js'
import { parseScript } from '../src/syntax/parse.js'
import { StatementStream } from '../src/syntax/split.js'
import { benchRowSql } from './lib/table.js'

const STATEMENTS = [
  "CREATE BACKUP COLLECTION `shop_backups` ( TABLE `/Root/shop/orders`, TABLE `/Root/shop/products` ) WITH ( STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true' );",
  'BACKUP `shop_backups` INCREMENTAL;',
  "RESTORE shop_backups AT '2024-06-16_20-14-02';",
  "CREATE TABLE orders (order_id Uint32 NOT NULL, customer_name Utf8, order_date Timestamp, amount Decimal(22, 9), PRIMARY KEY (order_id), INDEX by_name GLOBAL ON (customer_name)) WITH (AUTO_PARTITIONING_BY_SIZE = ENABLED);",
  "UPSERT INTO orders (order_id, customer_name, order_date, amount) VALUES (1001, 'Иван Петров', Timestamp('2024-01-01T10:00:00Z'), Decimal('2500.5', 22, 9)), (1002, 'Мария', Timestamp('2024-01-01T10:15:00Z'), Decimal('1800', 22, 9));",
  "UPDATE products SET price = 63000, last_updated = '2024-01-01T11:30:00Z' WHERE product_id = 501;",
  'DELETE FROM orders WHERE order_id = 1002 AND amount > 10;',
  "SELECT o.order_id, COUNT(*) AS n, SUM(o.amount) FROM orders AS o LEFT JOIN products AS p ON o.product_id = p.product_id WHERE o.amount BETWEEN 1 AND 100 AND o.customer_name LIKE 'И%' GROUP BY o.order_id ORDER BY n DESC LIMIT 10;",
  "-- a comment\nALTER BACKUP COLLECTION c SET (STORAGE = 'cluster'), RESET (TAG);",
]

const megabytes = Number(process.argv[2] ?? 8)
const parts: string[] = []
let size = 0
for (let i = 0; size < megabytes * 1e6; i++) {
  const s = STATEMENTS[i % STATEMENTS.length]!
  parts.push(s)
  size += s.length + 1
}
const text = parts.join('\n')
const bytes = Buffer.byteLength(text)

// Wall time, and this process's CPU time (on a shared machine the wall clock also
// counts the time spent waiting for a core).
const run = (): { wall: number; cpu: number } => {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const { script, diagnostics } = parseScript(new SourceText(text, 'bench.yql'))
  const t1 = performance.now()
  const c1 = process.cpuUsage(c0)
  if (diagnostics.length) throw new Error(diagnostics[0]!.message)
  validateScript(script)
  return { wall: t1 - t0, cpu: (c1.user + c1.system) / 1000 }
}
// The runner's way with a large file: 64 KB chunks cut into statements, each parsed
// and dropped (memory stays bounded; no AST of the whole file is kept).
const streamed = (): { wall: number; cpu: number } => {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const stream = new StatementStream('bench.yql')
  let errors = 0
  for (let i = 0; i < text.length; i += 65536) {
    for (const s of stream.push(text.slice(i, i + 65536))) errors += parseScript(s.source).diagnostics.length
  }
  const last = stream.end()
  if (last) errors += parseScript(last.source).diagnostics.length
  const t1 = performance.now()
  const c1 = process.cpuUsage(c0)
  if (errors) throw new Error(`${errors} diagnostics`)
  return { wall: t1 - t0, cpu: (c1.user + c1.system) / 1000 }
}

// The load benchmark's script (bench/lib/scripts.ts): 1000-row UPSERT ... VALUES statements.
const upsertParts = ['CREATE TABLE t (id Uint64 NOT NULL, name Utf8, qty Int32, price Double, at Timestamp, note String, PRIMARY KEY (id));']
for (let i = 0, size = 0; size < megabytes * 1e6; i += 1000) {
  const rows: string[] = []
  for (let k = i; k < i + 1000; k++) rows.push(benchRowSql(k, 'yql'))
  const s = `UPSERT INTO t (id, name, qty, price, at, note) VALUES\n${rows.join(',\n')};`
  upsertParts.push(s)
  size += s.length + 1
}
const upsertText = upsertParts.join('\n')
const upsert = (): { wall: number; cpu: number } => {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const { diagnostics } = parseScript(new SourceText(upsertText, 'upsert.yql'))
  const t1 = performance.now()
  const c1 = process.cpuUsage(c0)
  if (diagnostics.length) throw new Error(diagnostics[0]!.message)
  return { wall: t1 - t0, cpu: (c1.user + c1.system) / 1000 }
}

const mbps = (ms: number, size = bytes): string => (size / 1e6 / (ms / 1000)).toFixed(1)
function report(what: string, f: () => { wall: number; cpu: number }, size = bytes): void {
  f() // warm-up
  const runs = [f(), f(), f()]
  const wall = Math.min(...runs.map((r) => r.wall))
  const cpu = Math.min(...runs.map((r) => r.cpu))
  console.log(`${what}: ${mbps(wall, size)} MB/s wall (${wall.toFixed(0)} ms), ${mbps(cpu, size)} MB/s CPU (${cpu.toFixed(0)} ms)`)
}
console.log(`${(bytes / 1e6).toFixed(1)} MB, ${parts.length} statements`)
report('parseScript, whole script (AST kept)', run)
report('statement by statement (StatementStream)', streamed)
const upsertBytes = Buffer.byteLength(upsertText)
report(`UPSERT script, ${(upsertBytes / 1e6).toFixed(1)} MB, whole (AST kept)`, upsert, upsertBytes)
