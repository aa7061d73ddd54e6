// Deprovisioning a deleted subscription (SPEC §4 "deleted: data is deprovisioned; it cannot be
// renewed, only bought anew"). Seats belong to a plan in an organization, not to one
// subscription, so they go only when no other subscription of that plan still keeps data: any
// that is not deleted (a disabled one can be reactivated, and its administrators keep its data
// until then).
import type { Temporal } from 'temporal-polyfill';
import { adminsHaveAccess, type LifecyclePolicy } from '@licentia/core/lifecycle';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { stateOf, type SubscriptionRow } from '../subscriptions/service.ts';

export async function deprovision(
  tx: Tx,
  audit: AuditContext,
  input: { subscription: SubscriptionRow; policy: LifecyclePolicy; today: Temporal.PlainDate },
): Promise<{ seatAssignmentsRemoved: number }> {
  const { subscription, policy, today } = input;
  const siblings = await tx
    .selectFrom('subscriptions')
    .selectAll()
    .where('organization_id', '=', subscription.organization_id)
    .where('plan_id', '=', subscription.plan_id)
    .where('id', '<>', subscription.id)
    .orderBy('id')
    .execute();
  const keptBy = siblings.find((s) => adminsHaveAccess(stateOf(s, policy, today)));
  let removed = 0;
  if (!keptBy) {
    const deleted = await tx
      .deleteFrom('seat_assignments')
      .where('organization_id', '=', subscription.organization_id)
      .where('plan_id', '=', subscription.plan_id)
      .executeTakeFirst();
    removed = Number(deleted.numDeletedRows);
    await tx.deleteFrom('seat_counters').where('organization_id', '=', subscription.organization_id).where('plan_id', '=', subscription.plan_id).execute();
  }
  await recordAudit(tx, audit, {
    organizationId: subscription.organization_id,
    action: 'subscription.deprovisioned',
    target: { type: 'subscription', id: subscription.id },
    data: { planId: subscription.plan_id, seatAssignmentsRemoved: removed, seatsKeptBySubscriptionId: keptBy?.id ?? null },
  });
  return { seatAssignmentsRemoved: removed };
}
