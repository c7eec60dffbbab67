// The planner as a pure function: parsed statements + a hand-built catalogue
// snapshot → plans or diagnostics, with YDB's messages (spec §2.10).
import { describe, expect, it } from 'vitest'
import type { BackupStatement } from '../../src/ast/nodes.js'
import { isBackupStatement } from '../../src/ast/nodes.js'
import { CatalogSnapshot, type BackupInfo, type CollectionInfo } from '../../src/plan/catalog.js'
import { explainPlan } from '../../src/plan/explain.js'
import { nextStamp, parseRestorePoint } from '../../src/plan/naming.js'
import { resolveCollectionPath } from '../../src/plan/paths.js'
import { planStatement, selectChain, type PlanResult } from '../../src/plan/planner.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'

const DB = '/Root'
const C = '/Root/.backups/collections'
const now = new Date('2025-08-21T14:14:25.500Z')

const b = (name: string, tables = ['Table']): BackupInfo => {
  const m = /^(\d{14})Z_(full|incremental)$/.exec(name)!
  return { name, stamp: m[1]!, kind: m[2] as 'full' | 'incremental', tables }
}

function catalog(opts: { collections?: CollectionInfo[]; tables?: string[]; schemas?: [string, import('../../src/types/table-schema.js').TableSchema][] } = {}) {
  return new CatalogSnapshot(
    DB,
    new Map((opts.collections ?? []).map((c) => [c.path, c])),
    new Map((opts.tables ?? []).map((t) => [t, 'table' as const])),
    new Map(opts.schemas ?? []),
  )
}

const coll = (name: string, backups: BackupInfo[] = [], spec: Partial<CollectionInfo['spec']> = {}): CollectionInfo => ({
  path: `${C}/${name}`,
  spec: { tables: ['/Root/Table'], storage: 'cluster', incrementalBackupEnabled: true, omitIndexes: false, ...spec },
  backups,
})

function plan(text: string, cat = catalog(), prefix = DB): PlanResult {
  const source = new SourceText(text, 't.yql')
  const { script, diagnostics } = parseScript(source)
  expect(diagnostics).toEqual([])
  const entry = script.statements[0]!
  if (!isBackupStatement(entry.statement)) throw new Error('not a backup statement')
  return planStatement(entry.statement as BackupStatement, { source, span: entry.span, pathPrefix: prefix, now }, cat)
}

const errorOf = (r: PlanResult) => (r.ok ? 'ok' : r.diagnostics.map((d) => d.message).join('\n'))

describe('CREATE BACKUP COLLECTION', () => {
  it('places a bare name under .backups/collections and resolves relative tables', () => {
    const r = plan("CREATE BACKUP COLLECTION c (TABLE t, TABLE `dir/u`, TABLE `/Root/x`) WITH (STORAGE = 'CLUSTER', INCREMENTAL_BACKUP_ENABLED = 'True')", catalog(), '/Root/app')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.plan.steps).toEqual([
      {
        kind: 'CreateCollection',
        collection: `${C}/c`,
        spec: { tables: ['/Root/app/t', '/Root/app/dir/u', '/Root/x'], storage: 'cluster', incrementalBackupEnabled: true, omitIndexes: false },
      },
    ])
  })
  it('accepts the exact absolute place and nothing else', () => {
    expect(plan("CREATE BACKUP COLLECTION `/Root/.backups/collections/c` (TABLE t) WITH (STORAGE = 'cluster')").ok).toBe(true)
    expect(errorOf(plan("CREATE BACKUP COLLECTION `/Root/other/c` (TABLE t) WITH (STORAGE = 'cluster')"))).toBe(
      'Backup collections must be placed in /Root/.backups/collections',
    )
    expect(errorOf(plan("CREATE BACKUP COLLECTION `/Root/.backups/collections/a/b` (TABLE t) WITH (STORAGE = 'cluster')"))).toBe(
      'Backup collections must be placed in /Root/.backups/collections',
    )
  })
  it('gives KQP messages for settings', () => {
    // Unknown keys are refused first (KQP type annotation), then values (KQP exec).
    expect(errorOf(plan("CREATE BACKUP COLLECTION c WITH (STORAGE = 'local', TAG = 'test')"))).toBe('Unsupported backup collection setting: tag')
    expect(errorOf(plan("CREATE BACKUP COLLECTION c WITH (STORAGE = 'local')"))).toBe('Only cluster STORAGE are currently supported')
    expect(errorOf(plan("CREATE BACKUP COLLECTION c WITH (STORAGE = 'cluster', TAG = 'test')"))).toBe('Unsupported backup collection setting: tag')
    expect(errorOf(plan("CREATE BACKUP COLLECTION c WITH (INCREMENTAL_BACKUP_ENABLED = 'yes')"))).toBe('INCREMENTAL_BACKUP_ENABLED must be true or false')
    expect(errorOf(plan("CREATE BACKUP COLLECTION c WITH (OMIT_INDEXES = '1')"))).toBe('OMIT_INDEXES must be true or false')
    expect(errorOf(plan("CREATE BACKUP COLLECTION c DATABASE WITH (STORAGE = 'cluster')"))).toBe('Unimplemented')
  })
  it('refuses an existing name, but not a missing table', () => {
    expect(errorOf(plan("CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster')", catalog({ collections: [coll('c')] })))).toMatch(
      /^Check failed: path: '\/Root\/.backups\/collections\/c', error: path exist/,
    )
    expect(plan("CREATE BACKUP COLLECTION c (TABLE nosuch) WITH (STORAGE = 'cluster')").ok).toBe(true)
  })
})

describe('BACKUP', () => {
  it('names a full backup by UTC second and starts change capture when incrementals are on', () => {
    const r = plan('BACKUP c', catalog({ collections: [coll('c')], tables: ['/Root/Table'] }))
    expect(r.ok && r.plan.steps[1]).toEqual({
      kind: 'FullBackup',
      collection: `${C}/c`,
      backup: '20250821141425Z_full',
      items: [{ src: '/Root/Table', dst: `${C}/c/20250821141425Z_full/Table` }],
      omitIndexes: false,
      changeCapture: '20250821141425Z_continuousBackupImpl',
    })
  })
  it('never collides with or sorts before an existing backup', () => {
    const r = plan('BACKUP c INCREMENTAL', catalog({ collections: [coll('c', [b('20250821141425Z_full'), b('20250821141426Z_incremental')])], tables: ['/Root/Table'] }))
    expect(r.ok && r.plan.steps[1]!.kind === 'IncrementalBackup' && r.plan.steps[1]!.backup).toBe('20250821141427Z_incremental')
    expect(nextStamp(new Date('2025-12-31T23:59:59Z'), [b('20251231235959Z_full')])).toBe('20260101000000')
  })
  it('gives SchemeShard messages', () => {
    const none = catalog({ collections: [coll('c', [], { incrementalBackupEnabled: false })], tables: ['/Root/Table'] })
    expect(errorOf(plan('BACKUP c INCREMENTAL', none))).toBe('Incremental backup is disabled on this collection')
    expect(errorOf(plan('BACKUP c INCREMENTAL', catalog({ collections: [coll('c')], tables: ['/Root/Table'] })))).toBe('Last continuous backup stream is not found')
    expect(errorOf(plan('BACKUP c', catalog({ collections: [coll('c')] })))).toMatch(/path: '\/Root\/Table', error: path hasn't been resolved/)
    expect(errorOf(plan('BACKUP nosuch', catalog()))).toMatch(/path: '\/Root\/.backups\/collections\/nosuch', error: path hasn't been resolved/)
  })
  it('requires a full backup after the table set changed', () => {
    const c = coll('c', [b('20250101000000Z_full', ['Other'])])
    expect(errorOf(plan('BACKUP c INCREMENTAL', catalog({ collections: [c], tables: ['/Root/Table'] })))).toMatch(/take a full backup \(BACKUP c\) before the next incremental/)
  })
})

describe('RESTORE', () => {
  const backups = [b('20250101000000Z_full'), b('20250101000001Z_incremental'), b('20250101000002Z_full'), b('20250101000003Z_incremental'), b('20250101000004Z_incremental')]
  it('restores the latest full and every incremental after it', () => {
    const r = plan('RESTORE c', catalog({ collections: [coll('c', backups)] }))
    expect(r.ok && r.plan.steps[1]).toEqual({
      kind: 'Restore',
      collection: `${C}/c`,
      chain: ['20250101000002Z_full', '20250101000003Z_incremental', '20250101000004Z_incremental'],
      items: [
        {
          target: '/Root/Table',
          full: `${C}/c/20250101000002Z_full/Table`,
          incrementals: [`${C}/c/20250101000003Z_incremental/Table`, `${C}/c/20250101000004Z_incremental/Table`],
        },
      ],
    })
  })
  it('AT picks the chain up to a point (extension)', () => {
    const r = plan("RESTORE c AT '20250101000001Z_incremental'", catalog({ collections: [coll('c', backups)] }))
    expect(r.ok && r.plan.steps[1]!.kind === 'Restore' && r.plan.steps[1]!.chain).toEqual(['20250101000000Z_full', '20250101000001Z_incremental'])
    expect(parseRestorePoint('2024-06-16_20-14-02')).toEqual({ stamp: '20240616201402' })
    expect(errorOf(plan("RESTORE c AT 'soon'", catalog({ collections: [coll('c', backups)] })))).toMatch(/^Cannot use AT 'soon'/)
  })
  it('refuses: nothing, only incrementals, an existing target', () => {
    expect(errorOf(plan('RESTORE c', catalog({ collections: [coll('c')] })))).toBe('Nothing to restore')
    expect(errorOf(plan('RESTORE c', catalog({ collections: [coll('c', [b('20250101000001Z_incremental')])] })))).toMatch(/only incremental backups/)
    expect(errorOf(plan('RESTORE c', catalog({ collections: [coll('c', backups)], tables: ['/Root/Table'] })))).toMatch(/path: '\/Root\/Table', error: path exist/)
  })
  it('chain selection follows name order', () => {
    expect(selectChain([b('20250101000003Z_incremental'), b('20250101000002Z_full')])!.map((x) => x.name)).toEqual(['20250101000002Z_full', '20250101000003Z_incremental'])
  })
})

describe('DROP and paths', () => {
  it('drops an existing collection, refuses a missing one', () => {
    expect(plan('DROP BACKUP COLLECTION c', catalog({ collections: [coll('c')] })).ok).toBe(true)
    expect(errorOf(plan('DROP BACKUP COLLECTION c'))).toMatch(/^Check failed: path: '\/Root\/.backups\/collections\/c', error: path hasn't been resolved/)
  })
  it('resolves collection paths as KQP does', () => {
    expect(resolveCollectionPath('x', '/Root')).toBe('/Root/.backups/collections/x')
    expect(resolveCollectionPath('/Root/.backups/collections/x/', '/Root')).toBe('/Root/.backups/collections/x')
    expect(resolveCollectionPath('/Root/x', '/Root')).toBeUndefined()
  })
  it('explains one line per step', () => {
    const r = plan('BACKUP c', catalog({ collections: [coll('c')], tables: ['/Root/Table'] }))
    expect(r.ok && explainPlan(r.plan)).toBe(
      'Backup (operation incbackup on /Root/.backups/collections/c)\n' +
        '  1. CheckTablesExist /Root/Table\n' +
        '  2. FullBackup 20250821141425Z_full consistent copy /Root/Table -> /Root/.backups/collections/c/20250821141425Z_full/Table change_capture=20250821141425Z_continuousBackupImpl\n',
    )
  })
})

describe('backup names (property)', () => {
  it('a new name always sorts after every existing one and keeps the 14-digit form', async () => {
    const fc = (await import('fast-check')).default
    const stamp = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true })
    fc.assert(
      fc.property(stamp, fc.array(stamp, { maxLength: 6 }), fc.boolean(), (now, olds, inc) => {
        const existing = olds.map((d, i) => b(`${nextStamp(d, [])}Z_${i % 2 ? 'incremental' : 'full'}`))
        const s = nextStamp(now, existing)
        const name = `${s}Z_${inc ? 'incremental' : 'full'}`
        return /^\d{14}$/.test(s) && existing.every((e) => e.name < name && e.stamp < s)
      }),
    )
  })
})
