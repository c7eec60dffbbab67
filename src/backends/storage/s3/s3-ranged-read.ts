// Reading one object: a streaming GET that resumes mid-body (rangeStream), and
// the optional read-ahead (readAheadStream): the first range tells the size and
// ETag; while it streams to the reader, the next `readAhead` ranges download in
// parallel (each buffered, then yielded in order).
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { backoffDelay, httpStatusOf, isRetryableS3Error, type RetryPolicy } from './s3-retry.js'

/** One object to read and how to report its errors. */
export interface RangedReadContext {
  readonly client: S3Client
  readonly bucket: string
  /** The full object key (prefix included). */
  readonly key: string
  readonly retryPolicy: RetryPolicy
  /** Turns an SDK error into the storage's YqlError naming the object. */
  readonly wrap: (err: unknown) => YqlError
}

/**
 * Bytes [start, end) of the object (to its end when `end` is undefined), pinned to
 * `etag` by If-Match. A download broken mid-body resumes from where it stopped,
 * with the retry policy's backoff; `body` is an already open response for `start`.
 */
export async function* rangeStream(
  ctx: RangedReadContext,
  start: number,
  end: number | undefined,
  etag: string | undefined,
  signal: AbortSignal | undefined,
  body?: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  let offset = start
  for (let resumes = 0; ; ) {
    if (body === undefined) {
      try {
        const ranged = offset > 0 || end !== undefined
        const out = await ctx.client.send(
          new GetObjectCommand({
            Bucket: ctx.bucket,
            Key: ctx.key,
            ...(ranged ? { Range: `bytes=${offset}-${end === undefined ? '' : end - 1}`, ...(etag ? { IfMatch: etag } : {}) } : {}),
          }),
          signal ? { abortSignal: signal } : {},
        )
        etag ??= out.ETag
        body = out.Body as AsyncIterable<Uint8Array>
      } catch (err) {
        throw ctx.wrap(err)
      }
    }
    try {
      for await (const chunk of body) {
        offset += chunk.byteLength
        yield chunk
      }
      if (end !== undefined && offset !== end) throw ctx.wrap(new Error(`short read: got ${offset - start} of ${end - start} bytes`))
      return
    } catch (err) {
      if (err instanceof YqlError) throw err
      // The connection broke mid-body: continue from `offset` if the policy allows.
      if (signal?.aborted || !isRetryableS3Error(err) || resumes >= ctx.retryPolicy.retries) throw ctx.wrap(err)
      const delay = backoffDelay(ctx.retryPolicy, resumes++)
      ctx.retryPolicy.onRetry?.({ attempt: resumes, delayMs: delay, error: err })
      await new Promise((r) => setTimeout(r, delay))
      body = undefined
    }
  }
}

/** The whole object as ranges of `rangeSize`, `readAhead` of them downloading ahead of the reader. */
export async function* readAheadStream(ctx: RangedReadContext, readAhead: number, rangeSize: number, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const ctl = new AbortController()
  const onAbort = (): void => ctl.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  const pending: Promise<Uint8Array[]>[] = []
  try {
    const first = await firstRange(ctx, rangeSize, ctl.signal)
    if (first === undefined) {
      // An empty object, or a server that ignored Range: one plain streaming GET.
      yield* rangeStream(ctx, 0, undefined, undefined, signal)
      return
    }
    const { total, etag } = first
    let next = rangeSize
    const schedule = (): void => {
      while (pending.length < readAhead && next < total) {
        const p = collect(rangeStream(ctx, next, Math.min(total, next + rangeSize), etag, ctl.signal))
        p.catch(() => undefined) // a rejection is rethrown when the range's turn comes
        pending.push(p)
        next += rangeSize
      }
    }
    schedule()
    yield* rangeStream(ctx, 0, Math.min(total, rangeSize), etag, ctl.signal, first.body)
    while (pending.length > 0) {
      const chunks = await pending.shift()!
      schedule()
      yield* chunks
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    // A reader that stopped early (or an error): cancel the ranges still downloading.
    if (pending.length > 0) ctl.abort()
  }
}

/** GET of the first range: the object's size, ETag and the body to stream; undefined when ranges do not apply. */
async function firstRange(
  ctx: RangedReadContext,
  rangeSize: number,
  signal: AbortSignal,
): Promise<{ total: number; etag: string | undefined; body: AsyncIterable<Uint8Array> } | undefined> {
  let out
  try {
    out = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: ctx.key, Range: `bytes=0-${rangeSize - 1}` }), { abortSignal: signal })
  } catch (err) {
    if (httpStatusOf(err) === 416) return undefined // an empty object has no byte 0
    throw ctx.wrap(err)
  }
  const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1]
  // No Content-Range (the server ignored Range), or an empty object answered 206
  // (s3rver, whose body then never ends): fall back to one plain GET.
  if (total === undefined || total === '0') {
    ;(out.Body as { destroy?: () => void } | undefined)?.destroy?.()
    return undefined
  }
  return { total: Number(total), etag: out.ETag, body: out.Body as AsyncIterable<Uint8Array> }
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const c of it) out.push(c)
  return out
}
