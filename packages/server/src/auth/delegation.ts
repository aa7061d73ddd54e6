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

/** The relationships of these partners that open a customer at `now`: accepted, and not past their end. */
function openRelationships(db: Kysely<DB> | Tx, partners: readonly string[], now: Temporal.Instant) {
  return db
    .selectFrom('delegations')
    .where('partner_organization_id', 'in', partners)
    .where('state', '=', 'active')
    .where((eb) => eb.or([eb('auto_extend', '=', 1), eb('ends_at', '>', toStoredInstant(now))]));
}

export async function withDelegatedRoles(db: Kysely<DB> | Tx, principal: Principal, organizationId: string | undefined, now: Temporal.Instant): Promise<Principal> {
  if (principal.kind === 'anonymous' || organizationId === undefined || organizationId === '') return principal;
  if (directRolesIn(principal, organizationId).size > 0) return principal;
  const partners = partnerOrganizationsOf(principal);
  if (partners.length === 0) return principal;
  const rows = await openRelationships(db, partners, now)
    .select(['id', 'partner_organization_id', 'roles'])
    .where('customer_organization_id', '=', organizationId)
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

/** A customer organization the caller may act on through delegated administration, and with what. */
export interface DelegatedOrganization {
  customerOrganizationId: string;
  customerName: string;
  /** The granted roles (of every relationship of the caller's partners with this customer). */
  roles: Role[];
  relationships: { delegationId: string; partnerOrganizationId: string; partnerName: string; endsAt: string | null; autoExtend: boolean }[];
}

/**
 * Every customer the caller's partners hold an open relationship with, as the door would
 * resolve it at `now` (customers the caller belongs to itself are its own, not delegated): what
 * a portal shows as "on behalf of". Oldest relationship first, as the audit names it.
 */
export async function delegatedOrganizationsOf(db: Kysely<DB> | Tx, principal: Principal, now: Temporal.Instant): Promise<DelegatedOrganization[]> {
  const partners = partnerOrganizationsOf(principal);
  if (partners.length === 0) return [];
  const rows = await openRelationships(db, partners, now)
    .innerJoin('organizations as customer', 'customer.id', 'delegations.customer_organization_id')
    .innerJoin('organizations as partner', 'partner.id', 'delegations.partner_organization_id')
    .select([
      'delegations.id',
      'delegations.customer_organization_id',
      'delegations.partner_organization_id',
      'delegations.roles',
      'delegations.ends_at',
      'delegations.auto_extend',
      'customer.name as customer_name',
      'partner.name as partner_name',
    ])
    .orderBy('delegations.id')
    .execute();
  const byCustomer = new Map<string, DelegatedOrganization>();
  for (const row of rows) {
    if (directRolesIn(principal, row.customer_organization_id).size > 0) continue;
    const entry = byCustomer.get(row.customer_organization_id) ?? { customerOrganizationId: row.customer_organization_id, customerName: row.customer_name, roles: [], relationships: [] };
    const roles = new Set([...entry.roles, ...(JSON.parse(row.roles) as string[]).filter(isRole)]);
    entry.roles = [...roles];
    entry.relationships.push({ delegationId: row.id, partnerOrganizationId: row.partner_organization_id, partnerName: row.partner_name, endsAt: row.ends_at, autoExtend: row.auto_extend === 1 });
    byCustomer.set(row.customer_organization_id, entry);
  }
  return [...byCustomer.values()];
}
