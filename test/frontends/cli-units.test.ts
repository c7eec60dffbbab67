import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { clusterOptions, resolveAuth, resolveDataDir } from '../../src/frontends/cli/global-options.js'
import { resolvePath } from '../../src/frontends/cli/command-helpers.js'
import {
  defaultDumpDir, parseCompression, parseItem, parseSize, readEncryptionKey, s3Url, TransferUsageError,
} from '../../src/frontends/cli/transfer-options.js'
import { makeCompleter, type NameCache } from '../../src/frontends/repl/completer.js'
import { historyPath, loadHistory, saveHistory } from '../../src/frontends/repl/history.js'
import { isMetaCommand } from '../../src/frontends/repl/meta-commands.js'
import { scanEntry } from '../../src/frontends/repl/repl.js'

describe('global options', () => {
  it('data directory: option, env, XDG, home', () => {
    expect(resolveDataDir('/x', { YQL_BACKUP_DATA_DIR: '/y' })).toBe('/x')
    expect(resolveDataDir(undefined, { YQL_BACKUP_DATA_DIR: '/y', XDG_DATA_HOME: '/z' })).toBe('/y')
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/z' })).toBe('/z/yql-backup')
    expect(resolveDataDir(undefined, { HOME: '/home/u' })).toBe('/home/u/.local/share/yql-backup')
  })

  it('credentials from option files; the environment is left to the YDB backend', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yql-auth-'))
    writeFileSync(join(dir, 'token'), 'secret-token\n')
    writeFileSync(join(dir, 'pw'), 'pa55\n')
    expect(resolveAuth({ database: '/d', tokenFile: join(dir, 'token') }, {})).toEqual({ token: 'secret-token' })
    expect(resolveAuth({ database: '/d', user: 'u', passwordFile: join(dir, 'pw') }, {})).toEqual({ user: 'u', password: 'pa55' })
    expect(resolveAuth({ database: '/d', user: 'u', password: false }, { YDB_PASSWORD: 'x' })).toEqual({ user: 'u', password: '' })
    expect(resolveAuth({ database: '/d', user: 'u' }, { YDB_PASSWORD: 'x' })).toEqual({ user: 'u', password: 'x' })
    expect(resolveAuth({ database: '/d' }, { YDB_ACCESS_TOKEN_CREDENTIALS: 't' })).toEqual({})
    expect(resolveAuth({ database: '/d' }, { YDB_TOKEN: 'yt' })).toEqual({ token: 'yt' })
    expect(clusterOptions({ database: '/local' }, { HOME: '/h' })).toEqual({ database: '/local', dataDir: '/h/.local/share/yql-backup', env: { HOME: '/h' } })
    expect(clusterOptions({ database: '/db', endpoint: 'grpc://h:1', caFile: '/ca' }, {})).toMatchObject({ endpoint: 'grpc://h:1', auth: { caFile: '/ca' } })
  })

  it('paths resolve below the database', () => {
    expect(resolvePath('/local', undefined)).toBe('/local')
    expect(resolvePath('/local', '.')).toBe('/local')
    expect(resolvePath('/local', 'a/b/')).toBe('/local/a/b')
    expect(resolvePath('/local', './a')).toBe('/local/a')
    expect(resolvePath('/local', '/other/x')).toBe('/other/x')
  })
})

describe('transfer options', () => {
  it('parses items, compression and sizes as the ydb CLI does', () => {
    expect(parseItem('src=dir/t,dst=pfx')).toEqual({ src: 'dir/t', dst: 'pfx' })
    expect(parseItem('source=a,destination=b')).toEqual({ src: 'a', dst: 'b' })
    expect(parseItem('s=a,d=b')).toEqual({ src: 'a', dst: 'b' })
    expect(() => parseItem('src=a')).toThrow(TransferUsageError)
    expect(parseCompression('zstd')).toEqual({ level: 3 })
    expect(parseCompression('zstd-19')).toEqual({ level: 19 })
    expect(() => parseCompression('gzip')).toThrow(TransferUsageError)
    expect(parseSize('512')).toBe(512)
    expect(parseSize('512K')).toBe(512 * 1024)
    expect(parseSize('2MiB')).toBe(2 * 1024 ** 2)
    expect(defaultDumpDir(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)))).toBe('backup_20250102T030405')
  })

  it('builds storage URLs without credentials', () => {
    const o = { s3Endpoint: 'storage.example.com', bucket: 'b', scheme: 'https' as const, retries: '10', useVirtualAddressing: 'false', accessKey: 'AK', secretKey: 'SK' }
    const url = s3Url(o, '/exports/2025/')
    expect(url).toBe('s3://b/exports/2025?endpoint=https%3A%2F%2Fstorage.example.com&virtual=false&retries=10')
    expect(url).not.toContain('AK')
    expect(s3Url({ ...o, s3Endpoint: 'http://127.0.0.1:9000' }, 'p')).toContain('endpoint=http%3A%2F%2F127.0.0.1%3A9000')
  })

  it('reads encryption keys from a file or the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yql-key-'))
    writeFileSync(join(dir, 'k'), Buffer.alloc(16, 7))
    expect(readEncryptionKey(join(dir, 'k'), {})).toEqual(Buffer.alloc(16, 7))
    expect(readEncryptionKey(undefined, { YDB_ENCRYPTION_KEY: '00ff' })).toEqual(Buffer.from([0, 255]))
    expect(() => readEncryptionKey(undefined, { YDB_ENCRYPTION_KEY: 'zz' })).toThrow('Failed to decode encryption key from hex')
    expect(readEncryptionKey(undefined, {})).toBeUndefined()
  })
})

describe('REPL input handling', () => {
  it('an entry is complete after a ; outside strings and comments', () => {
    expect(scanEntry('SELECT 1').incomplete).toBe(true)
    expect(scanEntry('SELECT 1;').incomplete).toBe(false)
    expect(scanEntry("SELECT 'a;").incomplete).toBe(true)
    expect(scanEntry('SELECT 1; -- done').incomplete).toBe(false)
    expect(scanEntry('SELECT 1; /* more').incomplete).toBe(true)
    expect(scanEntry('SELECT 1; SELECT 2;').statements.map((s) => s.text)).toEqual(['SELECT 1;', 'SELECT 2;'])
    expect(scanEntry('   ').incomplete).toBe(false)
  })

  it('recognises meta-commands', () => {
    for (const c of ['\\help', '\\q', '.quit', '  \\tables', '\\backups daily', '\\format csv']) expect(isMetaCommand(c)).toBe(true)
    for (const c of ['SELECT 1;', '\\nope', '.5']) expect(isMetaCommand(c)).toBe(false)
  })

  it('completes keywords in the case typed, and table and collection names', () => {
    const names = { tables: ['orders', 'shop/items'], collections: ['daily'] } as unknown as NameCache
    const complete = makeCompleter(names)
    expect(complete('BAC')).toEqual([['BACKUP'], 'BAC'])
    expect(complete('bac')).toEqual([['backup'], 'bac'])
    expect(complete('SELECT * FROM ord')[0]).toEqual(['orders', 'order'])
    expect(complete('SELECT * FROM shop')[0]).toEqual(['`shop/items`'])
    expect(complete('BACKUP da')[0]).toContain('daily')
    expect(complete('\\ba')).toEqual([['\\backups'], '\\ba'])
  })

  it('keeps history in a file, newest last, env override', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yql-hist-'))
    expect(historyPath({ YQL_BACKUP_HISTORY: join(dir, 'h') })).toBe(join(dir, 'h'))
    expect(historyPath({ YQL_BACKUP_HISTORY: '' })).toBeUndefined()
    expect(historyPath({ HOME: '/home/u' })).toBe('/home/u/.yql_backup_history')
    saveHistory(join(dir, 'h'), ['SELECT 2;', 'SELECT 1;'])
    expect(readFileSync(join(dir, 'h'), 'utf8')).toBe('SELECT 1;\nSELECT 2;\n')
    expect(loadHistory(join(dir, 'h'))).toEqual(['SELECT 2;', 'SELECT 1;'])
  })
})
