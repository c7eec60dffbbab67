/**
 * zstd streams for `.zst` data files. Compression cuts the input into ~1 MiB
 * pieces and writes each as its own zstd frame: concatenated frames are one
 * valid `.zst` stream (the `zstd` CLI and YDB read them), and memory stays
 * bounded without a streaming compressor. Decompression streams with fzstd.
 */
import { compress, init } from '@bokuweb/zstd-wasm'
import { Decompress } from 'fzstd'

/** Input bytes per zstd frame. */
export const ZSTD_FRAME_INPUT = 1 << 20

let ready: Promise<void> | undefined
const ensureInit = (): Promise<void> => (ready ??= init())

/** Compresses one buffer into one frame. */
export async function zstdCompress(data: Uint8Array, level = 3): Promise<Uint8Array> {
  await ensureInit()
  return compress(data, level)
}

/** Compresses a byte stream, one frame per ~`frameInput` bytes of input. */
export async function* zstdCompressStream(
  input: AsyncIterable<Uint8Array>,
  level = 3,
  frameInput = ZSTD_FRAME_INPUT,
): AsyncGenerator<Uint8Array> {
  await ensureInit()
  let parts: Uint8Array[] = []
  let size = 0
  for await (const chunk of input) {
    parts.push(chunk)
    size += chunk.length
    if (size >= frameInput) {
      yield compress(Buffer.concat(parts, size), level)
      parts = []
      size = 0
    }
  }
  // an empty input still gets one (empty) frame, so the file is a valid .zst
  if (size > 0 || parts.length === 0) yield compress(Buffer.concat(parts, size), level)
}

/** Stable error code of a malformed `.zst` stream. */
export const ZSTD_ERROR_CODE = 'formats/zstd'

/** Decompresses a `.zst` byte stream (any number of frames). Throws on corrupt or truncated input. */
export async function* zstdDecompressStream(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let out: Uint8Array[] = []
  const d = new Decompress((chunk) => {
    out.push(chunk)
  })
  let any = false
  for await (const chunk of input) {
    if (chunk.length === 0) continue
    any = true
    d.push(chunk)
    if (out.length > 0) {
      const ready = out
      out = []
      yield* ready
    }
  }
  if (any) d.push(new Uint8Array(0), true)
  yield* out
}
