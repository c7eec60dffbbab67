// TypeRef → YdbType: the grammar's resolver (case-insensitive names, Decimal(p,s)
// checked); `Optional<T>` / `T?` only change nullability.
export { resolveType as resolveTypeRef } from '../../../../ast/resolve-type.js'
