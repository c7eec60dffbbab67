// Parse throughput on a mixed script: `npx tsx bench/parse.ts [megabytes]`.
// Prints MB/s of parseScript (lex + parse + AST) and of validateScript.
import { validateScript } from '../src/ast/validate.js'
import { SourceText } from '../src/source/source-text.js'
import { parseScript } from '../src/syntax/parse.js'

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

const run = (): number => {
  const t0 = performance.now()
  const { script, diagnostics } = parseScript(new SourceText(text, 'bench.yql'))
  if (diagnostics.length) throw new Error(diagnostics[0]!.message)
  const t1 = performance.now()
  validateScript(script)
  return t1 - t0
}
run() // warm-up
const times = [run(), run(), run()].sort((a, b) => a - b)
const ms = times[1]!
console.log(`parsed ${(bytes / 1e6).toFixed(1)} MB (${parts.length} statements) in ${ms.toFixed(0)} ms: ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`)
