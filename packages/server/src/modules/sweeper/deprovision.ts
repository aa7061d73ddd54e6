// Deprovisioning a deleted subscription (SPEC §4 "deleted: data is deprovisioned; it cannot be
// renewed, only bought anew"). Seats, licenses and their devices belong to a plan in an
// organization, not to one subscription, so they go only when no other subscription of that plan
// still keeps data: any that is not deleted (a disabled one can be reactivated, and its
// administrators keep its data until then). Devices go with their licenses: their records hold
// hashes of the customer's hardware, which nothing needs once the plan is gone, and a new
// purchase starts with free device slots.
import type { Temporal } from 'temporal-polyfill';
import { adminsHaveAccess, type LifecyclePolicy } from '@licentia/core/lifecycle';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { stateOf, type SubscriptionRow } from '../subscriptions/service.ts';

export async function deprovision(
  tx: Tx,
  audit: AuditContext,
  input: { subscription: SubscriptionRow; policy: LifecyclePolicy; today: Temporal.PlainDate },
): Promise<{ seatAssignmentsRemoved: number; devicesRemoved: number }> {
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
  const removed = keptBy ? { seatAssignmentsRemoved: 0, devicesRemoved: 0 } : await removePlanData(tx, subscription.organization_id, subscription.plan_id);
  await recordAudit(tx, audit, {
    organizationId: subscription.organization_id,
    action: 'subscription.deprovisioned',
    target: { type: 'subscription', id: subscription.id },
    data: { planId: subscription.plan_id, ...removed, seatsKeptBySubscriptionId: keptBy?.id ?? null },
  });
  return removed;
}

async function removePlanData(tx: Tx, organizationId: string, planId: string): Promise<{ seatAssignmentsRemoved: number; devicesRemoved: number }> {
  const seats = await tx.deleteFrom('seat_assignments').where('organization_id', '=', organizationId).where('plan_id', '=', planId).executeTakeFirst();
  await tx.deleteFrom('seat_counters').where('organization_id', '=', organizationId).where('plan_id', '=', planId).execute();
  const licensesOfPlan = tx.selectFrom('licenses').select('id').where('organization_id', '=', organizationId).where('plan_id', '=', planId);
  const devices = await tx.deleteFrom('devices').where('organization_id', '=', organizationId).where('license_id', 'in', licensesOfPlan).executeTakeFirst();
  await tx.deleteFrom('licenses').where('organization_id', '=', organizationId).where('plan_id', '=', planId).execute();
  return { seatAssignmentsRemoved: Number(seats.numDeletedRows), devicesRemoved: Number(devices.numDeletedRows) };
}
