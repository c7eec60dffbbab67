// Object bodies sent as UNSIGNED-PAYLOAD: a build-step middleware (SigV4 signs in
// the finalize step and takes a preset x-amz-content-sha256 as is). The SDK
// already does so for stream bodies, but our parts are Buffers, which it would
// hash: a second SHA-256 pass over all the data (~1 ms of CPU per MB) besides the
// dump's own. Integrity stays end to end: the `.sha256` sidecars are checked on
// every import, and the request headers are still signed.
import type { S3Client } from '@aws-sdk/client-s3'

const UNSIGNED_BODY_COMMANDS = new Set(['PutObjectCommand', 'UploadPartCommand'])

const unsignedPayload =
  (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
  async (args: { request?: { headers?: Record<string, string> } }): Promise<unknown> => {
    const headers = args.request?.headers
    if (headers !== undefined && UNSIGNED_BODY_COMMANDS.has(ctx.commandName ?? '')) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'
    return next(args)
  }

/** The one MiddlewareStack.add overload used here (the SDK's typings pin the step per overload). */
interface MiddlewareAdder {
  add(mw: typeof unsignedPayload, opts: { step: 'build'; name: string }): void
}

/** Makes `client` send PutObject and UploadPart bodies as UNSIGNED-PAYLOAD. */
export function addUnsignedPayload(client: S3Client): void {
  ;(client.middlewareStack as unknown as MiddlewareAdder).add(unsignedPayload, { step: 'build', name: 'yqlbUnsignedPayload' })
}
