// Every change of a relationship concerns two organizations, so it is written to both: an audit
// row in each log (the other side's row names the organization the actor acted from), and an
// outbox event in each, so each side's mail and webhooks hear of it (the registry decides who
// reads which mail). Always in the transaction of the change itself.
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { rolesOf, type DelegationRow } from './store.ts';

/** Which side acted: the customer's admin, the partner's, or nobody (the sweeper). */
export type Actor = 'customer' | 'partner' | 'system';

export async function announceDelegation(
  tx: Tx,
  audit: AuditContext,
  change: { row: DelegationRow; type: string; actor: Actor; data?: Record<string, unknown> },
): Promise<void> {
  const { row, type, actor } = change;
  const customer = row.customer_organization_id;
  const partner = row.partner_organization_id;
  const payload = { delegationId: row.id, customerOrganizationId: customer, partnerOrganizationId: partner, roles: rolesOf(row), ...change.data };
  const actingFrom = actor === 'customer' ? customer : actor === 'partner' ? partner : undefined;
  for (const organizationId of [customer, partner]) {
    const context: AuditContext = { ...audit, actorOrganizationId: actingFrom !== organizationId ? actingFrom : undefined };
    await recordAudit(tx, context, { organizationId, action: type, target: { type: 'delegation', id: row.id }, data: payload });
    await enqueueEvent(tx, audit.now, { organizationId, type, payload });
  }
}
