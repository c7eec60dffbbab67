// Chevrotain's runtime, loaded from the package's single-file ESM bundle.
// Why: the package's main entry is ~600 small modules (lodash-es); loading them
// costs ~0.3 s in plain Node and ~0.9 s under tsx, more than a 100k-row script
// takes to run. The bundle (lib/chevrotain.mjs, shipped in the package) loads in
// ~30 ms. Types still come from 'chevrotain' itself. Everything in this project
// that needs Chevrotain's runtime imports it from here, so token identities (EOF)
// come from one copy.
import type * as Chevrotain from 'chevrotain'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// The package's `exports` hide lib/chevrotain.mjs, so it is found next to the
// resolved main entry (lib/src/api.js → lib/chevrotain.mjs).
const entry = createRequire(import.meta.url).resolve('chevrotain')
const chevrotain = (await import(new URL('../chevrotain.mjs', pathToFileURL(entry)).href)) as typeof Chevrotain

export const { createToken, CstParser, Lexer, EOF, generateCstDts } = chevrotain
