// What a partner sees of its customers (SPEC §7): the organizations it is partner of record for
// or has an open delegated administration relationship with, the subscriptions it is partner of
// record of, and which of those end within the next 60 days. Nothing else of a customer: the
// customer's own routes open to a partner only through an accepted relationship.
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { localDate } from '@licentia/core/lifecycle';
import type { DB } from '../../db/schema.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { loadViews } from '../subscriptions/view.ts';
import type { SubscriptionView } from '../subscriptions/schemas.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';
import { OPEN_STATES, openDelegationsOfPartner, rolesOf } from '../delegations/store.ts';
import { delegationStatus } from '../delegations/view.ts';

/** Upcoming renewals: subscriptions ending today or within this many days (the customer's days). */
export const UPCOMING_RENEWAL_DAYS = 60;

export async function listCustomers(db: Kysely<DB>, partnerOrganizationId: string, page: { limit: number; after: string | undefined }, now: Temporal.Instant) {
  const linked = db
    .selectFrom('subscriptions')
    .select('organization_id as id')
    .where('partner_organization_id', '=', partnerOrganizationId)
    .union(db.selectFrom('delegations').select('customer_organization_id as id').where('partner_organization_id', '=', partnerOrganizationId).where('state', 'in', [...OPEN_STATES]));
  let query = db.selectFrom(linked.as('c')).innerJoin('organizations as o', 'o.id', 'c.id').selectAll('o').orderBy('o.id').limit(page.limit + 1);
  if (page.after) query = query.where('o.id', '>', page.after);
  const organizations = await query.execute();
  const ids = organizations.map((o) => o.id);
  const counts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('subscriptions')
          .select(['organization_id', (eb) => eb.fn.countAll<number>().as('count')])
          .where('partner_organization_id', '=', partnerOrganizationId)
          .where('organization_id', 'in', ids)
          .groupBy('organization_id')
          .execute();
  const countOf = new Map(counts.map((c) => [c.organization_id, Number(c.count)]));
  const delegations = new Map((await openDelegationsOfPartner(db, partnerOrganizationId, ids)).map((d) => [d.customer_organization_id, d]));
  return organizations.map((organization) => {
    const delegation = delegations.get(organization.id);
    return {
      organizationId: organization.id,
      name: organization.name,
      country: organization.country,
      timeZone: organization.time_zone,
      subscriptionsOfRecord: countOf.get(organization.id) ?? 0,
      delegation: delegation
        ? { id: delegation.id, status: delegationStatus(delegation, now).status, roles: rolesOf(delegation), endDate: delegation.end_date }
        : null,
    };
  });
}

/** The keyset position of a subscription in end-date order. */
export interface EndDateCursor {
  endDate: string;
  organizationId: string;
  id: string;
}

export const encodeCursor = (row: SubscriptionRow) => Buffer.from(JSON.stringify([row.end_date, row.organization_id, row.id])).toString('base64url');
export function decodeCursor(cursor: string | undefined): EndDateCursor | undefined {
  if (!cursor) return undefined;
  try {
    const [endDate, organizationId, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
    return typeof endDate === 'string' && typeof organizationId === 'string' && typeof id === 'string' ? { endDate, organizationId, id } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Subscriptions the partner is partner of record of, soonest end first. With `upcoming`, only
 * those not yet ended and ending within 60 days, neither cancelled nor trials (a trial never
 * renews), each judged on its own organization's calendar: the query narrows by UTC dates a day
 * wider either side, and the exact rule is applied here, so a page may hold fewer than `limit`.
 */
export async function listSubscriptionsOfRecord(
  db: Kysely<DB>,
  partnerOrganizationId: string,
  page: { limit: number; cursor: string | undefined },
  options: { now: Temporal.Instant; upcoming: boolean },
) {
  let query = db.selectFrom('subscriptions').selectAll().where('partner_organization_id', '=', partnerOrganizationId);
  const utcToday = localDate(options.now, 'UTC');
  if (options.upcoming) {
    query = query
      .where('end_date', '>=', utcToday.subtract({ days: 1 }).toString())
      .where('end_date', '<=', utcToday.add({ days: UPCOMING_RENEWAL_DAYS + 1 }).toString())
      .where('cancelled_on', 'is', null)
      .where('is_trial', '=', 0);
  }
  const after = decodeCursor(page.cursor);
  if (after) {
    query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('end_date', 'organization_id', 'id'), '>', tuple(after.endDate, after.organizationId, after.id)));
  }
  const rows = await query.orderBy('end_date').orderBy('organization_id').orderBy('id').limit(page.limit + 1).execute();
  const examined = rows.slice(0, page.limit);
  const nextCursor = rows.length > page.limit ? encodeCursor(examined.at(-1)!) : null;

  const organizationIds = [...new Set(examined.map((r) => r.organization_id))];
  const organizations = new Map<string, OrganizationRow>(
    organizationIds.length === 0 ? [] : (await db.selectFrom('organizations').selectAll().where('id', 'in', organizationIds).execute()).map((o) => [o.id, o]),
  );
  const kept = examined.filter((row) => {
    if (!options.upcoming) return true;
    const today = localDate(options.now, organizations.get(row.organization_id)!.time_zone);
    const end = Temporal.PlainDate.from(row.end_date);
    return Temporal.PlainDate.compare(end, today) >= 0 && Temporal.PlainDate.compare(end, today.add({ days: UPCOMING_RENEWAL_DAYS })) <= 0;
  });
  const viewOf = new Map<SubscriptionRow, SubscriptionView>();
  for (const organizationId of organizationIds) {
    const own = kept.filter((r) => r.organization_id === organizationId);
    const subscriptionViews = await loadViews(db, organizations.get(organizationId)!, own, options.now);
    own.forEach((row, i) => viewOf.set(row, subscriptionViews[i]!));
  }
  const data = kept.map((row) => ({
    customer: { organizationId: row.organization_id, name: organizations.get(row.organization_id)!.name },
    subscription: viewOf.get(row)!,
  }));
  return { data, nextCursor };
}
