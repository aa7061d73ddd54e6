// How an auto-renewal is charged. SPEC §4 renews on E+1 and §8 applies nothing unpaid; the two
// meet as invoicing after the fact (請求書払い), the usual way Japanese businesses pay renewals:
// - a direct-billed subscription's auto-renewal (the sweeper, on E+1) is an order of its own,
//   channel AR, placed in the sweeper's transaction with the renewal already applied, pending
//   payment by bank transfer until its due date (the issuer's autoRenewalDueDays after the
//   renewal day). Paying it issues the invoice and sends the payment mail like any order;
// - unpaid by the due date, the order lapses and the renewal it paid for is taken back (the end
//   date returns to E, nothing refunded since nothing was paid), so what stays applied is paid;
// - a key-billed subscription's auto-renewal is the seller's to bill: no order here.
// No card is kept on file, so there is no automatic card charge; the customer may pay the
// order's amount by bank transfer (the order number in the reference).
import type { Rounding, TaxRate } from '@licentia/core/money';
import { invoiceTaxes } from '@licentia/core/billing';
import type { Plan } from '../catalog/plans.ts';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { setAutoRenew } from '../subscriptions/auto-renew.ts';
import { applyCancellation, planCancellation } from '../subscriptions/cancellation.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';
import { changesOf, lockSubscription, planDetails, requireOrganization } from '../subscriptions/store.ts';
import { latestChange } from './apply.ts';
import { defaultIssuer } from './issuers.ts';
import { insertOrder, linesOf, type OrderRow } from './orders.ts';
import { describeLine } from './pricing.ts';
import { recordCancellationRefunds } from './refunds.ts';
import { DomainError } from '../../errors/domain-error.ts';

/**
 * Places the order of an auto-renewal the sweeper just made, already applied. Without an issuer
 * the vendor takes no orders: the renewal stands unbilled (as before billing existed) and the
 * audit log of the renewal says so by the absence of an order.
 */
export async function billAutoRenewal(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; plan: Plan; renewed: SubscriptionRow; amountMinor: number },
): Promise<OrderRow | undefined> {
  const { organization, plan, renewed } = input;
  if (renewed.billing_mode !== 'direct') return undefined;
  const issuer = await defaultIssuer(tx);
  if (!issuer) return undefined;
  // The renewal the sweeper has just made.
  const change = await latestChange(tx, organization.id, renewed.id);
  const taxClass = plan.taxClass as TaxRate;
  const details = await planDetails(tx, plan.id);
  const line = {
    lineNo: 1,
    purpose: 'renewal' as const,
    plan: details,
    subscriptionId: renewed.id,
    seats: renewed.seats,
    unitPriceMinor: plan.price.amountMinor,
    amountMinor: input.amountMinor,
    taxClass,
    description: describeLine(details, 'renewal', renewed.seats),
    periodStart: change.term_start,
    periodEnd: change.term_end,
  };
  const taxes = invoiceTaxes([{ description: line.description.en, amount: line.amountMinor, rate: taxClass }], issuer.tax_rounding as Rounding).summary;
  const order = await insertOrder(tx, audit, {
    organization,
    priced: { currency: plan.price.currency, lines: [line], taxes },
    paymentMethod: 'bank_transfer',
    channel: 'AR',
    issuerId: issuer.id,
    rounding: issuer.tax_rounding,
    dueDays: issuer.auto_renewal_due_days,
  });
  const applied = { applied_at: order.created_at };
  await tx.updateTable('orders').set(applied).where('organization_id', '=', organization.id).where('id', '=', order.id).execute();
  await tx
    .updateTable('order_lines')
    .set({ applied_subscription_id: renewed.id, applied_change_id: change.id })
    .where('organization_id', '=', organization.id)
    .where('order_id', '=', order.id)
    .execute();
  return { ...order, ...applied };
}

/**
 * Takes back what an order applied ahead of its payment (an auto-renewal), when it lapses
 * unpaid. Changes already cancelled (the customer gave the renewal back in its window) or on a
 * subscription cancelled since are left as they are: nothing of them is applied any more.
 */
export async function revertUnpaidEffects(tx: Tx, dialect: DialectName, audit: AuditContext, order: OrderRow): Promise<void> {
  if (order.applied_at === null) return;
  const organization = await requireOrganization(tx, order.organization_id);
  for (const line of await linesOf(tx, order.organization_id, order.id)) {
    if (!line.applied_subscription_id || !line.applied_change_id) continue;
    const subscription = await lockSubscription(tx, dialect, order.organization_id, line.applied_subscription_id);
    const details = await planDetails(tx, subscription.plan_id);
    const changes = await changesOf(tx, order.organization_id, [subscription.id]);
    let plan;
    try {
      plan = planCancellation({
        subscription,
        changes,
        changeId: line.applied_change_id,
        plan: details.rules,
        organization,
        now: audit.now,
        unpaid: true,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CHANGE_NOT_CANCELLABLE') continue;
      throw error;
    }
    await applyCancellation(tx, audit, organization, plan);
    await recordCancellationRefunds(tx, audit, organization, plan);
    // An auto-renewal left unpaid is not tried again in grace (the sweeper would renew it once
    // more): auto-renew goes off, and the customer renews by ordering.
    if (order.channel === 'AR' && plan.after.auto_renew === 1) await setAutoRenew(tx, dialect, audit, { organization, subscriptionId: subscription.id, enabled: false });
  }
}
