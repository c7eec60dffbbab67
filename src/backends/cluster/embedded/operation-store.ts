// OperationStore kept in the data directory, so `operation list` in another
// process sees every BACKUP and RESTORE.
import type { OperationRecord, OperationStore } from '../cluster-backend.js'
import { decodeJson, encodeJson } from './catalog.js'
import type { EmbeddedDb } from './database.js'

export class LmdbOperationStore implements OperationStore {
  constructor(private readonly db: EmbeddedDb) {}

  async put(op: OperationRecord): Promise<void> {
    this.db.writeOperations((ops) => ops.putSync(Buffer.from(op.id, 'utf8'), encodeJson(op)))
  }

  async get(id: string): Promise<OperationRecord | undefined> {
    return this.db.read(() => {
      const raw = this.db.store.ops.get(Buffer.from(id, 'utf8'))
      return raw ? decodeJson<OperationRecord>(raw) : undefined
    })
  }

  async list(kind?: string): Promise<readonly OperationRecord[]> {
    this.db.store.root.resetReadTxn()
    const all = [...this.db.store.ops.getRange({})].map(({ value }) => decodeJson<OperationRecord>(value))
    return all.filter((o) => kind === undefined || o.kind === kind).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  }

  async forget(id: string): Promise<boolean> {
    return this.db.writeOperations((ops) => ops.removeSync(Buffer.from(id, 'utf8')))
  }
}
