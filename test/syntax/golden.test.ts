// Golden files: fixtures/parse/*.yql must parse and validate cleanly (AST in
// *.ast.json); fixtures/errors/*.yql are rendered with their diagnostics
// (*.diag.txt). `npx vitest -u test/syntax` rewrites the goldens.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { validateScript } from '../../src/ast/validate.js'
import { renderDiagnostics } from '../../src/diagnostics/render.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'
import { astJson } from './support.js'

const root = join(import.meta.dirname, '../../fixtures')
const yqlFiles = (dir: string): string[] => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yql')).sort()

describe('fixtures/parse', () => {
  test.each(yqlFiles('parse'))('%s', async (file) => {
    const source = new SourceText(readFileSync(join(root, 'parse', file), 'utf8'), file)
    const { script, diagnostics } = parseScript(source)
    expect(renderDiagnostics([...diagnostics, ...validateScript(script)])).toBe('')
    await expect(astJson(script.statements)).toMatchFileSnapshot(join(root, 'parse', file.replace(/\.yql$/, '.ast.json')))
  })
})

describe('fixtures/errors', () => {
  test.each(yqlFiles('errors'))('%s', async (file) => {
    const source = new SourceText(readFileSync(join(root, 'errors', file), 'utf8'), file)
    const { script, diagnostics } = parseScript(source)
    const all = [...diagnostics, ...validateScript(script)]
    expect(all.length).toBeGreaterThan(0)
    const rendered = all.map((d) => `[${d.code}]\n${renderDiagnostics([d])}`).join('\n') + '\n'
    await expect(rendered).toMatchFileSnapshot(join(root, 'errors', file.replace(/\.yql$/, '.diag.txt')))
  })
})
