import { describe, expect, it } from 'vitest'
import { SourceText } from '../../src/source/source-text.js'
import { renderDiagnostic } from '../../src/diagnostics/render.js'
import { error } from '../../src/diagnostics/diagnostic.js'

describe('SourceText', () => {
  const src = new SourceText('USE plato;\nBACKUP daily INCREMENTL;\n', 'n.yql')
  it('maps offsets to 1-based line and column', () => {
    expect(src.position(0)).toEqual({ line: 1, column: 1 })
    expect(src.position(11)).toEqual({ line: 2, column: 1 })
    expect(src.position(24)).toEqual({ line: 2, column: 14 })
  })
  it('honours a base line for statements cut out of a larger file', () => {
    const part = new SourceText('BACKUP x;', 'big.yql', 1000)
    expect(part.position(7)).toEqual({ line: 1000, column: 8 })
    expect(part.lineText(1000)).toBe('BACKUP x;')
  })
  it('renders file:line:col, the line and a caret under the span', () => {
    const d = error('syntax/unexpected-token', "mismatched input 'INCREMENTL'", { start: 24, end: 34 }, src)
    expect(renderDiagnostic(d)).toBe(
      "n.yql:2:14: error: mismatched input 'INCREMENTL'\nBACKUP daily INCREMENTL;\n             ^^^^^^^^^^",
    )
  })
})
