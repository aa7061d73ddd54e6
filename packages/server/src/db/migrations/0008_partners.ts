// Partners (SPEC §7): partner IDs and the delegated-admin program, delegated administration
// relationships with their expiry notices, the audit columns that say "partner P on behalf of
// customer C", and the index partner views read subscriptions of record by. Portable types as
// in 0001.
import { sql, type Kysely } from 'kysely';
import { generatePartnerId } from '@licentia/core/partners';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per partner organization: its partner ID (10 digits, core/partners/partner-id.ts)
  // and, once the vendor enrolled it, when it joined the delegated-admin program.
  await db.schema
    .createTable('partners')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().notNull().references('organizations.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().unique())
    .addColumn('delegated_admin_enrolled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const existing = await db.selectFrom('organizations').select(['id', 'created_at']).where('kind', '=', 'partner').orderBy('id').execute();
  const taken = new Set<string>();
  for (const organization of existing as { id: string; created_at: string }[]) {
    let partnerId = generatePartnerId();
    while (taken.has(partnerId)) partnerId = generatePartnerId();
    taken.add(partnerId);
    await db
      .insertInto('partners')
      .values({ organization_id: organization.id, partner_id: partnerId, delegated_admin_enrolled_at: null, created_at: organization.created_at, updated_at: organization.created_at })
      .execute();
  }

  // A delegated administration relationship: tenant-keyed by the customer, whose data it opens.
  // - state: offered (waiting for the customer's global admin), active, ended (end_reason says how);
  // - roles: JSON array of the customer roles granted;
  // - accept_by / accept_until: the last day the offer can be accepted and the instant it stops;
  // - acceptance_token_hash: SHA-256 of the one-time token of the emailed link (the token itself is
  //   derived from a server secret when the mail is written, never stored);
  // - term_start / end_date: the current term's first and last day in the customer's zone;
  //   ends_at: the instant access ends (local midnight after end_date), what each request checks;
  // - due_at: the next local midnight the delegation sweeper has work (a notice, the expiry).
  await db.schema
    .createTable('delegations')
    .addColumn('customer_organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('partner_organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('duration_days', 'integer', (c) => c.notNull().check(sql`duration_days between 1 and 730`))
    .addColumn('auto_extend', 'integer', (c) => c.notNull().check(sql`auto_extend in (0, 1)`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('offered', 'active', 'ended')`))
    .addColumn('end_reason', 'text', (c) =>
      c.check(sql`end_reason in ('declined', 'withdrawn', 'offer_expired', 'terminated_by_customer', 'terminated_by_partner', 'expired')`),
    )
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('offered_by', 'text')
    .addColumn('accept_by', 'text', (c) => c.notNull())
    .addColumn('accept_until', 'text', (c) => c.notNull())
    .addColumn('acceptance_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by_user_id', 'text')
    .addColumn('term_start', 'text')
    .addColumn('end_date', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('extensions', 'integer', (c) => c.notNull().check(sql`extensions >= 0`))
    .addColumn('ended_at', 'text')
    .addColumn('due_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delegations_pk', ['customer_organization_id', 'id'])
    // SPEC §7: the auto-extension is not allowed when the global-admin role is included. The
    // service refuses it with its own error; this keeps any other path from storing it.
    .addCheckConstraint('delegations_no_auto_extend_global_admin', sql`auto_extend = 0 or roles not like '%"global_admin"%'`)
    .addCheckConstraint('delegations_active_has_term', sql`state <> 'active' or (end_date is not null and ends_at is not null and term_start is not null)`)
    .addCheckConstraint('delegations_ended_has_reason', sql`(state = 'ended') = (end_reason is not null)`)
    .execute();
  // At most one open (offered or active) relationship per partner and customer, and the lookup
  // every partner request on a customer makes (customer, partner, open state).
  await db.schema
    .createIndex('delegations_one_open')
    .on('delegations')
    .columns(['customer_organization_id', 'partner_organization_id'])
    .unique()
    .where(sql.ref('state'), 'in', ['offered', 'active'])
    .execute();
  await db.schema.createIndex('delegations_by_partner').on('delegations').columns(['partner_organization_id', 'customer_organization_id', 'id']).execute();
  await db.schema
    .createIndex('delegations_due')
    .on('delegations')
    .columns(['due_at', 'customer_organization_id', 'id'])
    .where(sql.ref('state'), '=', 'active')
    .execute();

  // One row per expiry notice sent: the key makes a second (or concurrent) sweep a no-op, and an
  // extended term (a later end date) has keys of its own.
  await db.schema
    .createTable('delegation_notices')
    .addColumn('customer_organization_id', 'text', (c) => c.notNull())
    .addColumn('delegation_id', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull().check(sql`days_before in (30, 7, 1)`))
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delegation_notices_pk', ['customer_organization_id', 'delegation_id', 'end_date', 'days_before'])
    .execute();

  // "Partner P on behalf of customer C" (SPEC §7, §10): `actor_organization_id` (0001) names the
  // partner, these name the customer and the relationship that granted the roles (NULL when the
  // partner acted as partner of record or redeemed on the customer's behalf).
  await db.schema.alterTable('audit_events').addColumn('on_behalf_of_organization_id', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('delegation_id', 'text').execute();

  // Partner views: the subscriptions a partner is partner of record of, by end date (upcoming
  // renewals) and as a whole.
  await db.schema.createIndex('subscriptions_by_partner').on('subscriptions').columns(['partner_organization_id', 'end_date']).execute();
}
