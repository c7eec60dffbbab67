// Connection settings and authentication: options and environment resolved as
// the ydb CLI does, and the credentials ydb-sdk sends, checked by the test
// server (which refuses calls without a known ticket when auth is on).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveYdbConnection } from '../../../src/backends/cluster/ydb/ydb-connection.js'
import { YdbErrorCode } from '../../../src/backends/cluster/ydb/ydb-errors.js'
import { openYdbCluster } from '../../../src/backends/cluster/ydb/ydb-cluster.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { startYdbTestServer } from '../../support/ydb-server/ydb-test-server.js'
import { DB, openBacking } from './harness.js'

describe('resolveYdbConnection', () => {
  it('reads endpoint and database from the environment', () => {
    const c = resolveYdbConnection({ env: { YDB_ENDPOINT: 'grpc://ydb.example:2136', YDB_DATABASE: 'Root/db/' } })
    expect(c).toMatchObject({ hostPort: 'ydb.example:2136', secure: false, database: '/Root/db', credentialsKind: 'anonymous' })
  })

  it('lets options win over the environment', () => {
    const c = resolveYdbConnection({ endpoint: 'grpc://a:1', database: '/x', env: { YDB_ENDPOINT: 'grpc://b:2', YDB_DATABASE: '/y' } })
    expect(c).toMatchObject({ hostPort: 'a:1', database: '/x' })
  })

  it('refuses a missing or malformed endpoint with the words of the flag', () => {
    expect(() => resolveYdbConnection({ env: {} })).toThrow(/No YDB endpoint: give -e grpc:\/\/host:port or set YDB_ENDPOINT/)
    expect(() => resolveYdbConnection({ endpoint: 'grpc://a:1', env: {} })).toThrow(/No YDB database/)
    expect(() => resolveYdbConnection({ endpoint: 'http://a:1/x', database: '/d', env: {} })).toThrow(YqlError)
  })

  it('picks credentials in the CLI order: static, token, service account, metadata, anonymous', () => {
    const base = { endpoint: 'grpc://a:1', database: '/d' }
    expect(resolveYdbConnection({ ...base, env: { YDB_USER: 'u', YDB_PASSWORD: 'p', YDB_ACCESS_TOKEN_CREDENTIALS: 't' } }).credentialsKind).toBe('static')
    expect(resolveYdbConnection({ ...base, env: { YDB_ACCESS_TOKEN_CREDENTIALS: 't' } }).credentialsKind).toBe('token')
    expect(resolveYdbConnection({ ...base, env: { YDB_METADATA_CREDENTIALS: '1' } }).credentialsKind).toBe('metadata')
    expect(resolveYdbConnection({ ...base, env: { YDB_ANONYMOUS_CREDENTIALS: '1' }, anonymous: true }).credentialsKind).toBe('anonymous')
    expect(resolveYdbConnection({ ...base, env: {} }).credentialsKind).toBe('anonymous')
  })

  it('uses TLS for grpcs:// with the CA file from YDB_SSL_ROOT_CERTIFICATES_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ydb-ca-'))
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
    writeFileSync(join(dir, 'ca.pem'), pem)
    const c = resolveYdbConnection({ endpoint: 'grpcs://a:2135', database: '/d', env: { YDB_SSL_ROOT_CERTIFICATES_FILE: join(dir, 'ca.pem') } })
    expect(c.secure).toBe(true)
    expect(c.sslCredentials?.rootCertificates?.toString()).toBe(pem)
  })
})

describe('authentication against the test server', () => {
  it('sends an access token from YDB_ACCESS_TOKEN_CREDENTIALS on every call', async () => {
    const b = await openBacking()
    const server = await startYdbTestServer({ backing: b.backing, auth: { tokens: ['secret-token'] } })
    try {
      const cluster = await openYdbCluster({ endpoint: server.endpoint, database: DB, env: { YDB_ACCESS_TOKEN_CREDENTIALS: 'secret-token' } })
      await cluster.makeDirectory('/local/d')
      expect((await cluster.listDirectory('/local')).map((e) => e.name)).toEqual(['d'])
      expect(String(server.lastMetadata()?.get('x-ydb-auth-ticket')[0])).toBe('secret-token')
      await cluster.close()
    } finally {
      await server.stop()
      await b.dispose()
    }
  })

  it('logs in with static credentials (AuthService.Login) and uses the issued token', async () => {
    const b = await openBacking()
    const server = await startYdbTestServer({ backing: b.backing, auth: { users: { alice: 'pw' } } })
    try {
      const cluster = await openYdbCluster({ endpoint: server.endpoint, database: DB, user: 'alice', password: 'pw', env: {} })
      await cluster.makeDirectory('/local/e')
      expect(server.calls).toContain('Auth/Login')
      expect(String(server.lastMetadata()?.get('x-ydb-auth-ticket')[0])).toMatch(/\.sig\d+$/)
      await cluster.close()
    } finally {
      await server.stop()
      await b.dispose()
    }
  })

  it('fails to connect with a wrong token, with a clear error', async () => {
    const b = await openBacking()
    const server = await startYdbTestServer({ backing: b.backing, auth: { tokens: ['right'] } })
    try {
      const err = await openYdbCluster({ endpoint: server.endpoint, database: DB, token: 'wrong', connectTimeoutMs: 1500, env: {} }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(YqlError)
      expect((err as YqlError).diagnostics[0]?.code).toBe(YdbErrorCode.Unauthenticated)
      expect((err as YqlError).message).toMatch(/^connect to grpc:\/\/127\.0\.0\.1:\d+\/local: .*auth ticket/)
      // Checked before the driver exists: no table session was attempted.
      expect(server.calls).toEqual(['Discovery/ListEndpoints'])
    } finally {
      await server.stop()
      await b.dispose()
    }
  })

  it('reports an endpoint where nothing listens as unavailable', async () => {
    const b = await openBacking()
    const server = await startYdbTestServer({ backing: b.backing })
    const endpoint = server.endpoint
    await server.stop()
    await b.dispose()
    const err = await openYdbCluster({ endpoint, database: DB, env: {} }).catch((e: unknown) => e)
    expect((err as YqlError).diagnostics[0]?.code).toBe(YdbErrorCode.Unavailable)
  })
})
