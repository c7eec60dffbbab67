// The retry policy of S3Storage, plugged into the AWS SDK as its retry strategy
// so that every request the SDK sends (each multipart part on its
// own) is retried the same way:
// - retried: throttling (429, SlowDown and the SDK's other throttling codes), 5xx
//   except 501, network errors (ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, ...)
//   and timeouts;
// - never retried: other 4xx (403 AccessDenied, 404, 400) and aborts;
// - delays: exponential from `baseDelayMs`, capped at `maxDelayMs`, with "equal
//   jitter" (half fixed, half random) so parallel parts do not retry in lockstep;
//   a Retry-After hint lengthens the delay.
// There is deliberately no shared retry quota (the SDK's token bucket): a
// restarting server must not make later requests fail fast.

/** Tuning of S3 retries. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 10, as YDB's --retries). */
  readonly retries: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** Called before each retry sleep, e.g. to count retries in tests. */
  readonly onRetry?: (info: { readonly attempt: number; readonly delayMs: number; readonly error: unknown }) => void
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 10, baseDelayMs: 100, maxDelayMs: 5_000 }

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
])
const THROTTLING_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
])
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'])

type ErrorLike = {
  name?: string
  code?: string
  Code?: string
  message?: string
  cause?: unknown
  $metadata?: { httpStatusCode?: number }
}

/** HTTP status of an SDK error, if it got one. */
export function httpStatusOf(err: unknown): number | undefined {
  return (err as ErrorLike | undefined)?.$metadata?.httpStatusCode
}

/** True for errors that another attempt may fix. */
export function isRetryableS3Error(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 5) return false
  const e = err as ErrorLike
  if (e.name === 'AbortError') return false
  const status = e.$metadata?.httpStatusCode
  const name = e.name ?? e.Code ?? ''
  if (status === 429 || THROTTLING_NAMES.has(name)) return true
  if (TIMEOUT_NAMES.has(name)) return true
  if (status !== undefined && status >= 500 && status !== 501) return true
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return true
  if (status === undefined && /socket hang up|ECONNRESET|ECONNREFUSED|premature close/i.test(e.message ?? '')) return true
  return e.cause !== undefined && isRetryableS3Error(e.cause, depth + 1)
}

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt, 30))
  return Math.round(exp / 2 + random() * (exp / 2))
}

interface Token {
  getRetryCount(): number
  getRetryDelay(): number
  getRetryCost(): number | undefined
}

const token = (count: number, delay: number): Token => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
  getRetryCost: () => undefined,
})

/** An SDK RetryStrategyV2 applying `policy`; the SDK's middleware sleeps the returned delay (abortably). */
export class S3RetryStrategy {
  readonly mode = 'standard'
  constructor(readonly policy: RetryPolicy) {}

  async acquireInitialRetryToken(_scope: string): Promise<Token> {
    return token(0, 0)
  }

  async refreshRetryTokenForRetry(
    prev: Token,
    info: { readonly error?: unknown; readonly retryAfterHint?: Date },
  ): Promise<Token> {
    const attempt = prev.getRetryCount()
    if (attempt >= this.policy.retries || !isRetryableS3Error(info.error)) throw info.error ?? new Error('not retryable')
    let delay = backoffDelay(this.policy, attempt)
    if (info.retryAfterHint instanceof Date)
      delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), this.policy.maxDelayMs * 2))
    this.policy.onRetry?.({ attempt: attempt + 1, delayMs: delay, error: info.error })
    return token(attempt + 1, delay)
  }

  recordSuccess(_token: Token): void {}
}

/** Runs `fn` with the same policy, for work outside one SDK request (resuming a broken download). */
export async function withRetries<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      if (attempt >= policy.retries || !isRetryableS3Error(err) || signal?.aborted) throw err
      const delay = backoffDelay(policy, attempt)
      policy.onRetry?.({ attempt: attempt + 1, delayMs: delay, error: err })
      await sleep(delay, signal)
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms)
    function done(): void {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    function onAbort(): void {
      clearTimeout(t)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
