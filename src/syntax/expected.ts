// ANTLR-style "expecting {...}" sets, as YDB prints them.
//
// Chevrotain's own error lists only the alternatives of the rule that failed; YDB
// (ANTLR) lists every token acceptable at that point, optional parts included. So:
// 1. ask the parser for every token that may follow the tokens before the error
//    (computeContentAssist), 2. drop '.' offered because the previous name could
//    still be a `cluster.` prefix (ANTLR has decided that already and does not offer
//    it), 3. print punctuation first in SQLv1's token order, quoted, then keywords
//    bare in alphabetical order, then the other token kinds.
import type { IToken, TokenType } from 'chevrotain'
import * as G from '../../grammar/yql.js'
import type { YqlParser } from '../../grammar/yql.js'

// SQLv1's lexer order of the punctuation we have (ANTLR sorts by token type).
const PUNCT_ORDER: readonly TokenType[] = [
  G.EQUALS, G.EQUALS2, G.NOT_EQUALS, G.NOT_EQUALS2, G.LESS, G.LESS_OR_EQ, G.GREATER, G.GREATER_OR_EQ,
  G.SHIFT_LEFT, G.AMPERSAND, G.PIPE, G.DOUBLE_PIPE, G.PLUS, G.MINUS, G.TILDA, G.ASTERISK, G.SLASH,
  G.PERCENT, G.SEMICOLON, G.DOT, G.COMMA, G.LPAREN, G.RPAREN, G.QUESTION, G.COMMAT, G.CARET, G.NAMESPACE,
]
const punctRank = new Map(PUNCT_ORDER.map((t, i) => [t, i]))
const keywordTypes = new Set(G.KEYWORDS.values())

// Token kinds in SQLv1's order after the keywords; categories expand to their lexed members.
const OTHER_ORDER = ['STRING_VALUE', 'ID_PLAIN', 'ID_QUOTED', 'PARAM', 'INTEGER_VALUE', 'REAL']
const CATEGORY_MEMBERS: ReadonlyMap<TokenType, readonly string[]> = new Map([
  [G.AnId, ['STRING_VALUE', 'ID_PLAIN', 'ID_QUOTED']],
  [G.Id, ['ID_PLAIN', 'ID_QUOTED']],
  [G.ExprId, ['ID_PLAIN', 'ID_QUOTED']],
])

// Operator categories stand for their members.
const OPERATOR_MEMBERS: ReadonlyMap<TokenType, readonly TokenType[]> = new Map([
  [G.CompareOp, [G.EQUALS, G.EQUALS2, G.NOT_EQUALS, G.NOT_EQUALS2, G.LESS, G.LESS_OR_EQ, G.GREATER, G.GREATER_OR_EQ]],
  [G.ArithOp, [G.SHIFT_LEFT, G.AMPERSAND, G.PIPE, G.DOUBLE_PIPE, G.PLUS, G.MINUS, G.ASTERISK, G.SLASH, G.PERCENT, G.CARET]],
])

/** Longest prefix (in tokens) we run content assist on; beyond it Chevrotain's own expectation is used. */
export const MAX_ASSIST_TOKENS = 400

/** Every token type acceptable after `before`, starting at rule `sqlStmt`. */
export function expectedAfter(parser: YqlParser, before: IToken[]): TokenType[] {
  const paths = parser.computeContentAssist('sqlStmt', before)
  const out = new Set<TokenType>()
  for (const p of paths) {
    if (p.nextTokenType === G.DOT && p.ruleStack[p.ruleStack.length - 1] === 'objectRef') continue
    for (const t of OPERATOR_MEMBERS.get(p.nextTokenType) ?? [p.nextTokenType]) out.add(t)
  }
  return [...out]
}

/** `X`, or `{A, B, C}` for several, in ANTLR's order. */
export function renderExpected(types: readonly TokenType[], extra: readonly string[] = []): string {
  const punct: TokenType[] = []
  const keywords: string[] = []
  const others = new Set<string>()
  for (const t of types) {
    if (punctRank.has(t)) punct.push(t)
    else if (keywordTypes.has(t)) keywords.push(t.name)
    else for (const m of CATEGORY_MEMBERS.get(t) ?? [t.name]) others.add(m)
  }
  punct.sort((a, b) => punctRank.get(a)! - punctRank.get(b)!)
  keywords.sort()
  const items = [
    ...extra,
    ...punct.map((t) => `'${t.PATTERN as string}'`),
    ...keywords,
    ...OTHER_ORDER.filter((o) => others.has(o)),
    ...[...others].filter((o) => !OTHER_ORDER.includes(o)),
  ]
  if (items.length === 1) return items[0]!
  return `{${items.join(', ')}}`
}
