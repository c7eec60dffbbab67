// A StorageBackend view of one key prefix of another (a backup's folder in a
// collection's external storage). Closing it does not close the inner one.
import type { ObjectInfo, PutOptions, StorageBackend } from '../backends/storage/storage-backend.js'

export function prefixedStorage(inner: StorageBackend, prefix: string): StorageBackend {
  const p = prefix.replace(/\/+$/, '') + '/'
  return {
    location: `${inner.location.replace(/\/+$/, '')}/${p.slice(0, -1)}`,
    put: (key: string, data: Uint8Array | AsyncIterable<Uint8Array>, opts?: PutOptions) => inner.put(p + key, data, opts),
    get: (key: string, opts?: { readonly signal?: AbortSignal }) => inner.get(p + key, opts),
    stat: async (key: string) => {
      const s = await inner.stat(p + key)
      return s ? { ...s, key } : undefined
    },
    async *list(prefix: string, opts?: { readonly signal?: AbortSignal }): AsyncIterable<ObjectInfo> {
      for await (const o of inner.list(p + prefix, opts)) yield { ...o, key: o.key.slice(p.length) }
    },
    remove: (key: string) => inner.remove(p + key),
    removePrefix: (prefix: string) => inner.removePrefix(p + prefix),
    isNotFound: (err: unknown) => inner.isNotFound(err),
    close: async () => undefined,
  }
}
