// A tiny HTTP proxy for S3 fault tests: it sits between the client and a real
// S3 server on 127.0.0.1 and, on demand, answers requests itself with S3 error
// replies (503 SlowDown, 500, 403 AccessDenied), resets connections, or stops
// listening altogether, while counting every request it sees. Headers, Host
// included, pass through untouched, so SigV4 signatures stay valid.
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** One request the proxy saw, and what it did with it. */
export interface ProxiedRequest {
  readonly method: string
  readonly url: string
  readonly outcome: 'forwarded' | 'injected' | 'reset' | 'hang'
  readonly status?: number
}

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly code: string; readonly message?: string }
  | { readonly kind: 'reset' }
  /** Reads the request and never answers (the client's socket timeout must fire). */
  | { readonly kind: 'hang' }

/** A running proxy; `endpoint` is what the client should use. */
export interface FaultProxy {
  readonly endpoint: string
  readonly port: number
  readonly log: ProxiedRequest[]
  /** Injects `fault` into the next `n` requests matching `match` (default: all). */
  failNext(n: number, fault: Fault, match?: (method: string, url: string) => boolean): void
  /** Injects `fault` into every request until heal(). */
  failAlways(fault: Fault): void
  heal(): void
  /** Called with each forwarded request's body bytes as they pass (to time a fault mid-transfer). */
  onForwardedBytes?: (n: number) => void
  close(): Promise<void>
}

export const SlowDown: Fault = { kind: 'status', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }
export const InternalError: Fault = { kind: 'status', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }
export const AccessDenied: Fault = { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' }

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const t = new URL(target)
  const sockets = new Set<Socket>()
  let pending: { n: number; fault: Fault; match: (m: string, u: string) => boolean }[] = []
  let always: Fault | undefined
  const log: ProxiedRequest[] = []

  const pick = (method: string, url: string): Fault | undefined => {
    if (always) return always
    const p = pending.find((x) => x.n > 0 && x.match(method, url))
    if (!p) return undefined
    p.n--
    return p.fault
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET'
    const url = req.url ?? '/'
    const fault = pick(method, url)
    if (fault?.kind === 'reset') {
      log.push({ method, url, outcome: 'reset' })
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'hang') {
      log.push({ method, url, outcome: 'hang' })
      req.resume()
      return
    }
    if (fault?.kind === 'status') {
      log.push({ method, url, outcome: 'injected', status: fault.status })
      // Read the body first, as a real server would, so the client sees the reply, not a broken pipe.
      req.resume()
      req.on('end', () => {
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.message ?? fault.code}</Message><RequestId>fault-proxy</RequestId></Error>`
        res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'fault-proxy' })
        res.end(method === 'HEAD' ? undefined : body)
      })
      return
    }
    const entry: { method: string; url: string; outcome: 'forwarded'; status?: number } = { method, url, outcome: 'forwarded' }
    log.push(entry)
    const up = httpRequest(
      { host: t.hostname, port: t.port, method, path: url, headers: req.headers },
      (upRes) => {
        entry.status = upRes.statusCode
        res.writeHead(upRes.statusCode ?? 502, upRes.headers)
        upRes.pipe(res)
        upRes.on('error', () => res.destroy())
      },
    )
    up.on('error', () => {
      // The real server is gone: the client sees its connection drop, as it would without a proxy.
      req.socket.destroy()
    })
    req.on('data', (c: Buffer) => proxy.onForwardedBytes?.(c.length))
    req.pipe(up)
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res))
  const port = (server.address() as { port: number }).port

  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    log,
    failNext(n, fault, match = () => true) {
      pending.push({ n, fault, match })
    },
    failAlways(fault) {
      always = fault
    },
    heal() {
      always = undefined
      pending = []
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((res) => server.close(() => res()))
    },
  }
  return proxy
}
