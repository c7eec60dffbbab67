// YDB's reserved column prefix `__ydb_`: refused for CREATE TABLE statements,
// accepted for incremental backup tables created by the restore/import path
// (explicit option, or a table inside <database>/.backups/collections).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEmbeddedCluster, type EmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { Session, type StatementResult } from '../../../src/exec/session.js'
import { SourceText } from '../../../src/source/source-text.js'
import { INCR_DELETED_COLUMN } from '../../../src/types/table-schema.js'
import { schema, tempDir } from './helpers.js'

const META = '__ydb_incrBackupImpl_changeMetadata'
const withMeta = schema({ key: 'Uint32', value: 'Uint32', [META]: 'String' })

let c: EmbeddedCluster
let cleanup: () => void
beforeEach(async () => {
  const t = tempDir()
  cleanup = t.cleanup
  c = await openEmbeddedCluster({ dataDir: t.dir })
})
afterEach(async () => {
  await c.close()
  cleanup()
})

const messageOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(YqlError)
    return (e as YqlError).message
  }
  return 'no error'
}

describe('__ydb_ system columns', () => {
  it('CREATE TABLE refuses them with a clear error, also under .backups', async () => {
    const s = new Session({ cluster: c })
    for (const path of ['t', '`.backups/collections/c/x/t`']) {
      const out: StatementResult[] = []
      for await (const r of s.run(new SourceText(`CREATE TABLE ${path} (key Uint32, ${META} String, PRIMARY KEY (key));`, 'q.yql'))) out.push(r)
      expect(out[0]!.kind).toBe('Error')
      expect(out[0]!.kind === 'Error' && out[0]!.diagnostics[0]!.message).toMatch(
        new RegExp(`^Column name ${META} of table /local/.* uses the reserved prefix __ydb_`),
      )
    }
    expect(await c.describePath('/local/t')).toBeUndefined()
  })

  it('the engine refuses them unless allowSystemColumns is given', () => {
    expect(() => c.db.write((tx) => tx.createTable('/local/t', withMeta))).toThrow(/reserved prefix __ydb_/)
    c.db.write((tx) => tx.createTable('/local/t', withMeta, { allowSystemColumns: true }))
    expect(c.db.read((tx) => tx.resolveTable('/local/t')!.schema.columns.map((x) => x.name))).toEqual(['key', 'value', META])
  })

  it('the restore/import path creates incremental tables with them', async () => {
    // Outside collections only with the explicit option.
    expect(await messageOf(c.createTable('/local/dir/inc', withMeta))).toMatch(/reserved prefix __ydb_/)
    await c.createTable('/local/dir/inc', withMeta, { allowSystemColumns: true })
    // Inside a collection (ImportBackup of an incremental): always, like YDB; older encodings too.
    const old = schema({ key: 'Uint32', value: 'Uint32', [INCR_DELETED_COLUMN]: 'Bool' })
    await c.createTable('/local/.backups/collections/c/20260101000000Z_incremental/t', withMeta)
    await c.createTable('/local/.backups/collections/c/20250101000000Z_incremental/t', old)
    await c.bulkUpsert('/local/.backups/collections/c/20260101000000Z_incremental/t', [[1, 10, null]])
    expect((await c.describeTable('/local/.backups/collections/c/20250101000000Z_incremental/t'))!.columns.at(-1)!.name).toBe(INCR_DELETED_COLUMN)
    // A look-alike of the collections directory is not one.
    expect(await messageOf(c.createTable('/local/.backups/collectionsX/t', withMeta))).toMatch(/reserved prefix __ydb_/)
  })
})
