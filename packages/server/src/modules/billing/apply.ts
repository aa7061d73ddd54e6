// What a paid order does (SPEC §8 "its effect … is applied automatically and exactly once"):
// each line through the subscription rules' order interface (subscriptions/orders.ts), in the
// transaction that records the payment. The order's `applied_at` is the once-guard; the caller
// holds the order's lock. The amount of each change is what its line charged before tax: what a
// cancellation refunds from.
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { addSeatsByOrder, purchaseByOrder, renewByOrder, switchToDirectBillingByOrder } from '../subscriptions/orders.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';
import { lockSubscription } from '../subscriptions/store.ts';
import type { OrderLineRow, OrderRow } from './orders.ts';

export interface AppliedLine {
  line: OrderLineRow;
  subscriptionId: string;
  changeId: string;
}

/** The change just made to a subscription: its latest, made in this transaction. */
export async function latestChange(tx: Tx, organizationId: string, subscriptionId: string) {
  return tx
    .selectFrom('subscription_changes')
    .select(['id', 'term_start', 'term_end'])
    .where('organization_id', '=', organizationId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('ordered_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

async function applyLine(tx: Tx, dialect: DialectName, audit: AuditContext, order: OrderRow, line: OrderLineRow): Promise<SubscriptionRow> {
  const organizationId = order.organization_id;
  const amountMinor = line.amount_minor;
  switch (line.purpose) {
    case 'new_subscription':
      return purchaseByOrder(tx, audit, { organizationId, planId: line.plan_id, seats: line.seats, amountMinor });
    case 'coterminous':
      return purchaseByOrder(tx, audit, { organizationId, planId: line.plan_id, seats: line.seats, amountMinor, alignWithSubscriptionId: line.subscription_id! });
    case 'renewal':
      // Locked first: two orders renewing one subscription at once must not both extend the
      // end date they read.
      await lockSubscription(tx, dialect, organizationId, line.subscription_id!);
      return renewByOrder(tx, audit, { organizationId, subscriptionId: line.subscription_id!, amountMinor });
    case 'seat_addition':
      return addSeatsByOrder(tx, dialect, audit, { organizationId, subscriptionId: line.subscription_id!, seats: line.seats, amountMinor });
    case 'direct_billing':
      // The new direct subscription: what the line applied, and what a cancellation refunds.
      return switchToDirectBillingByOrder(tx, dialect, audit, { organizationId, subscriptionId: line.subscription_id!, seats: line.seats, amountMinor });
    default:
      throw new Error(`order line purpose ${line.purpose} has no effect`);
  }
}

/**
 * Applies every line, in order, and records what each made. Throws the subscription rules'
 * DomainError when a line can no longer be applied (the caller rolls back and cancels the order).
 */
export async function applyOrder(tx: Tx, dialect: DialectName, audit: AuditContext, order: OrderRow, lines: readonly OrderLineRow[]): Promise<AppliedLine[]> {
  const applied: AppliedLine[] = [];
  for (const line of lines) {
    const subscription = await applyLine(tx, dialect, audit, order, line);
    const change = await latestChange(tx, order.organization_id, subscription.id);
    await tx
      .updateTable('order_lines')
      .set({ applied_subscription_id: subscription.id, applied_change_id: change.id, period_start: change.term_start, period_end: change.term_end })
      .where('organization_id', '=', order.organization_id)
      .where('order_id', '=', order.id)
      .where('line_no', '=', line.line_no)
      .execute();
    applied.push({ line: { ...line, applied_subscription_id: subscription.id, applied_change_id: change.id, period_start: change.term_start, period_end: change.term_end }, subscriptionId: subscription.id, changeId: change.id });
  }
  await tx
    .updateTable('orders')
    .set({ applied_at: toStoredInstant(audit.now) })
    .where('organization_id', '=', order.organization_id)
    .where('id', '=', order.id)
    .execute();
  return applied;
}
