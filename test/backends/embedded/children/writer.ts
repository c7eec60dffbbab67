// Child process for the durability tests: writes statements forever (or `count`
// of them). Each statement moves an amount between two accounts and logs 10 rows
// under its statement number, so a torn statement would be visible.
// Usage: writer.ts <dataDir> <writerId> [count]
import { openEmbeddedDatabase } from '../../../../src/backends/cluster/embedded/database.js'
import { primitive } from '../../../../src/types/ydb-type.js'

const [dir, idArg, countArg] = process.argv.slice(2)
const writer = Number(idArg)
const count = countArg ? Number(countArg) : Infinity
const db = openEmbeddedDatabase(dir!)
const col = (name: string, t: 'Uint32' | 'Int64') => ({ name, type: primitive(t), notNull: false })
db.write((tx) => {
  if (!tx.resolveTable('/local/acc')) {
    const t = tx.createTable('/local/acc', { columns: [col('id', 'Uint32'), col('amount', 'Int64')], primaryKey: ['id'], indexes: [] })
    for (let i = 0; i < 100; i++) tx.writeRow(t, [i, 1000n], { kind: 'upsert', columns: [0, 1] })
  }
  if (!tx.resolveTable('/local/log')) {
    tx.createTable('/local/log', {
      columns: [col('writer', 'Uint32'), col('stmt', 'Uint32'), col('i', 'Uint32'), col('pad', 'Int64')],
      primaryKey: ['writer', 'stmt', 'i'],
      indexes: [{ name: 'by_pad', columns: ['pad'], cover: [], unique: false, mode: 'SYNC' }],
    })
  }
})
process.stdout.write('ready\n')
let stmt = db.read((tx) => {
  let last = -1
  for (const r of tx.scan(tx.resolveTable('/local/log')!, { from: { key: [writer], inclusive: true }, to: { key: [writer], inclusive: true } })) last = r[1] as number
  return last + 1
})
for (let n = 0; n < count; n++, stmt++) {
  db.write((tx) => {
    const acc = tx.resolveTable('/local/acc')!
    const log = tx.resolveTable('/local/log')!
    const a = (stmt * 7 + writer) % 100
    const b = (stmt * 13 + 5) % 100
    tx.writeRow(acc, [a, (tx.get(acc, [a])![1] as bigint) - 3n], { kind: 'upsert', columns: [1] })
    tx.writeRow(acc, [b, (tx.get(acc, [b])![1] as bigint) + 3n], { kind: 'upsert', columns: [1] })
    for (let i = 0; i < 10; i++) tx.writeRow(log, [writer, stmt, i, BigInt(stmt * 10 + i)], { kind: 'upsert', columns: [0, 1, 2, 3] })
  })
}
await db.close()
process.stdout.write('done\n')
