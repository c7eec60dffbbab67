// Lexing: Chevrotain's lexer, then keywords picked out of ID_PLAIN by one map
// lookup, unrecognised characters turned into diagnostics, and an unterminated
// string, quoted identifier or comment at the end reported as "incomplete".
import type { IToken, TokenType } from 'chevrotain'
import {
  ID_PLAIN,
  ID_QUOTED_UNTERMINATED,
  KEYWORDS,
  lexer,
  MULTILINE_COMMENT_UNTERMINATED,
  STRING_UNTERMINATED,
} from '../../grammar/yql.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import { DiagnosticCodes } from './codes.js'
import { ownCopy } from './fast-tokens.js'

/** The tokens of a text, and what stopped it from lexing cleanly. */
export interface LexResult {
  readonly tokens: IToken[]
  /** Unrecognised characters (each one a diagnostic). */
  readonly errors: Diagnostic[]
  /** An unterminated literal or comment that runs to the end of the input. */
  readonly unterminated?: Diagnostic
}

// Keyed by the word as written (a small cache over toUpperCase for the usual spellings).
const keywordCache = new Map<string, TokenType | null>()

const keywordOf = (image: string): TokenType | undefined => {
  let t = keywordCache.get(image)
  if (t === undefined) {
    t = KEYWORDS.get(image.toUpperCase()) ?? null
    // The key copied: a longer slice would keep the whole text it came from alive.
    if (keywordCache.size < 10_000) keywordCache.set(ownCopy(image), t)
  }
  return t ?? undefined
}

const UNTERMINATED_WHAT = new Map<TokenType, string>([
  [STRING_UNTERMINATED, 'unterminated string literal'],
  [ID_QUOTED_UNTERMINATED, 'unterminated quoted identifier'],
  [MULTILINE_COMMENT_UNTERMINATED, 'unterminated comment'],
])

// Tokens are made whole by the lexer itself: the keyword type, the offset into the
// whole text and endOffset (which 'onlyOffset' tracking leaves out; spans and CST
// locations need it) are set at creation. Setting them afterwards changed every
// token's shape and cost a third of the lexing time.
let shift = 0
const idPlain = ID_PLAIN.tokenTypeIdx!
;(lexer as unknown as { createTokenInstance: TokenFactory }).createTokenInstance = (image, startOffset, tokenTypeIdx, tokenType, _line, _column, length) => {
  if (tokenTypeIdx === idPlain) {
    const k = keywordOf(image)
    if (k) return { image, startOffset: startOffset + shift, endOffset: startOffset + shift + length - 1, tokenTypeIdx: k.tokenTypeIdx!, tokenType: k }
  }
  return { image, startOffset: startOffset + shift, endOffset: startOffset + shift + length - 1, tokenTypeIdx, tokenType }
}
type TokenFactory = (image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType, line: number, column: number, length: number) => IToken

/** Lexes `source.text` from `start` to `end`; token offsets are into the whole text. */
export function lex(source: SourceText, start = 0, end = source.text.length): LexResult {
  shift = start
  const r = lexer.tokenize(start === 0 && end === source.text.length ? source.text : source.text.slice(start, end))
  shift = 0
  const tokens = r.tokens
  let unterminated: Diagnostic | undefined
  const last = tokens[tokens.length - 1]
  const what = last && UNTERMINATED_WHAT.get(last.tokenType)
  if (last && what) {
    tokens.pop()
    unterminated = {
      severity: 'error',
      code: DiagnosticCodes.IncompleteStatement,
      message: `unexpected end of input: ${what}`,
      span: { start: last.startOffset, end },
      source,
    }
  }
  const errors: Diagnostic[] = r.errors.map((e) => ({
    severity: 'error',
    code: DiagnosticCodes.UnexpectedCharacter,
    message: `token recognition error at: '${source.text.slice(start + e.offset, start + e.offset + e.length)}'`,
    span: { start: start + e.offset, end: start + e.offset + e.length },
    source,
  }))
  return unterminated ? { tokens, errors, unterminated } : { tokens, errors }
}
