// Parsing a script: text → statements → tokens → CST → AST, one statement at a time.
//
// 1. Cut the text at ';' (SQLv1's only statement separator; split.ts skips those in
//    strings and comments), so memory stays bounded by one statement's tokens and
//    CST, and an error stays inside its statement: the next one still parses (the
//    re-sync at ';' that Chevrotain's recovery would do, without half-built CSTs).
// 2. Lex the statement (lex.ts): characters that form no token, and an unterminated
//    literal or comment at the end, become diagnostics.
// 3. Parse it with the singleton parser's `sqlStmt` rule. A failure yields one
//    diagnostic in ANTLR's words (expected.ts); one on the end of the input means
//    "incomplete", not wrong.
// 4. Build the AST (src/ast/build.ts).
// Before 2-4, a fast path tries the statement: fast-parse.ts (the grammar copied by
// hand, AST built directly); it gives the same AST or steps aside, and the steps
// above then parse the statement and give the diagnostics.
import type { IRecognitionException, IToken } from 'chevrotain'
import { EOF } from '../../grammar/chevrotain.js'
import { SEMICOLON, YqlParser } from '../../grammar/yql.js'
import { buildStatement, tokenSpan } from '../ast/build.js'
import type { Script, StatementEntry } from '../ast/nodes.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import { DiagnosticCodes } from './codes.js'
import { expectedAfter, MAX_ASSIST_TOKENS, renderExpected } from './expected.js'
import { lex } from './lex.js'
import { fastStatementEnd, parseFastStatementAt } from './fast-parse.js'
import { findStatementEnd } from './split.js'

// Built on first use: statements the fast path takes never need it (its self-analysis
// costs a noticeable part of a CLI start).
let theParser: YqlParser | undefined
const grammarParser = (): YqlParser => (theParser ??= new YqlParser())

/**
 * Parses a script. Never throws: every problem is a diagnostic with a span and
 * the source; statements that parsed are returned even when others did not. An
 * input that ends inside a statement yields only 'syntax/incomplete-statement'
 * diagnostics for it.
 */
export function parseScript(source: SourceText, options: ParseOptions = {}): { script: Script; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const statements: StatementEntry[] = []
  try {
    parseInto(source, statements, diagnostics, options)
  } catch (cause) {
    // A bug, not the user's fault: still a diagnostic, never an exception.
    diagnostics.push({ severity: 'fatal', code: 'syntax/internal-error', message: `internal parser error: ${String(cause)}`, span: { start: 0, end: 0 }, source, cause })
  }
  return { script: { source, statements }, diagnostics }
}

/** Options of parseScript. */
export interface ParseOptions {
  /** Parse statements with the fast recursive-descent path (fast-parse.ts) first; default true. Tests compare both ways. */
  readonly fastStatements?: boolean
}

/** True when the only problems are statements cut off by the end of the input (the REPL reads on). */
export function isIncompleteInput(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.length > 0 && diagnostics.every((d) => d.code === DiagnosticCodes.IncompleteStatement)
}

/** Statements are lexed in blocks of about this many characters (one lexer call per block). */
const BLOCK = 32_768

function parseInto(source: SourceText, statements: StatementEntry[], diagnostics: Diagnostic[], options: ParseOptions): void {
  const text = source.text
  const fastStatements = options.fastStatements ?? true
  // Statements the fast path left to the grammar wait here, from `blockStart`,
  // and are lexed together (one lexer call per block) when the block is full or a
  // fast-path statement comes next (statements stay in order).
  const ends: number[] = []
  let blockStart = 0
  let pos = 0
  while (pos < text.length) {
    // `end`: the ';' offset of this statement (-1: the text ends inside it).
    // The fast path finds it while scanning.
    let entry: StatementEntry | null | undefined
    let end: number
    if (fastStatements && (entry = parseFastStatementAt(text, pos)) !== undefined) end = fastStatementEnd()
    else end = findStatementEnd(text, pos).end
    pos = end < 0 ? text.length + 1 : end + 1
    if (entry !== undefined) {
      if (ends.length > 0) parseBlock(source, blockStart, ends, statements, diagnostics)
      if (entry) statements.push(entry)
      blockStart = pos
      continue
    }
    ends.push(end)
    if (end < 0 || pos - blockStart >= BLOCK) {
      parseBlock(source, blockStart, ends, statements, diagnostics)
      blockStart = pos
    }
  }
  if (ends.length > 0) parseBlock(source, blockStart, ends, statements, diagnostics)
}

/** Lexes the statements from `start` to the last of `ends` at once and parses them with the grammar; empties `ends`. */
function parseBlock(source: SourceText, start: number, ends: number[], statements: StatementEntry[], diagnostics: Diagnostic[]): void {
  const text = source.text
  const lastEnd = ends[ends.length - 1]!
  const blockEnd = lastEnd < 0 ? text.length : lastEnd + 1
  const { tokens, errors, unterminated } = lex(source, start, blockEnd)
  let t = 0
  let e = 0
  for (const end of ends) {
    const stop = end < 0 ? text.length : end
    const first = t
    while (t < tokens.length && tokens[t]!.startOffset < stop) t++
    const slice = tokens.slice(first, t)
    if (t < tokens.length && tokens[t]!.startOffset === stop) t++ // the ';'
    let bad = false
    while (e < errors.length && errors[e]!.span!.start < stop) {
      diagnostics.push(errors[e++]!)
      bad = true
    }
    if (end < 0 && unterminated) diagnostics.push(unterminated)
    else if (!bad && slice.length > 0) parseStatement(slice, end < 0 ? undefined : semicolonAt(end), source, statements, diagnostics)
  }
  ends.length = 0
}

/** The ';' that ended a statement, as a token (only its position is used, for messages). */
const semicolonAt = (offset: number): IToken =>
  ({ image: ';', startOffset: offset, endOffset: offset, tokenType: SEMICOLON, tokenTypeIdx: SEMICOLON.tokenTypeIdx! }) as IToken

function parseStatement(
  slice: IToken[],
  terminator: IToken | undefined,
  source: SourceText,
  statements: StatementEntry[],
  diagnostics: Diagnostic[],
): void {
  try {
    const parser = grammarParser()
    parser.input = slice
    const cst = parser.sqlStmt()
    if (parser.errors.length === 0) {
      statements.push(buildStatement(cst, source, diagnostics))
      return
    }
    diagnostics.push(syntaxError(parser.errors[0]!, slice, terminator, source))
  } catch (cause) {
    // Recursion runs out on absurdly nested text (thousands of parentheses): this
    // statement fails, the others still parse.
    const first = slice[0]!
    const tooDeep = cause instanceof RangeError
    diagnostics.push({
      severity: 'error',
      code: tooDeep ? DiagnosticCodes.TooDeep : 'syntax/internal-error',
      message: tooDeep ? 'statement is nested too deeply' : `internal parser error: ${String(cause)}`,
      span: tokenSpan(first),
      source,
      cause,
    })
  }
}

const image = (t: IToken): string => `'${t.image}'`

function syntaxError(e: IRecognitionException, slice: IToken[], terminator: IToken | undefined, source: SourceText): Diagnostic {
  const t = e.token
  const atEnd = t.tokenType === EOF || !Number.isFinite(t.startOffset)
  const diag = (code: string, message: string, span: { start: number; end: number }): Diagnostic => ({ severity: 'error', code, message, span, source })
  if (e.name === 'NotAllInputParsedException') {
    return diag(DiagnosticCodes.UnexpectedToken, `extraneous input ${image(t)} expecting {<EOF>, ';'}`, tokenSpan(t))
  }
  const index = atEnd ? slice.length : slice.indexOf(t)
  const expected = index >= 0 && index <= MAX_ASSIST_TOKENS ? renderExpected(expectedAfter(grammarParser(), slice.slice(0, index))) : undefined
  const expecting = expected ? ` expecting ${expected}` : ''
  if (!atEnd) return diag(DiagnosticCodes.UnexpectedToken, `mismatched input ${image(t)}${expecting}`, tokenSpan(t))
  if (terminator) return diag(DiagnosticCodes.UnexpectedToken, `mismatched input ';'${expecting}`, tokenSpan(terminator))
  const end = slice[slice.length - 1]!.endOffset! + 1
  return diag(DiagnosticCodes.IncompleteStatement, `unexpected end of input${expected ? `, expecting ${expected}` : ''}`, { start: end, end })
}
