// Delegated administration at the door (SPEC §7): when a partner's person or API token calls a
// route of a customer organization it is not a member of, the roles an accepted, unexpired
// relationship of its partner grants there become its roles for this request. Every
// `access.organization(...)` route therefore honours granted roles, and nothing else does.
//
// Resolved on every request, never cached, with one indexed query, and only when it can matter
// (an organization named, a caller holding partner roles and no roles of its own there): a
// relationship that was terminated or expired opens nothing at the next request, whatever
// session or token it carries. Expiry is read from `ends_at` at the request's own instant, so it
// holds to the second even before the delegation sweeper records it; a relationship with
// auto-extension stays open until the sweeper extends or someone ends it.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';
import { directRolesIn, partnerOrganizationsOf, type Principal } from './principal.ts';
import { isRole, type Role } from './roles.ts';

export async function withDelegatedRoles(db: Kysely<DB> | Tx, principal: Principal, organizationId: string | undefined, now: Temporal.Instant): Promise<Principal> {
  if (principal.kind === 'anonymous' || organizationId === undefined || organizationId === '') return principal;
  if (directRolesIn(principal, organizationId).size > 0) return principal;
  const partners = partnerOrganizationsOf(principal);
  if (partners.length === 0) return principal;
  const rows = await db
    .selectFrom('delegations')
    .select(['id', 'partner_organization_id', 'roles'])
    .where('customer_organization_id', '=', organizationId)
    .where('partner_organization_id', 'in', partners)
    .where('state', '=', 'active')
    .where((eb) => eb.or([eb('auto_extend', '=', 1), eb('ends_at', '>', toStoredInstant(now))]))
    .orderBy('id')
    .execute();
  const first = rows[0];
  if (!first) return principal;
  // A person who is an agent of two partners both delegated here holds both grants; the audit
  // names the oldest relationship.
  const roles = new Set<Role>(rows.flatMap((row) => (JSON.parse(row.roles) as string[]).filter(isRole)));
  return {
    ...principal,
    delegation: { delegationId: first.id, partnerOrganizationId: first.partner_organization_id, customerOrganizationId: organizationId, roles },
  };
}
