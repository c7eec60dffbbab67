// YDB stores a Uuid as 16 bytes: the canonical text's bytes with the first three
// groups little-endian (the "mixed-endian" GUID layout), and compares those bytes.

const HEX = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

// Position in the text's byte sequence of each stored byte.
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]

export const isUuidText = (s: string): boolean => HEX.test(s)

/** Canonical text → YDB's 16-byte binary form. */
export function uuidToBytes(text: string): Buffer {
  if (!HEX.test(text)) throw new RangeError(`not a Uuid: ${text}`)
  const plain = Buffer.from(text.replace(/-/g, ''), 'hex')
  const out = Buffer.allocUnsafe(16)
  for (let i = 0; i < 16; i++) out[i] = plain[ORDER[i]!]!
  return out
}

/** YDB's 16-byte binary form → lowercase canonical text. */
export function uuidFromBytes(b: Uint8Array): string {
  const plain = Buffer.allocUnsafe(16)
  for (let i = 0; i < 16; i++) plain[ORDER[i]!] = b[i]!
  const h = plain.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
