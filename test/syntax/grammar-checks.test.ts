// The parser is built without Chevrotain's grammar checks (they cost most of its
// construction time): the checks run here instead, and must find nothing.
import { expect, test } from 'vitest'
import { YqlParser } from '../../grammar/yql.js'

test("the grammar passes Chevrotain's validations (ambiguities, left recursion, ...)", () => {
  expect(() => new YqlParser({ validate: true })).not.toThrow()
})
