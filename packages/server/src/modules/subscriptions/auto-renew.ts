// Turning auto-renew on or off (SPEC §4). Off counts only up to the cut-off, E − N days (core
// canTurnOffAutoRenew): after it the vendor has committed the renewal, so the API refuses with
// the last day it could have been done and the alternative, cancelling the renewal within its
// own window. On is allowed whenever the subscription can still be renewed (not a trial, not one
// switched to direct billing, whose successor renews in its place).
import { cancellationWindowForStartDate, canTurnOffAutoRenew, localDate, renewalStart } from '@licentia/core/lifecycle';
import { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { announce, type SubscriptionRow, plainDate, refuseRenewalIfSwitched } from './service.ts';
import { lockSubscription, planDetails } from './store.ts';

export async function setAutoRenew(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  input: { organization: OrganizationRow; subscriptionId: string; enabled: boolean },
): Promise<SubscriptionRow> {
  const { organization, enabled } = input;
  const subscription = await lockSubscription(tx, dialect, organization.id, input.subscriptionId);
  // Asking for what already holds changes nothing, and is not refused (a PUT is idempotent).
  if ((subscription.auto_renew === 1) === enabled) return subscription;
  const plan = await planDetails(tx, subscription.plan_id);
  const policy = plan.rules.policy;
  const today = localDate(audit.now, organization.time_zone);
  const end = plainDate(subscription.end_date);
  if (enabled) {
    if (subscription.is_trial === 1) throw new DomainError('AUTO_RENEW_UNAVAILABLE', { reason: 'TRIAL', subscriptionId: subscription.id });
    refuseRenewalIfSwitched(subscription, 'AUTO_RENEW_UNAVAILABLE');
    const renewal = renewalStart({ endDate: end, renewalDay: today, cancelledOn: subscription.cancelled_on ? plainDate(subscription.cancelled_on) : undefined, policy });
    if (!renewal.renewable) throw new DomainError('AUTO_RENEW_UNAVAILABLE', { reason: 'NOT_RENEWABLE', subscriptionId: subscription.id, renewalRefusal: renewal.code });
  } else if (Temporal.PlainDate.compare(today, end) <= 0) {
    // Only while the renewal is still ahead: past E without a renewal there is nothing to lock.
    const check = canTurnOffAutoRenew(end, today, policy);
    if (!check.ok) {
      const renewsOn = end.add({ days: 1 });
      const window = cancellationWindowForStartDate({ orderedAt: audit.now, startDate: renewsOn, timeZone: organization.time_zone, hours: policy.cancellationWindowHours });
      throw new DomainError('AUTO_RENEW_LOCKED', {
        subscriptionId: subscription.id,
        lastChangeDay: check.deadline.toString(),
        cutoffDays: policy.autoRenewCutoffDays,
        endDate: subscription.end_date,
        renewsOn: renewsOn.toString(),
        alternative: check.alternative,
        // The renewal opens its own window: cancelling it before this instant refunds it.
        cancellableUntil: toStoredInstant(window.closesAt),
      });
    }
  }
  const updated: SubscriptionRow = { ...subscription, auto_renew: enabled ? 1 : 0, updated_at: toStoredInstant(audit.now) };
  await tx
    .updateTable('subscriptions')
    .set({ auto_renew: updated.auto_renew, updated_at: updated.updated_at })
    .where('organization_id', '=', organization.id)
    .where('id', '=', subscription.id)
    .execute();
  await announce(tx, audit, organization.id, subscription.id, 'subscription.auto_renew_changed', { autoRenew: enabled, endDate: subscription.end_date });
  return updated;
}
