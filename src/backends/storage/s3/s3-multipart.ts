// Streaming upload of one object: a single PutObject when it fits in one part,
// else a multipart upload with up to `queueSize` parts in flight. Replaces
// lib-storage's Upload, which Buffer.concat-ed every part into a freshly
// allocated buffer (a copy plus the page faults of new memory: ~1.4 ms per MB
// of CPU); here the source's chunks are copied once into part buffers that are
// reused from part to part and from object to object.
// A failed part (after the SDK's own retries, s3-retry.ts), a failing source or
// the abort signal stops reading, aborts the multipart upload server-side, and
// rejects: nothing becomes visible under the key.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3'

/** Where one upload goes and how. */
export interface MultipartTarget {
  readonly client: S3Client
  readonly bucket: string
  /** The full object key (prefix included). */
  readonly key: string
  readonly partSize: number
  readonly queueSize: number
  readonly storageClass?: StorageClass | undefined
  readonly signal?: AbortSignal | undefined
  /** Called with the size of each part (or the whole object) once the server has it. */
  readonly onBytes?: ((n: number) => void) | undefined
}

/** Part buffers kept for reuse; at most `max` of them are held between uploads. */
export class PartBufferPool {
  private readonly free: Buffer[] = []
  constructor(
    readonly size: number,
    readonly max: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.size)
  }

  give(b: Buffer): void {
    if (this.free.length < this.max) this.free.push(b)
  }
}

/** Thrown (wrapped by the caller) when the source, not S3, failed: its own error is in `cause`. */
export class SourceFailure extends Error {
  constructor(readonly sourceError: unknown) {
    super('upload source failed')
  }
}

/** Uploads `data` to `t.key`. Rejects with a SourceFailure when reading `data` failed, else with the SDK's error. */
export async function uploadObject(t: MultipartTarget, data: Uint8Array | AsyncIterable<Uint8Array>, pool: PartBufferPool): Promise<void> {
  const abortOpt = t.signal ? { abortSignal: t.signal } : {}
  const base = { Bucket: t.bucket, Key: t.key }
  const putWhole = async (body: Uint8Array): Promise<void> => {
    await t.client.send(new PutObjectCommand({ ...base, Body: body, ...(t.storageClass ? { StorageClass: t.storageClass } : {}) }), abortOpt)
    t.onBytes?.(body.byteLength)
  }
  if (data instanceof Uint8Array && data.byteLength <= t.partSize) return putWhole(data)

  let uploadId: string | undefined
  const parts: CompletedPart[] = []
  const inFlight = new Set<Promise<void>>()
  let failure: { err: unknown } | undefined
  let partNumber = 0

  const sendPart = async (body: Uint8Array, release: (() => void) | undefined): Promise<void> => {
    if (uploadId === undefined) {
      const out = await t.client.send(new CreateMultipartUploadCommand({ ...base, ...(t.storageClass ? { StorageClass: t.storageClass } : {}) }), abortOpt)
      uploadId = out.UploadId
      if (uploadId === undefined) throw new Error('CreateMultipartUpload returned no UploadId')
    }
    const n = ++partNumber
    const run = (async () => {
      const out = await t.client.send(new UploadPartCommand({ ...base, UploadId: uploadId, PartNumber: n, Body: body }), abortOpt)
      parts.push({ PartNumber: n, ETag: out.ETag })
      t.onBytes?.(body.byteLength)
      release?.()
    })().catch((err: unknown) => {
      failure ??= { err }
    })
    inFlight.add(run)
    void run.finally(() => inFlight.delete(run))
    // Backpressure: at most queueSize parts in flight (and as many part buffers in use).
    while (inFlight.size >= t.queueSize && failure === undefined) await Promise.race(inFlight)
    if (failure) throw failure.err
  }

  try {
    if (data instanceof Uint8Array) {
      // Already in memory: its slices are the parts, no copy.
      for (let off = 0; off < data.byteLength; off += t.partSize) {
        t.signal?.throwIfAborted()
        await sendPart(data.subarray(off, off + t.partSize), undefined)
      }
    } else {
      let buf: Buffer | undefined
      let fill = 0
      try {
        for await (const chunk of data) {
          t.signal?.throwIfAborted()
          for (let off = 0; off < chunk.byteLength; ) {
            buf ??= pool.take()
            const n = Math.min(chunk.byteLength - off, buf.length - fill)
            buf.set(n === chunk.byteLength ? chunk : chunk.subarray(off, off + n), fill)
            fill += n
            off += n
            if (fill === buf.length) {
              const full = buf
              buf = undefined
              fill = 0
              await sendPart(full, () => pool.give(full))
            }
          }
        }
        t.signal?.throwIfAborted()
      } catch (err) {
        // An S3 failure of an earlier part surfaces here too; only the source's own is a SourceFailure.
        if (failure !== undefined && err === failure.err) throw err
        throw new SourceFailure(err)
      }
      if (uploadId === undefined) {
        // Smaller than one part: one PutObject of what was read.
        try {
          await putWhole(buf === undefined ? new Uint8Array() : buf.subarray(0, fill))
        } finally {
          if (buf) pool.give(buf)
        }
        return
      }
      if (buf !== undefined && fill > 0) {
        const last = buf
        await sendPart(last.subarray(0, fill), () => pool.give(last))
      } else if (buf !== undefined) pool.give(buf)
    }
    await Promise.all(inFlight)
    if (failure) throw failure.err
    t.signal?.throwIfAborted()
    parts.sort((a, b) => a.PartNumber! - b.PartNumber!)
    await t.client.send(new CompleteMultipartUploadCommand({ ...base, UploadId: uploadId, MultipartUpload: { Parts: parts } }), abortOpt)
  } catch (err) {
    if (uploadId !== undefined) {
      // Let the parts in flight settle first, or one finishing after the abort could be left behind.
      await Promise.allSettled(inFlight)
      await t.client.send(new AbortMultipartUploadCommand({ ...base, UploadId: uploadId })).catch(() => undefined)
    }
    throw err
  }
}
