// Using yql-backup as a library: open an embedded database, run statements,
// read typed results, watch progress, lint text without any backend.
//
//   npx tsx examples/library-example.ts [DATA_DIR]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { check, openDatabase, renderDiagnostic } from '../src/index.js'

const dataDir = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'yql-backup-example-')), 'db')

// 1. Lint: parse and validate only (what an editor or a CI linter calls).
for (const d of check('CREATE BACKUP COLECTION nightly (TABLE orders);', 'lint.yql')) console.log(renderDiagnostic(d))

// 2. Run statements; results arrive one per statement, as they complete.
const db = await openDatabase({ dataDir })
try {
  const script = `
    CREATE TABLE accounts (id Uint64 NOT NULL, balance Int64, PRIMARY KEY (id));
    UPSERT INTO accounts (id, balance) VALUES (1, 9223372036854775807), (2, -5);
    CREATE BACKUP COLLECTION nightly (TABLE accounts) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');
    BACKUP nightly;
  `
  const controller = new AbortController()
  for await (const r of db.run(script, { name: 'setup.yql', signal: controller.signal, onProgress: (e) => console.log(`progress: ${e.kind} ${e.progress.tablesDone ?? 0}/${e.progress.tablesTotal ?? '?'}`) })) {
    if (r.kind === 'Error') throw new Error(r.diagnostics.map((d) => renderDiagnostic(d)).join('\n'))
    if (r.kind === 'Ok') console.log(r.message)
  }

  // 3. query(): the result sets, values typed (Int64 is a bigint, exact).
  const [rs] = await db.query('SELECT id, balance FROM accounts ORDER BY id;')
  for (const row of rs!.rows) console.log(`account ${row[0]}: balance ${row[1]} (${typeof row[1]})`)

  // 4. The collection's backups, as a result set.
  const backups = await db.listBackups('nightly')
  console.log(`backups: ${backups.rows.length}`)
} finally {
  await db.close()
}
