// The scanner of the fast statement path (fast-parse.ts): one statement's text
// into three reused integer arrays (token type, start, end) instead of token
// objects. It produces exactly the tokens grammar/yql.ts's lexer would (the
// same patterns, tried in the same order, keywords picked out of identifiers the
// same way) or gives up: on any character the lexer would reject, an
// unterminated literal or comment, or a token running past the statement's end.
import type { TokenType } from 'chevrotain'
import * as G from '../../grammar/yql.js'

const idx = (t: TokenType): number => t.tokenTypeIdx!

/** Category bits per token type index (CAT[type] & AN_ID ...), as Chevrotain's categories say. */
export const AN_ID = 1
export const ID = 2
export const EXPR_ID = 4
export const ARITH = 8
export const COMPARE = 16

const inCategory = (t: TokenType, cat: TokenType): boolean => (t.CATEGORIES ?? []).some((c) => c === cat || inCategory(c, cat))

/** Token type index → category bits. */
export const CAT = new Uint8Array(Math.max(...G.allTokens.map(idx)) + 2)
for (const t of G.allTokens) {
  CAT[idx(t)] =
    (inCategory(t, G.AnId) ? AN_ID : 0) |
    (inCategory(t, G.Id) ? ID : 0) |
    (inCategory(t, G.ExprId) ? EXPR_ID : 0) |
    (inCategory(t, G.ArithOp) ? ARITH : 0) |
    (inCategory(t, G.CompareOp) ? COMPARE : 0)
}

/** Thrown to give up; callers catch it and let the grammar parse the statement. */
export const GIVE_UP: Error = new Error('not on the fast path')
export const giveUp = (): never => {
  throw GIVE_UP
}

/** The tokens of the last scan: type index, start offset, end offset (exclusive). */
export let ty: Int32Array<ArrayBuffer> = new Int32Array(256)
export let st: Int32Array<ArrayBuffer> = new Int32Array(256)
export let en: Int32Array<ArrayBuffer> = new Int32Array(256)

function grow(): void {
  const more = (a: Int32Array): Int32Array<ArrayBuffer> => {
    const b = new Int32Array(a.length * 2)
    b.set(a)
    return b
  }
  ty = more(ty)
  st = more(st)
  en = more(en)
}

/** Drops the arrays a very long statement grew, so they do not stay allocated for the rest of the run. */
export function shrinkTokens(): void {
  if (ty.length <= 65_536) return
  ty = new Int32Array(256)
  st = new Int32Array(256)
  en = new Int32Array(256)
  im.length = 0
}

const sticky = (t: TokenType): RegExp => new RegExp((t.PATTERN as RegExp).source, 'y')
const STRING_Y = sticky(G.STRING_VALUE)
const ID_QUOTED_Y = sticky(G.ID_QUOTED)
const PARAM_Y = sticky(G.PARAM)
const REAL_Y = sticky(G.REAL)
const INTEGER_Y = sticky(G.INTEGER_VALUE)

const T_ID_PLAIN = idx(G.ID_PLAIN)
/** A word's token type, and one shared copy of its text (kept ASTs hold names by the thousand). */
interface Word {
  readonly type: number
  readonly text: string
}
// Words by their characters, in an open-addressing table probed straight from
// the text (no substring per word; most words repeat: keywords, column names).
const SLOTS = 8192
const slots = new Int32Array(SLOTS) // 1 + index into `known`, 0: empty
const known: Word[] = []

function word(text: string, i: number, j: number, hash: number): Word {
  const len = j - i
  let slot = hash & (SLOTS - 1)
  for (let k = slots[slot]!; k !== 0; k = slots[slot]!) {
    const w = known[k - 1]!
    if (w.text.length === len && sameChars(w.text, text, i)) return w
    slot = (slot + 1) & (SLOTS - 1)
  }
  const s = text.slice(i, j)
  const kw = G.KEYWORDS.get(s.toUpperCase())
  if (known.length >= SLOTS / 2) return { type: kw ? idx(kw) : T_ID_PLAIN, text: s }
  // A copy of its own: a longer slice would keep the whole text it came from alive.
  const w: Word = { type: kw ? idx(kw) : T_ID_PLAIN, text: ownCopy(s) }
  slots[slot] = known.push(w)
  return w
}

/** `s` (ASCII) as a flat string that references no other. */
export const ownCopy = (s: string): string => Buffer.from(s, 'latin1').toString('latin1')

function sameChars(w: string, text: string, at: number): boolean {
  for (let k = 0; k < w.length; k++) if (w.charCodeAt(k) !== text.charCodeAt(at + k)) return false
  return true
}

/** The text of word tokens (identifiers and keywords) of the last scan, by token index; undefined for other tokens. */
export const im: (string | undefined)[] = []

// Single-character punctuation by character code.
const SINGLE = new Int32Array(128).fill(-1)
for (const [c, t] of [
  ['&', G.AMPERSAND], ['^', G.CARET], ['+', G.PLUS], ['~', G.TILDA], ['*', G.ASTERISK], ['%', G.PERCENT],
  [',', G.COMMA], ['(', G.LPAREN], [')', G.RPAREN], ['?', G.QUESTION],
] as const) SINGLE[c.charCodeAt(0)] = idx(t)

const T = {
  EQUALS: idx(G.EQUALS), EQUALS2: idx(G.EQUALS2), NOT_EQUALS: idx(G.NOT_EQUALS), NOT_EQUALS2: idx(G.NOT_EQUALS2),
  LESS: idx(G.LESS), LESS_OR_EQ: idx(G.LESS_OR_EQ), SHIFT_LEFT: idx(G.SHIFT_LEFT), GREATER: idx(G.GREATER), GREATER_OR_EQ: idx(G.GREATER_OR_EQ),
  PIPE: idx(G.PIPE), DOUBLE_PIPE: idx(G.DOUBLE_PIPE), MINUS: idx(G.MINUS), SLASH: idx(G.SLASH), NAMESPACE: idx(G.NAMESPACE), DOT: idx(G.DOT),
  COMMAT: idx(G.COMMAT), STRING: idx(G.STRING_VALUE), ID_QUOTED: idx(G.ID_QUOTED), PARAM: idx(G.PARAM), REAL: idx(G.REAL), INTEGER: idx(G.INTEGER_VALUE),
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57)

/** Where the last scan with `toSemicolon` stopped: the offset of the ';', or -1 at the end of the text. */
export let scanStop = -1

/**
 * Scans `text[start, end)` into ty/st/en; returns the token count. Throws GIVE_UP
 * where the lexer would report something or the statement is not whole. With
 * `toSemicolon`, a ';' ends the scan (at scanStop): the lexer's tokens tell a
 * statement's end exactly as split.ts does, when they scan cleanly.
 */
export function scan(text: string, start: number, end: number, toSemicolon = false): number {
  let n = 0
  let i = start
  while (i < end) {
    const c = text.charCodeAt(i)
    // Blanks and comments (the lexer's skipped tokens).
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11) {
      i++
      continue
    }
    let type: number
    let wordText: string | undefined
    let j = i + 1
    const d = j < end ? text.charCodeAt(j) : -1
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
      let hash = c
      for (let d = j < end ? text.charCodeAt(j) : -1; isWordChar(d); d = ++j < end ? text.charCodeAt(j) : -1) hash = (Math.imul(hash, 31) + d) | 0
      const w = word(text, i, j, hash)
      type = w.type
      wordText = w.text
    } else if (c < 128 && SINGLE[c]! >= 0) {
      type = SINGLE[c]!
    } else if (c === 45) {
      if (d === 45) {
        while (j < end && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++
        i = j
        continue
      }
      type = T.MINUS
    } else if (c === 47) {
      if (d === 42) {
        const close = text.indexOf('*/', i + 2)
        if (close < 0 || close + 2 > end) giveUp()
        i = close + 2
        continue
      }
      type = T.SLASH
    } else if (isDigit(c) || (c === 46 && isDigit(d))) {
      REAL_Y.lastIndex = i
      if (REAL_Y.test(text)) {
        type = T.REAL
        j = REAL_Y.lastIndex
      } else {
        INTEGER_Y.lastIndex = i
        if (!INTEGER_Y.test(text)) giveUp()
        type = T.INTEGER
        j = INTEGER_Y.lastIndex
      }
    } else if (c === 39 || c === 34 || (c === 64 && d === 64)) {
      STRING_Y.lastIndex = i
      if (!STRING_Y.test(text)) giveUp()
      type = T.STRING
      j = STRING_Y.lastIndex
    } else if (c === 96) {
      ID_QUOTED_Y.lastIndex = i
      if (!ID_QUOTED_Y.test(text)) giveUp()
      type = T.ID_QUOTED
      j = ID_QUOTED_Y.lastIndex
    } else if (c === 36) {
      PARAM_Y.lastIndex = i
      if (!PARAM_Y.test(text)) giveUp()
      type = T.PARAM
      j = PARAM_Y.lastIndex
    } else if (c === 61) {
      if (d === 61) j++
      type = d === 61 ? T.EQUALS2 : T.EQUALS
    } else if (c === 60) {
      if (d === 62 || d === 61 || d === 60) j++
      type = d === 62 ? T.NOT_EQUALS2 : d === 61 ? T.LESS_OR_EQ : d === 60 ? T.SHIFT_LEFT : T.LESS
    } else if (c === 62) {
      if (d === 61) j++
      type = d === 61 ? T.GREATER_OR_EQ : T.GREATER
    } else if (c === 124) {
      if (d === 124) j++
      type = d === 124 ? T.DOUBLE_PIPE : T.PIPE
    } else if (c === 33 && d === 61) {
      j++
      type = T.NOT_EQUALS
    } else if (c === 58 && d === 58) {
      j++
      type = T.NAMESPACE
    } else if (c === 46) {
      type = T.DOT
    } else if (c === 64) {
      type = T.COMMAT
    } else if (c === 59 && toSemicolon) {
      scanStop = i
      return n
    } else {
      return giveUp() // ';' inside, or a character no token starts with
    }
    if (j > end) giveUp()
    if (n === ty.length) grow()
    im[n] = wordText
    ty[n] = type
    st[n] = i
    en[n] = j
    n++
    i = j
  }
  scanStop = -1
  return n
}
