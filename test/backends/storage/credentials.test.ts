import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { parseIni, resolveS3Credentials } from '../../../src/backends/storage/s3/credentials.js'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'

const home = mkdtempSync(join(tmpdir(), 'yqlb-home-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))
const file = join(home, 'credentials')
writeFileSync(
  file,
  [
    '# comment',
    '[default]',
    'aws_access_key_id = DEFAULTKEY',
    'aws_secret_access_key = defaultsecret',
    '',
    '[profile ci]',
    'AWS_ACCESS_KEY_ID=CIKEY',
    'aws_secret_access_key=ci/secret+with=equals',
    'aws_session_token = citoken',
    '; other comment',
    '[broken]',
    'aws_access_key_id = ONLYKEY',
  ].join('\n'),
)

const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof YqlError ? e.diagnostics[0]?.code : String(e)))

describe('resolveS3Credentials', () => {
  it('prefers explicit --access-key/--secret-key over everything', async () => {
    const c = await resolveS3Credentials({ accessKey: 'CLI', secretKey: 'clisecret', env: { AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'x' } })
    expect([c.accessKeyId, c.secretAccessKey, c.source]).toEqual(['CLI', 'clisecret', 'command line'])
  })

  it('requires both CLI values', async () => {
    expect(await codeOf(resolveS3Credentials({ accessKey: 'CLI', env: {} }))).toBe('storage/credentials')
  })

  it('uses AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN', async () => {
    const c = await resolveS3Credentials({ env: { AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_SESSION_TOKEN: 'tok', HOME: home } })
    expect([c.accessKeyId, c.secretAccessKey, c.sessionToken, c.source]).toEqual(['ENV', 'envsecret', 'tok', 'environment'])
    expect(await codeOf(resolveS3Credentials({ env: { AWS_ACCESS_KEY_ID: 'ENV' } }))).toBe('storage/credentials')
  })

  it('reads the default profile, AWS_PROFILE, and an explicit profile from the credentials file', async () => {
    const env = { AWS_SHARED_CREDENTIALS_FILE: file }
    expect((await resolveS3Credentials({ env })).accessKeyId).toBe('DEFAULTKEY')
    const ci = await resolveS3Credentials({ env: { ...env, AWS_PROFILE: 'ci' } })
    expect([ci.accessKeyId, ci.secretAccessKey, ci.sessionToken]).toEqual(['CIKEY', 'ci/secret+with=equals', 'citoken'])
    expect(ci.source).toBe(`profile ci (${file})`)
    expect((await resolveS3Credentials({ env: { ...env, AWS_ACCESS_KEY_ID: 'E', AWS_SECRET_ACCESS_KEY: 'S' }, profile: 'ci' })).accessKeyId).toBe('CIKEY')
  })

  it('finds ~/.aws/credentials through HOME', async () => {
    const h = mkdtempSync(join(tmpdir(), 'yqlb-home2-'))
    try {
      const { mkdirSync } = await import('node:fs')
      mkdirSync(join(h, '.aws'))
      writeFileSync(join(h, '.aws', 'credentials'), '[default]\naws_access_key_id=HOMEKEY\naws_secret_access_key=homesecret\n')
      expect((await resolveS3Credentials({ env: { HOME: h } })).accessKeyId).toBe('HOMEKEY')
    } finally {
      rmSync(h, { recursive: true, force: true })
    }
  })

  it('says where it looked when nothing is configured, and names a missing or broken profile', async () => {
    const err = await resolveS3Credentials({ env: { HOME: join(home, 'nowhere') } }).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/^no S3 credentials: use --access-key\/--secret-key, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a \[default\] profile to .*nowhere\/\.aws\/credentials$/)
    const missing = await resolveS3Credentials({ env: { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'nope' } }).catch((e: unknown) => e)
    expect((missing as Error).message).toBe(`AWS profile 'nope' not found in ${file}`)
    expect(await codeOf(resolveS3Credentials({ env: { AWS_SHARED_CREDENTIALS_FILE: file }, profile: 'broken' }))).toBe('storage/credentials')
  })

  it('keeps the secret out of JSON, String() and util.inspect', async () => {
    const c = await resolveS3Credentials({ accessKey: 'AKID', secretKey: 'TOPSECRETVALUE' })
    expect(JSON.stringify(c)).not.toContain('TOPSECRETVALUE')
    expect(String(c)).not.toContain('TOPSECRETVALUE')
    expect(inspect(c)).not.toContain('TOPSECRETVALUE')
    expect(inspect({ nested: c }, { depth: 5 })).not.toContain('TOPSECRETVALUE')
    expect(c.secretAccessKey).toBe('TOPSECRETVALUE')
  })
})

describe('parseIni', () => {
  it('parses sections, [profile x] headers, comments and values containing "="', () => {
    const ini = parseIni('[a]\nk = v=w\n# c\n[profile b]\n K2=v2 \n')
    expect(ini.get('a')?.get('k')).toBe('v=w')
    expect(ini.get('b')?.get('k2')).toBe('v2')
  })
})
