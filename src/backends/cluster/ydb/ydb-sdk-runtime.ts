// ydb-sdk is a CommonJS package whose `exports` getters defeat Node's and
// vitest's ESM named-export detection differently (named imports fail under
// Node, the default import misses some names under vitest), so it is loaded
// with require(), which sees module.exports exactly as ydb-sdk defines it.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export const sdk = require('ydb-sdk') as typeof import('ydb-sdk')
