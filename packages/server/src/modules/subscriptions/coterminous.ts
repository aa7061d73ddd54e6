// Coterminous purchase (SPEC §4): a new subscription of another plan whose first term ends with
// an existing subscription of the organization, priced by months (a started month counts
// whole). Eligibility, alignment and price are core's (planCoterminousPurchase,
// coterminousPrice); each refusal keeps core's code, which is also the API's.
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { coterminousPrice, localDate, planCoterminousPurchase, type CoterminousTerm, type PurchaseKind } from '@licentia/core/lifecycle';
import { rolesIn, type Principal } from '../../auth/principal.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { stateOf, type SubscriptionRow, plainDate } from './service.ts';
import { findSubscription, planDetails, requireOrganization, type PlanDetails } from './store.ts';

export interface CoterminousRequest {
  planId: string;
  seats: number;
  alignWithSubscriptionId: string;
  /** First day of the new subscription; today when not given. */
  startDate?: string | undefined;
  /** What is being bought: only a new subscription can be aligned. */
  purchase?: PurchaseKind | undefined;
}

export interface CoterminousQuote {
  plan: PlanDetails;
  seats: number;
  term: CoterminousTerm;
  amountMinor: number;
  target: SubscriptionRow;
}

/**
 * The subscription to align with. Looked for in the organization, then in the caller's other
 * organizations: naming one of those is a refusal the caller may hear about
 * (COTERMINOUS_TARGET_OTHER_ORGANIZATION); any other id is simply not found, so nobody learns
 * that another tenant's subscription exists.
 */
async function findTarget(db: Kysely<DB> | Tx, principal: Principal, organizationId: string, subscriptionId: string): Promise<SubscriptionRow> {
  const own = await findSubscription(db, organizationId, subscriptionId);
  if (own) return own;
  const visible = principal.kind === 'anonymous' ? [] : [...principal.roles.keys()].filter((id) => id !== organizationId && rolesIn(principal, id).size > 0);
  for (const otherId of visible) {
    const other = await findSubscription(db, otherId, subscriptionId);
    if (other) return other;
  }
  throw new DomainError('NOT_FOUND', { resource: 'subscription' });
}

/** Plans sold to this organization now: active, its segment, its country. */
export function refuseUnlessSold(plan: PlanDetails, organization: OrganizationRow): void {
  if (!plan.catalog.active) throw new DomainError('PLAN_NOT_FOR_SALE', { reason: 'INACTIVE', planId: plan.catalog.id, sku: plan.catalog.sku });
  // Trials start from trial keys only (one per organization, SPEC §3); they are never bought.
  if (plan.catalog.category === 'trial') throw new DomainError('PLAN_NOT_FOR_SALE', { reason: 'TRIAL', planId: plan.catalog.id, sku: plan.catalog.sku });
  if (!(plan.catalog.segments as string[]).includes(organization.segment)) {
    throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'SEGMENT', segment: organization.segment, planId: plan.catalog.id });
  }
  if (!plan.catalog.countries.includes(organization.country)) {
    throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'COUNTRY', country: organization.country, planId: plan.catalog.id });
  }
}

/**
 * Checks in this order, the first failure being the answer: the plan exists; the start is not
 * in the past; core's eligibility (its documented order); the plan is sold to the
 * organization; the seat maximum.
 */
export async function quoteCoterminous(
  db: Kysely<DB> | Tx,
  principal: Principal,
  organization: OrganizationRow,
  request: CoterminousRequest,
  now: Temporal.Instant,
): Promise<CoterminousQuote> {
  const plan = await planDetails(db, request.planId);
  const today = localDate(now, organization.time_zone);
  const newStart = request.startDate ? plainDate(request.startDate) : today;
  if (Temporal.PlainDate.compare(newStart, today) < 0) throw new DomainError('START_DATE_IN_PAST', { startDate: newStart.toString(), today: today.toString(), timeZone: organization.time_zone });
  const target = await findTarget(db, principal, organization.id, request.alignWithSubscriptionId);
  const targetOrganization = target.organization_id === organization.id ? organization : await requireOrganization(db, target.organization_id);
  const targetPlan = await planDetails(db, target.plan_id);
  const coterminousTarget = {
    organizationId: target.organization_id,
    category: targetPlan.catalog.category,
    termMonths: target.term_months,
    state: stateOf(target, targetPlan.rules.policy, localDate(now, targetOrganization.time_zone)),
    endDate: plainDate(target.end_date),
    anchorDay: target.anchor_day,
  };
  const outcome = planCoterminousPurchase({
    purchase: request.purchase ?? 'new_subscription',
    organizationId: organization.id,
    newPlan: { category: plan.catalog.category, termMonths: plan.catalog.termMonths },
    newStart,
    target: coterminousTarget,
  });
  if (!outcome.ok) {
    const own = target.organization_id === organization.id;
    throw new DomainError(outcome.code, {
      purchase: request.purchase ?? 'new_subscription',
      ...(outcome.side ? { side: outcome.side, targetSide: outcome.side === 'target', months: outcome.side === 'target' ? target.term_months : plan.catalog.termMonths } : {}),
      alignWithSubscriptionId: target.id,
      // Another tenant's subscription is named, never described, even to someone who sees both.
      ...(own ? { targetEndDate: target.end_date, targetTermMonths: target.term_months, targetState: coterminousTarget.state } : {}),
      newTermMonths: plan.catalog.termMonths,
      startDate: newStart.toString(),
    });
  }
  refuseUnlessSold(plan, organization);
  if (request.seats > plan.rules.maxSeatsPerSubscription) {
    throw new DomainError('SEAT_LIMIT_EXCEEDED', { maximum: plan.rules.maxSeatsPerSubscription, requested: request.seats });
  }
  const amountMinor = coterminousPrice({
    pricePerSeatPerTerm: plan.catalog.price.amountMinor,
    seats: request.seats,
    termMonths: plan.catalog.termMonths,
    monthsCharged: outcome.term.monthsCharged,
  });
  return { plan, seats: request.seats, term: outcome.term, amountMinor, target };
}
