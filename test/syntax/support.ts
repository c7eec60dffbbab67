// Helpers shared by the syntax and AST tests.
import { expect } from 'vitest'
import type { Script, Statement } from '../../src/ast/nodes.js'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'

const decoder = new TextDecoder('utf-8', { fatal: true })

/** JSON for golden files: bigints as "123n", bytes as {utf8} or {hex}. */
export function astJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`
      if (v instanceof Uint8Array) {
        try {
          return { utf8: decoder.decode(v) }
        } catch {
          return { hex: Buffer.from(v).toString('hex') }
        }
      }
      if (v instanceof SourceText) return undefined
      return v
    },
    2,
  ) + '\n'
}

/** A deep copy without `span` fields, for comparing ASTs of different texts. */
export function stripSpans<T>(x: T): T {
  if (Array.isArray(x)) return x.map(stripSpans) as T
  if (x instanceof Uint8Array) return Array.from(x) as T
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(x)) if (k !== 'span' && k !== 'source') out[k] = stripSpans(v)
    return out as T
  }
  return x
}

/** Parses text that must be free of diagnostics; returns its statements. */
export function parseOk(text: string): Statement[] {
  const { script, diagnostics } = parseScript(new SourceText(text))
  expect(diagnostics.map((d) => d.message)).toEqual([])
  return script.statements.map((e) => e.statement)
}

export function parse(text: string, name = '<main>'): { script: Script; diagnostics: Diagnostic[] } {
  return parseScript(new SourceText(text, name))
}

/** Line and column of a diagnostic's start. */
export function at(d: Diagnostic): string {
  const p = d.source!.position(d.span!.start)
  return `${p.line}:${p.column}`
}
