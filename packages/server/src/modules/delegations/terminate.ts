// Either side ends a relationship at any time (SPEC §7): the customer's global admin or the
// partner's admin. An open offer ended by the customer is declined, by the partner withdrawn;
// an active relationship is terminated, and from the next request on, no request of the
// partner's succeeds on the customer (auth/delegation.ts reads the state on every request).
// Ending what has already ended (recorded, or past its date) is refused with DELEGATION_ENDED.
import { localDate } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { getOrganization } from '../organizations/store.ts';
import { announceDelegation } from './announce.ts';
import type { DelegationContext } from './offer.ts';
import { requireDelegationOf, type DelegationRow } from './store.ts';
import { delegationStatus } from './view.ts';

export async function terminateDelegation(context: DelegationContext, input: { organizationId: string; delegationId: string }): Promise<DelegationRow> {
  const { tx, audit } = context;
  const row = await requireDelegationOf(tx, input.organizationId, input.delegationId, { lock: context.dialect });
  const side = row.customer_organization_id === input.organizationId ? 'customer' : 'partner';
  const status = delegationStatus(row, audit.now);
  if (status.status === 'ended') throw new DomainError('DELEGATION_ENDED', { endReason: status.endReason });
  const reason = row.state === 'offered' ? (side === 'customer' ? 'declined' : 'withdrawn') : (`terminated_by_${side}` as const);
  const now = toStoredInstant(audit.now);
  const ended: DelegationRow = { ...row, state: 'ended', end_reason: reason, ended_at: now, due_at: null, updated_at: now };
  const won = await tx
    .updateTable('delegations')
    .set({ state: 'ended', end_reason: reason, ended_at: now, due_at: null, updated_at: now })
    .where('customer_organization_id', '=', row.customer_organization_id)
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .executeTakeFirst();
  if (won.numUpdatedRows !== 1n) throw new DomainError('DELEGATION_ENDED', { endReason: 'changed' });
  const customer = (await getOrganization(tx, row.customer_organization_id))!;
  await announceDelegation(tx, audit, {
    row: ended,
    type: 'delegation.ended',
    actor: side,
    data: { reason, endedOn: localDate(audit.now, customer.time_zone).toString(), endDate: row.end_date },
  });
  return ended;
}
