// Delegated administration relationships: reading, locking and listing them. Callers decide who
// may; this file only knows SQL. Every query names an organization on one side of the
// relationship: a delegation of other parties finds nothing, so it answers 404 like an unknown id.
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import type { DB, DelegationsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';

export type DelegationRow = Selectable<DelegationsTable>;
type Db = Kysely<DB> | Tx;

/** States that hold the one open slot of a (customer, partner) pair (the partial unique index). */
export const OPEN_STATES = ['offered', 'active'] as const;

/** A relationship the organization is a party of (as customer or as partner), else 404. */
export async function requireDelegationOf(db: Db, organizationId: string, delegationId: string, options: { lock?: DialectName } = {}): Promise<DelegationRow> {
  let query = db
    .selectFrom('delegations')
    .selectAll()
    .where('id', '=', delegationId)
    .where((eb) => eb.or([eb('customer_organization_id', '=', organizationId), eb('partner_organization_id', '=', organizationId)]));
  // Every change of a relationship reads it and then writes: FOR UPDATE serializes an acceptance
  // and a termination racing on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
  if (options.lock === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'delegation' });
  return row;
}

/** One page of the relationships the organization is a party of, newest first. */
export async function listDelegationsOf(db: Db, organizationId: string, page: { limit: number; after: string | undefined }): Promise<DelegationRow[]> {
  let query = db
    .selectFrom('delegations')
    .selectAll()
    .where((eb) => eb.or([eb('customer_organization_id', '=', organizationId), eb('partner_organization_id', '=', organizationId)]));
  if (page.after) query = query.where('id', '<', page.after);
  return query.orderBy('id', 'desc').limit(page.limit + 1).execute();
}

/** The open relationships of a partner with the given customers. */
export async function openDelegationsOfPartner(db: Db, partnerOrganizationId: string, customerIds: readonly string[]): Promise<DelegationRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom('delegations')
    .selectAll()
    .where('partner_organization_id', '=', partnerOrganizationId)
    .where('customer_organization_id', 'in', [...customerIds])
    .where('state', 'in', [...OPEN_STATES])
    .execute();
}

export function rolesOf(row: Pick<DelegationRow, 'roles'>): string[] {
  return JSON.parse(row.roles) as string[];
}
