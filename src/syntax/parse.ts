// Parsing a script: text → tokens → one CST per statement → AST.
//
// 1. Lex the whole text (src/syntax/lex.ts); characters that form no token and an
//    unterminated literal at the end become diagnostics.
// 2. Cut the token stream at ';' (SQLv1's only statement separator) and parse each
//    piece with the singleton parser's `sqlStmt` rule. An error stays inside its
//    statement, so later statements still parse: the re-sync at ';' that Chevrotain's
//    recovery would do, without half-built CSTs.
// 3. A failing statement yields one diagnostic in ANTLR's words (expected.ts); when
//    it fails on the end of the input it is "incomplete", not wrong.
// 4. Statements that parsed become AST nodes (src/ast/build.ts).
import { EOF, type IRecognitionException, type IToken } from 'chevrotain'
import { SEMICOLON, YqlParser } from '../../grammar/yql.js'
import { buildStatement, tokenSpan } from '../ast/build.js'
import type { Script, StatementEntry } from '../ast/nodes.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import { DiagnosticCodes } from './codes.js'
import { expectedAfter, MAX_ASSIST_TOKENS, renderExpected } from './expected.js'
import { lex } from './lex.js'

const parser = new YqlParser()
const SEMI = SEMICOLON.tokenTypeIdx!

/**
 * Parses a script. Never throws: every problem is a diagnostic with a span and
 * the source; statements that parsed are returned even when others did not. An
 * input that ends inside a statement yields only 'syntax/incomplete-statement'
 * diagnostics for it.
 */
export function parseScript(source: SourceText): { script: Script; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const statements: StatementEntry[] = []
  try {
    parseInto(source, statements, diagnostics)
  } catch (cause) {
    // A bug, not the user's fault: still a diagnostic, never an exception.
    diagnostics.push({ severity: 'fatal', code: 'syntax/internal-error', message: `internal parser error: ${String(cause)}`, span: { start: 0, end: 0 }, source, cause })
  }
  return { script: { source, statements }, diagnostics }
}

/** True when the only problems are statements cut off by the end of the input (the REPL reads on). */
export function isIncompleteInput(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.length > 0 && diagnostics.every((d) => d.code === DiagnosticCodes.IncompleteStatement)
}

function parseInto(source: SourceText, statements: StatementEntry[], diagnostics: Diagnostic[]): void {
  const { tokens, errors: lexErrors, unterminated } = lex(source)
  let lexError = 0
  let start = 0
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && tokens[i]!.tokenTypeIdx !== SEMI) continue
    const terminator = tokens[i]
    const from = start > 0 ? tokens[start - 1]!.endOffset! + 1 : 0
    const to = terminator ? terminator.startOffset : source.text.length
    let badChars = false
    while (lexError < lexErrors.length && lexErrors[lexError]!.span!.start < to) {
      if (lexErrors[lexError]!.span!.start >= from) badChars = true
      diagnostics.push(lexErrors[lexError++]!)
    }
    if (!terminator && unterminated) diagnostics.push(unterminated)
    else if (!badChars && i > start) parseStatement(tokens.slice(start, i), terminator, source, statements, diagnostics)
    start = i + 1
  }
}

function parseStatement(
  slice: IToken[],
  terminator: IToken | undefined,
  source: SourceText,
  statements: StatementEntry[],
  diagnostics: Diagnostic[],
): void {
  parser.input = slice
  const cst = parser.sqlStmt()
  if (parser.errors.length === 0) {
    statements.push(buildStatement(cst, source, diagnostics))
    return
  }
  diagnostics.push(syntaxError(parser.errors[0]!, slice, terminator, source))
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
  const expected = index >= 0 && index <= MAX_ASSIST_TOKENS ? renderExpected(expectedAfter(parser, slice.slice(0, index))) : undefined
  const expecting = expected ? ` expecting ${expected}` : ''
  if (!atEnd) return diag(DiagnosticCodes.UnexpectedToken, `mismatched input ${image(t)}${expecting}`, tokenSpan(t))
  if (terminator) return diag(DiagnosticCodes.UnexpectedToken, `mismatched input ';'${expecting}`, tokenSpan(terminator))
  const end = slice[slice.length - 1]!.endOffset! + 1
  return diag(DiagnosticCodes.IncompleteStatement, `unexpected end of input${expected ? `, expecting ${expected}` : ''}`, { start: end, end })
}
