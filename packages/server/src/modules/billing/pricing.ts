// Pricing an order's lines today, with the subscription rules' own quotes, so an order charges
// exactly what buying the same thing directly would: a new subscription at the plan's price ×
// seats for one term; a renewal for one term of its seats; seats added pro rata by days to the
// end date (seat-additions.ts); a coterminous purchase by months (coterminous.ts); a switch to
// direct billing for one full term of its seats (direct-billing.ts). Every refusal
// those rules make (not sold, not renewable, seat limits…) refuses the order before it exists.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { localDate, renewalTerm, termEnd } from '@licentia/core/lifecycle';
import { invoiceTaxes } from '@licentia/core/billing';
import type { Rounding, TaxRate, TaxSummary } from '@licentia/core/money';
import type { Principal } from '../../auth/principal.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { quoteCoterminous, refuseUnlessSold } from '../subscriptions/coterminous.ts';
import { quoteDirectBilling } from '../subscriptions/direct-billing.ts';
import { quoteSeatAddition } from '../subscriptions/seat-additions.ts';
import { plainDate, refuseRenewalIfSwitched } from '../subscriptions/service.ts';
import { planDetails, requireSubscription, type PlanDetails } from '../subscriptions/store.ts';
import type { OrderLineRequest, OrderPurpose } from './schemas.ts';

type Db = Kysely<DB> | Tx;

export interface PricedLine {
  lineNo: number;
  purpose: OrderPurpose;
  plan: PlanDetails;
  subscriptionId: string | null;
  seats: number;
  unitPriceMinor: number;
  amountMinor: number;
  taxClass: TaxRate;
  description: { ja: string; en: string };
  periodStart: string;
  periodEnd: string;
}

export interface PricedOrder {
  currency: string;
  lines: PricedLine[];
  taxes: TaxSummary;
}

const PURPOSE_NAMES: Record<OrderPurpose, { ja: string; en: string }> = {
  new_subscription: { ja: '新規契約', en: 'new subscription' },
  renewal: { ja: '更新', en: 'renewal' },
  seat_addition: { ja: 'ライセンス追加', en: 'seats added' },
  coterminous: { ja: '新規契約（終了日合わせ）', en: 'new subscription, coterminous' },
  direct_billing: { ja: '直接請求への切替', en: 'switch to direct billing' },
};

export function describeLine(plan: PlanDetails, purpose: OrderPurpose, seats: number): { ja: string; en: string } {
  return {
    ja: `${plan.catalog.name.ja}（${PURPOSE_NAMES[purpose].ja}・${seats.toLocaleString('ja-JP')}ライセンス）`,
    en: `${plan.catalog.name.en} (${PURPOSE_NAMES[purpose].en}, ${seats.toLocaleString('en-US')} seat${seats === 1 ? '' : 's'})`,
  };
}

function required<T>(value: T | undefined, line: number, reason: string, purpose: OrderPurpose): T {
  if (value === undefined) throw new DomainError('ORDER_LINE_INVALID', { line, reason, purpose });
  return value;
}

async function priceLine(db: Db, principal: Principal, organization: OrganizationRow, request: OrderLineRequest, lineNo: number, now: Temporal.Instant) {
  const today = localDate(now, organization.time_zone);
  const { purpose } = request;
  switch (purpose) {
    case 'new_subscription': {
      const plan = await planDetails(db, required(request.planId, lineNo, 'PLAN_REQUIRED', purpose));
      const seats = required(request.seats, lineNo, 'SEATS_REQUIRED', purpose);
      refuseUnlessSold(plan, organization);
      if (seats > plan.rules.maxSeatsPerSubscription) throw new DomainError('SEAT_LIMIT_EXCEEDED', { maximum: plan.rules.maxSeatsPerSubscription, requested: seats });
      return { plan, subscriptionId: null, seats, amountMinor: plan.catalog.price.amountMinor * seats, periodStart: today, periodEnd: termEnd(today, plan.catalog.termMonths) };
    }
    case 'renewal': {
      const subscription = await requireSubscription(db, organization.id, required(request.subscriptionId, lineNo, 'SUBSCRIPTION_REQUIRED', purpose));
      const plan = await planDetails(db, subscription.plan_id);
      // A trial is not renewed: the plan is bought.
      if (subscription.is_trial === 1) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NOT_RENEWABLE', subscriptionId: subscription.id });
      refuseRenewalIfSwitched(subscription, 'SUBSCRIPTION_UNAVAILABLE');
      const term = renewalTerm({
        endDate: plainDate(subscription.end_date),
        renewalDay: today,
        cancelledOn: subscription.cancelled_on ? plainDate(subscription.cancelled_on) : undefined,
        policy: plan.rules.policy,
        months: subscription.term_months,
        anchorDay: subscription.anchor_day,
      });
      if (!term.renewable) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NOT_RENEWABLE', renewalRefusal: term.code, subscriptionId: subscription.id });
      const seats = subscription.seats;
      return { plan, subscriptionId: subscription.id, seats, amountMinor: plan.catalog.price.amountMinor * seats, periodStart: term.start, periodEnd: term.end };
    }
    case 'seat_addition': {
      const subscription = await requireSubscription(db, organization.id, required(request.subscriptionId, lineNo, 'SUBSCRIPTION_REQUIRED', purpose));
      const plan = await planDetails(db, subscription.plan_id);
      const seats = required(request.seats, lineNo, 'SEATS_REQUIRED', purpose);
      const quote = quoteSeatAddition({ subscription, plan, organization, seats, now });
      return { plan, subscriptionId: subscription.id, seats, amountMinor: quote.amountMinor, periodStart: plainDate(quote.fromDay), periodEnd: plainDate(quote.endDate) };
    }
    case 'coterminous': {
      const planId = required(request.planId, lineNo, 'ALIGN_TARGET_REQUIRED', purpose);
      const alignWithSubscriptionId = required(request.alignWithSubscriptionId, lineNo, 'ALIGN_TARGET_REQUIRED', purpose);
      const seats = required(request.seats, lineNo, 'SEATS_REQUIRED', purpose);
      const quote = await quoteCoterminous(db, principal, organization, { planId, seats, alignWithSubscriptionId }, now);
      return { plan: quote.plan, subscriptionId: quote.target.id, seats, amountMinor: quote.amountMinor, periodStart: quote.term.start, periodEnd: quote.term.end };
    }
    case 'direct_billing': {
      const subscription = await requireSubscription(db, organization.id, required(request.subscriptionId, lineNo, 'SUBSCRIPTION_REQUIRED', purpose));
      const plan = await planDetails(db, subscription.plan_id);
      // The start the preview offers today (E+1 while active); the payment day decides it in the end.
      const quote = quoteDirectBilling({ subscription, plan, organization, start: undefined, now });
      return { plan, subscriptionId: subscription.id, seats: quote.seats, amountMinor: quote.amountMinor, periodStart: quote.term.start, periodEnd: quote.term.end };
    }
  }
}

/** Lines that change the subscription they name (a coterminous purchase only reads its target's dates). */
const CHANGES_A_SUBSCRIPTION: readonly OrderPurpose[] = ['renewal', 'seat_addition', 'direct_billing'];

/**
 * A switch is priced for the subscription as it is when ordered (its seats, one term after its
 * end): another change to it in the same order would leave the switch applying to something else,
 * refused only once paid. So it is refused before the order exists.
 */
function refuseChangesBesideSwitch(requests: readonly OrderLineRequest[]): void {
  for (const [index, request] of requests.entries()) {
    if (request.purpose !== 'direct_billing' || request.subscriptionId === undefined) continue;
    const clash = requests.some((other, i) => i !== index && other.subscriptionId === request.subscriptionId && CHANGES_A_SUBSCRIPTION.includes(other.purpose));
    if (clash) throw new DomainError('ORDER_LINE_INVALID', { line: index + 1, reason: 'SWITCH_NOT_ALONE', purpose: request.purpose, subscriptionId: request.subscriptionId });
  }
}

/** Prices every line (in order, the first refusal being the answer) and the tax per rate. */
export async function priceOrder(
  db: Db,
  principal: Principal,
  organization: OrganizationRow,
  requests: readonly OrderLineRequest[],
  rounding: Rounding,
  now: Temporal.Instant,
): Promise<PricedOrder> {
  refuseChangesBesideSwitch(requests);
  const lines: PricedLine[] = [];
  for (const [index, request] of requests.entries()) {
    const lineNo = index + 1;
    const priced = await priceLine(db, principal, organization, request, lineNo, now);
    lines.push({
      lineNo,
      purpose: request.purpose,
      plan: priced.plan,
      subscriptionId: priced.subscriptionId,
      seats: priced.seats,
      unitPriceMinor: priced.plan.catalog.price.amountMinor,
      amountMinor: priced.amountMinor,
      taxClass: priced.plan.catalog.taxClass,
      description: describeLine(priced.plan, request.purpose, priced.seats),
      periodStart: priced.periodStart.toString(),
      periodEnd: priced.periodEnd.toString(),
    });
  }
  const currencies = [...new Set(lines.map((l) => l.plan.catalog.price.currency))];
  if (currencies.length > 1) throw new DomainError('ORDER_CURRENCY_MIXED', { currencies });
  const taxes = invoiceTaxes(lines.map((l) => ({ description: l.description.en, amount: l.amountMinor, rate: l.taxClass })), rounding).summary;
  return { currency: currencies[0]!, lines, taxes };
}
