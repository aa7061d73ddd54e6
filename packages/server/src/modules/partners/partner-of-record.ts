// Partner of record (SPEC §7): a customer names a partner, by its partner ID, on a subscription,
// or removes it. The partner then sees that subscription in its views, gets its renewal
// reminders (notifications/event-registry.ts), and may renew it with a key (redemption).
//
// Only the customer's own global and billing admins name or remove a partner of record, never a
// partner through delegated roles: a partner naming itself would keep seeing the subscription
// after the relationship ended. The change is audited and announced in the customer's
// organization (`subscription.partner_of_record_changed`); each partner concerned hears of it
// through an event in its own organization too (webhooks).
import { formatPartnerId } from '@licentia/core/partners';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { announce, type SubscriptionRow } from '../subscriptions/service.ts';
import { lockSubscription } from '../subscriptions/store.ts';
import { partnersByOrganization, type Partner } from './store.ts';

export async function setPartnerOfRecord(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  input: { organization: OrganizationRow; subscriptionId: string; partner: Partner | null },
): Promise<SubscriptionRow> {
  const { organization, partner } = input;
  const subscription = await lockSubscription(tx, dialect, organization.id, input.subscriptionId);
  const before = subscription.partner_organization_id;
  const after = partner?.organizationId ?? null;
  // Naming the partner already named (or removing none) changes nothing: a PUT is idempotent.
  if (before === after) return subscription;
  const updated: SubscriptionRow = { ...subscription, partner_organization_id: after, updated_at: toStoredInstant(audit.now) };
  await tx
    .updateTable('subscriptions')
    .set({ partner_organization_id: after, updated_at: updated.updated_at })
    .where('organization_id', '=', organization.id)
    .where('id', '=', subscription.id)
    .execute();
  const partners = await partnersByOrganization(tx, [before, after].filter((id) => id !== null));
  const partnerId = (id: string | null) => (id === null ? null : formatPartnerId(partners.get(id)!.partnerId));
  await announce(tx, audit, organization.id, subscription.id, 'subscription.partner_of_record_changed', {
    partnerOrganizationId: after,
    partnerId: partnerId(after),
    previousPartnerOrganizationId: before,
    previousPartnerId: partnerId(before),
  });
  for (const [partnerOrganizationId, type] of [[before, 'partner.customer_subscription_removed'], [after, 'partner.customer_subscription_added']] as const) {
    if (partnerOrganizationId === null) continue;
    await enqueueEvent(tx, audit.now, {
      organizationId: partnerOrganizationId,
      type,
      payload: { customerOrganizationId: organization.id, subscriptionId: subscription.id, endDate: subscription.end_date },
    });
  }
  return updated;
}
