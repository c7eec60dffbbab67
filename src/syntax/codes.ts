/** Stable diagnostic codes of the syntax and validation stages (tests and tools match on them). */
export const DiagnosticCodes = {
  UnexpectedToken: 'syntax/unexpected-token',
  UnexpectedCharacter: 'syntax/unexpected-character',
  IncompleteStatement: 'syntax/incomplete-statement',
  BadLiteral: 'syntax/bad-literal',
  TooDeep: 'syntax/too-deep',
  DuplicateSetting: 'validate/duplicate-setting',
  SettingNotString: 'validate/setting-not-string',
  SettingNotUnescaped: 'validate/setting-cannot-be-unescaped',
  UnknownType: 'validate/unknown-type',
  BadTypeParams: 'validate/bad-type-params',
  DuplicateColumn: 'validate/duplicate-column',
  UnknownColumn: 'validate/unknown-column',
  NoPrimaryKey: 'validate/no-primary-key',
  DuplicateIndex: 'validate/duplicate-index',
  ValuesArity: 'validate/values-arity',
  MixedAlterActions: 'validate/mixed-alter-actions',
} as const
export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes]
