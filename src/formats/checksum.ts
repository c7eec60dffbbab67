/**
 * SHA-256 sidecars (spec §3.3): `<key without .enc>.sha256` holding
 * `<lowercase hex>  <file name>\n` (sha256sum's format, so `sha256sum -c` works
 * in the file's directory), computed over the unencrypted content.
 */
import { createHash, type Hash } from 'node:crypto'

/** The sidecar key of a data/scheme key. */
export const checksumKey = (key: string): string => `${key.replace(/\.enc$/, '')}.sha256`

/** The sidecar's text for a file. */
export const formatChecksumFile = (hex: string, key: string): string => `${hex}  ${key.replace(/\.enc$/, '').split('/').pop()}\n`

/** The hex digest written in a sidecar, or undefined if the text is not one. */
export function parseChecksumFile(text: string): string | undefined {
  const m = /^([0-9a-fA-F]{64})(?:\s+\*?(.*))?\s*$/.exec(text.trim())
  return m ? m[1]!.toLowerCase() : undefined
}

/** Passes a stream through while hashing it; `digest()` after the stream ended. */
export class HashingStream {
  private readonly hash: Hash = createHash('sha256')
  bytes = 0
  async *pass(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const c of input) {
      this.hash.update(c)
      this.bytes += c.length
      yield c
    }
  }
  update(c: Uint8Array): void {
    this.hash.update(c)
    this.bytes += c.length
  }
  digest(): string {
    return this.hash.digest('hex')
  }
}

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex')
