// The CST's types, generated from the grammar with Chevrotain's generateCstDts:
// `npx tsx grammar/cst-dts.ts` (npm run grammar:dts) rewrites grammar/cst.generated.d.ts,
// and test/syntax/cst-dts.test.ts checks the committed file is up to date.
import { generateCstDts } from './chevrotain.js'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { YqlParser } from './yql.js'

/** Where the generated declarations are committed. */
export const CST_DTS_FILE = fileURLToPath(new URL('./cst.generated.d.ts', import.meta.url))

/** The declarations of every CST node of grammar/yql.ts (with a visitor interface), as generateCstDts writes them. */
export function cstDts(): string {
  const dts = generateCstDts(new YqlParser().getGAstProductions(), { visitorInterfaceName: 'YqlCstVisitor' })
  return `// Generated from grammar/yql.ts by grammar/cst-dts.ts (npm run grammar:dts); do not edit.\n${dts}`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CST_DTS_FILE, cstDts())
}
