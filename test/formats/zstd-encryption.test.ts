// .zst streams (multi-frame, interoperable with the zstd CLI when installed)
// and YDB's encrypted file layout: round trips for every algorithm, the exact
// byte layout, and tamper detection.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  combineIv,
  decodeHeader,
  decryptBuffer,
  decryptStream,
  encryptBuffer,
  encryptStream,
  normalizeAlgorithm,
  type EncryptionAlgorithm,
} from '../../src/formats/encryption.js'
import { zstdCompressStream, zstdDecompressStream } from '../../src/formats/zstd.js'

async function* chunks(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size)
}
const collect = async (it: AsyncIterable<Uint8Array>): Promise<Buffer> => {
  const parts: Uint8Array[] = []
  for await (const c of it) parts.push(c)
  return Buffer.concat(parts)
}
const hasZstdCli = ((): boolean => {
  try {
    execFileSync('zstd', ['--version'])
    return true
  } catch {
    return false
  }
})()

describe('zstd', () => {
  const data = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `${i},"row+${i % 97}"\n`).join(''))
  it('round-trips through several frames', async () => {
    const z = await collect(zstdCompressStream(chunks(data, 7000), 3, 64 << 10))
    expect(z.length).toBeLessThan(data.length / 3)
    expect(await collect(zstdDecompressStream(chunks(z, 1000)))).toEqual(data)
  })
  it('writes a valid stream for empty input', async () => {
    const z = await collect(zstdCompressStream(chunks(Buffer.alloc(0), 1)))
    expect(z.length).toBeGreaterThan(0)
    expect((await collect(zstdDecompressStream(chunks(z, 3)))).length).toBe(0)
  })
  // Frames carry no checksum, so a flipped byte may decode to other bytes: the
  // .sha256 sidecars catch that. A truncated or non-zstd stream is an error.
  it('rejects truncated and non-zstd input', async () => {
    const z = await collect(zstdCompressStream(chunks(data, 5000)))
    await expect(collect(zstdDecompressStream(chunks(z.subarray(0, z.length - 10), 999)))).rejects.toThrow()
    await expect(collect(zstdDecompressStream(chunks(data, 999)))).rejects.toThrow()
  })
  it.skipIf(!hasZstdCli)('is read by the zstd CLI, and reads what it writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zst-'))
    const z = await collect(zstdCompressStream(chunks(data, 9000), 5, 50_000))
    writeFileSync(join(dir, 'a.csv.zst'), z)
    expect(execFileSync('zstd', ['-dc', join(dir, 'a.csv.zst')])).toEqual(data)
    writeFileSync(join(dir, 'b.csv'), data)
    execFileSync('zstd', ['-q', '-19', join(dir, 'b.csv'), '-o', join(dir, 'b.csv.zst')])
    expect(await collect(zstdDecompressStream(chunks(readFileSync(join(dir, 'b.csv.zst')), 4096)))).toEqual(data)
  })
})

const ALGS: [EncryptionAlgorithm, number][] = [['AES-128-GCM', 16], ['AES-256-GCM', 32], ['ChaCha20-Poly1305', 32]]

describe('encryption', () => {
  it('normalises algorithm names like YDB', () => {
    expect(normalizeAlgorithm('aes_128-gcm')).toBe('AES-128-GCM')
    expect(normalizeAlgorithm('AES256GCM')).toBe('AES-256-GCM')
    expect(normalizeAlgorithm('chacha20-poly1305')).toBe('ChaCha20-Poly1305')
    expect(normalizeAlgorithm('des')).toBeUndefined()
  })
  it('combines the IV as YDB does', () => {
    const base = Buffer.alloc(12)
    expect(combineIv(base, 11, 0x010203, 0x04050607).toString('hex')).toBe('0b01020304050607' + '00000000')
    expect(() => combineIv(base, 0, 1 << 24)).toThrow(/less than/)
  })
  for (const [alg, keyLen] of ALGS) {
    describe(alg, () => {
      const key = randomBytes(keyLen)
      const iv = randomBytes(12)
      const data = randomBytes(100_000)
      it('round-trips a multi-block stream', async () => {
        const enc = await collect(encryptStream(chunks(data, 3000), { algorithm: alg, key, iv, blockSize: 16_384 }))
        expect(await collect(decryptStream(chunks(enc, 777), { key }))).toEqual(data)
      })
      it('has the documented layout: u16 header length, header protobuf, tag; u32-length blocks; empty final block', async () => {
        const enc = await encryptBuffer(Buffer.from('abc'), { algorithm: alg, key, iv })
        const hlen = enc.readUInt16BE(0)
        const header = decodeHeader(enc.subarray(2, 2 + hlen))
        expect(header).toEqual({ version: 1, iv, algorithm: alg })
        let pos = 2 + hlen + 16
        expect(enc.readUInt32BE(pos)).toBe(3)
        pos += 4 + 3 + 16
        expect(enc.readUInt32BE(pos)).toBe(0)
        expect(enc.length).toBe(pos + 4 + 16)
      })
      it('detects a wrong key, a flipped byte, truncation, a dropped block and trailing data', async () => {
        const enc = await collect(encryptStream(chunks(data, 5000), { algorithm: alg, key, iv, blockSize: 20_000 }))
        await expect(decryptBuffer(enc, { key: randomBytes(keyLen) })).rejects.toThrow(/authentication failed/)
        for (const at of [3, 40, 1000, enc.length - 1]) {
          const bad = Buffer.from(enc)
          bad[at]! ^= 1
          await expect(decryptBuffer(bad, { key, file: 'x' })).rejects.toThrow(/x: /)
        }
        await expect(decryptBuffer(enc.subarray(0, enc.length - 20), { key })).rejects.toThrow(/truncated/)
        const hlen = 2 + enc.readUInt16BE(0) + 16
        const blockLen = 4 + 20_000 + 16
        const dropped = Buffer.concat([enc.subarray(0, hlen), enc.subarray(hlen + blockLen)])
        await expect(decryptBuffer(dropped, { key })).rejects.toThrow(/authentication failed/)
        await expect(decryptBuffer(Buffer.concat([enc, Buffer.from([0])]), { key })).rejects.toThrow(/after the final block/)
      })
    })
  }
})
