/**
 * `permissions.pb`: protobuf text of `Ydb.Scheme.ModifyPermissionsRequest` built
 * from a path's owner and ACL (spec §3.1). We keep the owner (`change_owner`)
 * and explicit grants (`grant { subject permission_names }`); YDB also writes
 * `clear_permissions: true` first so that restore replaces the ACL.
 */
import { parsePbText, pbMsg, pbRaw, pbStr, PbReader, printPbText } from './pb-text.js'

/** A path's owner and explicit grants. */
export interface Permissions {
  readonly owner?: string
  readonly grants?: readonly { readonly subject: string; readonly permissions: readonly string[] }[]
}

export function formatPermissionsPb(p: Permissions): string {
  return printPbText(
    pbMsg([
      ...(p.owner !== undefined ? [['actions', pbMsg([['change_owner', pbStr(p.owner)]])] as const] : []),
      ...(p.grants ?? []).map(
        (g) => ['actions', pbMsg([['grant', pbMsg([['subject', pbStr(g.subject)], ...g.permissions.map((n) => ['permission_names', pbStr(n)] as const)])]])] as const,
      ),
      ['clear_permissions', pbRaw(true)],
    ]),
  )
}

export function parsePermissionsPb(text: string): Permissions {
  const r = new PbReader(parsePbText(text), 'ModifyPermissionsRequest')
  let owner: string | undefined
  const grants: { subject: string; permissions: string[] }[] = []
  for (const a of r.messages('actions')) {
    const o = a.string('change_owner')
    if (o !== undefined) owner = o
    for (const key of ['grant', 'set'])
      for (const g of a.messages(key)) grants.push({ subject: g.string('subject') ?? '', permissions: g.strings('permission_names') })
  }
  return { ...(owner !== undefined ? { owner } : {}), grants }
}
