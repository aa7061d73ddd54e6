// Partner rows: a partner organization's partner ID and its enrolment in the delegated-admin
// program. Callers decide who may; this file only knows SQL.
import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { generatePartnerId } from '@licentia/core/partners';
import { toStoredInstant } from '../../clock.ts';
import type { DB, PartnersTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export type PartnerRow = Selectable<PartnersTable>;
type Db = Kysely<DB> | Tx;

/** A partner with its organization's name and country. */
export interface Partner {
  organizationId: string;
  partnerId: string;
  name: string;
  country: string;
  delegatedAdminEnrolledAt: string | null;
}

function partnerQuery(db: Db) {
  return db
    .selectFrom('partners as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.organization_id', 'p.partner_id', 'p.delegated_admin_enrolled_at', 'o.name', 'o.country']);
}

type Row = Awaited<ReturnType<ReturnType<typeof partnerQuery>['executeTakeFirstOrThrow']>>;

const toPartner = (row: Row): Partner => ({
  organizationId: row.organization_id,
  partnerId: row.partner_id,
  name: row.name,
  country: row.country,
  delegatedAdminEnrolledAt: row.delegated_admin_enrolled_at,
});

/** By the partner ID's compact form (core `parsePartnerId`). */
export async function findPartnerByPartnerId(db: Db, compactPartnerId: string): Promise<Partner | undefined> {
  const row = await partnerQuery(db).where('p.partner_id', '=', compactPartnerId).executeTakeFirst();
  return row && toPartner(row);
}

export async function findPartnerByOrganization(db: Db, organizationId: string): Promise<Partner | undefined> {
  const row = await partnerQuery(db).where('p.organization_id', '=', organizationId).executeTakeFirst();
  return row && toPartner(row);
}

export async function partnersByOrganization(db: Db, organizationIds: readonly string[]): Promise<Map<string, Partner>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await partnerQuery(db).where('p.organization_id', 'in', [...new Set(organizationIds)]).execute();
  return new Map(rows.map((row) => [row.organization_id, toPartner(row)]));
}

export async function listPartners(db: Db, page: { limit: number; after: string | undefined }): Promise<Partner[]> {
  let query = partnerQuery(db).orderBy('p.organization_id').limit(page.limit + 1);
  if (page.after) query = query.where('p.organization_id', '>', page.after);
  return (await query.execute()).map(toPartner);
}

/** The most draws before giving up: 9 × 10^8 IDs make even one collision rare. */
const MAX_DRAWS = 5;

/**
 * Gives a partner organization its partner ID. A draw that is taken inserts nothing (ON
 * CONFLICT DO NOTHING keeps the transaction usable on PostgreSQL) and another is drawn; the
 * unique index decides between two transactions drawing the same ID.
 */
export async function insertPartner(tx: Tx, organizationId: string, now: Temporal.Instant): Promise<PartnerRow> {
  const at = toStoredInstant(now);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const row: PartnerRow = { organization_id: organizationId, partner_id: generatePartnerId(), delegated_admin_enrolled_at: null, created_at: at, updated_at: at };
    const inserted = await tx.insertInto('partners').values(row).onConflict((oc) => oc.column('partner_id').doNothing()).returning('partner_id').executeTakeFirst();
    if (inserted) return row;
  }
  throw new Error(`no free partner ID after ${MAX_DRAWS} draws`);
}
