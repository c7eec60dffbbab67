// Child process: fills a table, then runs a consistent copy with change capture
// in chunks (killed midway by the test). Usage: copier.ts <dataDir> <rows>
import { openEmbeddedCluster } from '../../../../src/backends/cluster/embedded/embedded-cluster.js'
import { primitive } from '../../../../src/types/ydb-type.js'

const [dir, rowsArg] = process.argv.slice(2)
const c = await openEmbeddedCluster({ dataDir: dir! })
const rows = Number(rowsArg)
c.db.write((tx) => {
  if (tx.resolveTable('/local/big')) return
  const t = tx.createTable('/local/big', {
    columns: [{ name: 'id', type: primitive('Uint32'), notNull: false }, { name: 'v', type: primitive('Utf8'), notNull: false }],
    primaryKey: ['id'],
    indexes: [],
  })
  for (let i = 0; i < rows; i++) tx.writeRow(t, [i, `value ${i}`], { kind: 'upsert', columns: [0, 1] })
})
process.stdout.write('ready\n')
for (let n = 0; ; n++) {
  await c.consistentCopy([{ src: '/local/big', dst: `/local/copies/c${process.pid}_${n}` }], { changeCapture: `s${n}`, progress: () => {} })
}
