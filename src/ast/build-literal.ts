// Literal tokens → Literal nodes, shared by the CST builder (build.ts) and the
// fast statement path (src/syntax/fast-parse.ts), so both give the same AST.
import type { Span } from '../source/span.js'
import { parseIntegerLiteral, parseRealLiteral, unescapeString } from '../syntax/unescape.js'
import type * as A from './nodes.js'

/** Which literal token a text is. */
export type LiteralKind = 'Integer' | 'Float' | 'String' | 'True' | 'False' | 'Null'

const encoder = new TextEncoder()

/**
 * The Literal node of a literal token. A string that cannot be unescaped keeps its
 * text as bytes and returns its problem in `bad` (the caller decides whether to report it).
 */
export function literalNode(kind: LiteralKind, text: string, span: Span): { node: A.Literal; bad?: string } {
  switch (kind) {
    case 'Integer': {
      const { value, suffix } = parseIntegerLiteral(text)
      return { node: { kind: 'Literal', type: 'Integer', value, suffix, text, span } }
    }
    case 'Float': {
      const { value, suffix } = parseRealLiteral(text)
      return { node: { kind: 'Literal', type: 'Float', value, suffix, text, span } }
    }
    case 'String': {
      const r = unescapeString(text)
      const value = r.ok ? r.bytes : encoder.encode(text)
      const node: A.Literal = { kind: 'Literal', type: 'String', value, suffix: r.suffix, text, span }
      return r.ok ? { node } : { node, bad: r.message }
    }
    case 'True':
      return { node: { kind: 'Literal', type: 'Bool', value: true, text, span } }
    case 'False':
      return { node: { kind: 'Literal', type: 'Bool', value: false, text, span } }
    case 'Null':
      return { node: { kind: 'Literal', type: 'Null', value: null, text, span } }
  }
}
