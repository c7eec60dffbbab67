// grammar/cst.generated.d.ts must be what the grammar generates today
// (regenerate with `npx tsx grammar/cst-dts.ts`, npm run grammar:dts).
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { CST_DTS_FILE, cstDts } from '../../grammar/cst-dts.js'

test('the committed CST declarations are up to date with grammar/yql.ts', () => {
  const generated = cstDts()
  expect(generated).toContain('export interface SqlStmtCstNode extends CstNode')
  expect(generated).toContain('export interface YqlCstVisitor')
  expect(readFileSync(CST_DTS_FILE, 'utf8'), 'run: npx tsx grammar/cst-dts.ts').toBe(generated)
})
