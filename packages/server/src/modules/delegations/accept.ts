// Accepting an offer (SPEC §7): a global admin of the customer, signed in as one of its own
// people (routes.ts admits no delegated roles), with the token of the emailed link. Access
// begins now and lasts through the end date (core `delegationEndDate`), in the customer's zone.
// Checks in this order: the offer is still open, the token is this offer's, its acceptance
// deadline has not passed, the partner is still enrolled. Two acceptances racing: the
// conditional update lets one win.
import { delegationEndDate, nextDelegationDue } from '@licentia/core/partners';
import { localDate, startOfLocalDay } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { getOrganization } from '../organizations/store.ts';
import { findPartnerByOrganization } from '../partners/store.ts';
import { announceDelegation } from './announce.ts';
import type { DelegationContext } from './offer.ts';
import { requireDelegationOf, type DelegationRow } from './store.ts';
import { acceptanceTokenMatches } from './tokens.ts';
import { delegationStatus } from './view.ts';

export async function acceptDelegation(context: DelegationContext, input: { customerOrganizationId: string; delegationId: string; token: string }): Promise<DelegationRow> {
  const { tx, audit } = context;
  const principal = audit.principal;
  if (principal.kind !== 'user') throw new DomainError('USER_REQUIRED');
  const row = await requireDelegationOf(tx, input.customerOrganizationId, input.delegationId, { lock: context.dialect });
  if (row.customer_organization_id !== input.customerOrganizationId) throw new DomainError('NOT_FOUND', { resource: 'delegation' });
  if (row.state !== 'offered') throw new DomainError('DELEGATION_NOT_OFFERED', { state: delegationStatus(row, audit.now).status });
  if (!acceptanceTokenMatches(row.acceptance_token_hash, input.token)) throw new DomainError('DELEGATION_TOKEN_INVALID');
  if (toStoredInstant(audit.now) >= row.accept_until) throw new DomainError('DELEGATION_OFFER_EXPIRED', { acceptBy: row.accept_by });
  const partner = await findPartnerByOrganization(tx, row.partner_organization_id);
  if (partner?.delegatedAdminEnrolledAt == null) throw new DomainError('DELEGATED_ADMIN_NOT_ENROLLED');

  const customer = (await getOrganization(tx, row.customer_organization_id))!;
  const zone = customer.time_zone;
  const acceptedOn = localDate(audit.now, zone);
  const term = { termStart: acceptedOn, endDate: delegationEndDate(acceptedOn, row.duration_days) };
  const now = toStoredInstant(audit.now);
  const accepted: DelegationRow = {
    ...row,
    state: 'active',
    accepted_at: now,
    accepted_by_user_id: principal.userId,
    term_start: term.termStart.toString(),
    end_date: term.endDate.toString(),
    ends_at: toStoredInstant(startOfLocalDay(term.endDate.add({ days: 1 }), zone)),
    due_at: toStoredInstant(startOfLocalDay(nextDelegationDue(term, acceptedOn), zone)),
    updated_at: now,
  };
  const won = await tx
    .updateTable('delegations')
    .set({
      state: accepted.state,
      accepted_at: accepted.accepted_at,
      accepted_by_user_id: accepted.accepted_by_user_id,
      term_start: accepted.term_start,
      end_date: accepted.end_date,
      ends_at: accepted.ends_at,
      due_at: accepted.due_at,
      updated_at: now,
    })
    .where('customer_organization_id', '=', row.customer_organization_id)
    .where('id', '=', row.id)
    .where('state', '=', 'offered')
    .executeTakeFirst();
  if (won.numUpdatedRows !== 1n) throw new DomainError('DELEGATION_NOT_OFFERED', { state: 'changed' });
  await announceDelegation(tx, audit, {
    row: accepted,
    type: 'delegation.accepted',
    actor: 'customer',
    data: { acceptedOn: acceptedOn.toString(), endDate: accepted.end_date, endsAt: accepted.ends_at, autoExtend: accepted.auto_extend === 1 },
  });
  return accepted;
}
