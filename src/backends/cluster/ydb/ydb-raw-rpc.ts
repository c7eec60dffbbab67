// Calls to YDB services that ydb-sdk 5 does not wrap: Table.CopyTables,
// Table.ExecuteSchemeQuery, Table.StreamReadTable with backpressure, and the
// Operation service.
//
// Why ydb-sdk-proto's stubs (re-exported by ydb-sdk as `Ydb`) and not
// @ydbjs/api: the driver already speaks protobufjs messages, so one value
// converter (ydb-values.ts) serves both paths, and no second protobuf runtime
// and gRPC client stack (nice-grpc + @bufbuild) are loaded into the CLI. The
// stubs get an rpc implementation here that adds the same metadata the driver
// sends: the auth service's headers plus `x-ydb-database`.
import * as grpc from '@grpc/grpc-js'
import { sdk } from './ydb-sdk-runtime.js'
import type { Ydb as YdbNs } from 'ydb-sdk'
import type { YdbConnection } from './ydb-connection.js'

const { Ydb } = sdk

type RpcImpl = (method: { name: string }, data: Uint8Array, cb: (err: Error | null, res?: Uint8Array) => void) => void

/** One gRPC channel to the database's endpoint, with per-call authentication. */
export class RawRpc {
  private readonly client: grpc.Client

  constructor(private readonly conn: YdbConnection) {
    const creds = conn.secure
      ? grpc.credentials.createSsl(conn.sslCredentials?.rootCertificates ?? null)
      : grpc.credentials.createInsecure()
    this.client = new grpc.Client(conn.hostPort, creds, { 'grpc.max_receive_message_length': 64 * 1024 * 1024 })
  }

  async metadata(): Promise<grpc.Metadata> {
    const md = (await this.conn.authService.getAuthMetadata()).clone()
    md.set('x-ydb-database', this.conn.database)
    md.set('x-ydb-sdk-build-info', 'yql-backup')
    return md
  }

  private rpcImpl(service: string, md: grpc.Metadata, signal?: AbortSignal, deadlineMs?: number): RpcImpl {
    return (method, data, cb) => {
      const call = this.client.makeUnaryRequest(
        `/${service}/${method.name}`,
        (b: Uint8Array) => Buffer.from(b),
        (b: Buffer) => b,
        data,
        md,
        deadlineMs ? { deadline: Date.now() + deadlineMs } : {},
        (err, res) => (err ? cb(err) : cb(null, res)),
      )
      signal?.addEventListener('abort', () => call.cancel(), { once: true })
    }
  }

  async table(signal?: AbortSignal): Promise<YdbNs.Table.V1.TableService> {
    return Ydb.Table.V1.TableService.create(this.rpcImpl('Ydb.Table.V1.TableService', await this.metadata(), signal) as never)
  }

  /** Discovery.ListEndpoints with a deadline: the connect-time check of address, database and credentials. */
  async listEndpoints(deadlineMs: number): Promise<YdbNs.Discovery.ListEndpointsResponse> {
    const svc = Ydb.Discovery.V1.DiscoveryService.create(
      this.rpcImpl('Ydb.Discovery.V1.DiscoveryService', await this.metadata(), undefined, deadlineMs) as never,
    )
    return svc.listEndpoints({ database: this.conn.database })
  }

  async exports(): Promise<YdbNs.Export.V1.ExportService> {
    return Ydb.Export.V1.ExportService.create(this.rpcImpl('Ydb.Export.V1.ExportService', await this.metadata()) as never)
  }

  async imports(): Promise<YdbNs.Import.V1.ImportService> {
    return Ydb.Import.V1.ImportService.create(this.rpcImpl('Ydb.Import.V1.ImportService', await this.metadata()) as never)
  }

  async operations(signal?: AbortSignal): Promise<YdbNs.Operation.V1.OperationService> {
    return Ydb.Operation.V1.OperationService.create(
      this.rpcImpl('Ydb.Operation.V1.OperationService', await this.metadata(), signal) as never,
    )
  }

  /**
   * Table.StreamReadTable as an async iterable with gRPC flow control: the
   * server is not read faster than the consumer takes batches.
   */
  async *streamReadTable(req: YdbNs.Table.IReadTableRequest, signal?: AbortSignal): AsyncGenerator<YdbNs.Table.ReadTableResponse> {
    const md = await this.metadata()
    const stream = this.client.makeServerStreamRequest(
      '/Ydb.Table.V1.TableService/StreamReadTable',
      (r: YdbNs.Table.IReadTableRequest) => Buffer.from(Ydb.Table.ReadTableRequest.encode(Ydb.Table.ReadTableRequest.create(r)).finish()),
      (b: Buffer) => Ydb.Table.ReadTableResponse.decode(b),
      req,
      md,
    )
    const onAbort = () => stream.cancel()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      for await (const msg of stream as AsyncIterable<YdbNs.Table.ReadTableResponse>) yield msg
    } finally {
      signal?.removeEventListener('abort', onAbort)
      stream.cancel()
    }
  }

  close(): void {
    this.client.close()
  }
}
