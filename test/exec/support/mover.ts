// A writer for the concurrency test: in one transaction each, moves an amount
// between a random row of /Root/a and a random row of /Root/b (or between two
// rows of one table), so SUM(a) + SUM(b) never changes. Prints the number of
// moves done every 10 ms until killed.
import { openEmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'

const [dataDir, rowsArg] = process.argv.slice(2) as [string, string]
const rows = Number(rowsArg)
const cluster = await openEmbeddedCluster({ dataDir, database: '/Root' })
let moves = 0
setInterval(() => process.stdout.write(`${moves}\n`), 10)
const pick = () => Math.floor(Math.random() * rows)
for (;;) {
  cluster.db.write((tx) => {
    const tables = [tx.resolveTable('/Root/a')!, tx.resolveTable('/Root/b')!]
    const from = tables[Math.floor(Math.random() * 2)]!
    const to = tables[Math.floor(Math.random() * 2)]!
    const i = pick()
    const j = pick()
    if (from === to && i === j) return
    const d = BigInt(1 + Math.floor(Math.random() * 10))
    const src = tx.get(from, [i])!
    const dst = tx.get(to, [j])!
    tx.writeRow(from, [i, (src[1] as bigint) - d], { kind: 'upsert', columns: [0, 1] })
    tx.writeRow(to, [j, (dst[1] as bigint) + d], { kind: 'upsert', columns: [0, 1] })
  })
  moves++
  if (moves % 10 === 0) await new Promise((r) => setImmediate(r))
}
