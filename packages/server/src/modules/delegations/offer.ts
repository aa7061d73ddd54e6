// An enrolled partner offers delegated administration to a customer (SPEC §7): named roles, a
// duration of 1 day to 2 years, optionally the 180-day auto-extension (never with the
// global-admin role). Nothing opens until a global admin of the customer accepts by the emailed
// link; the offer goes to the customer's global admins as `delegation.offered`.
//
// The customer is named by its organization id, which its administrator gives the partner (ids
// are unguessable, so holding one is the customer's introduction); anything that is not a
// customer organization is not found. One open (offered or active) relationship per partner and
// customer: checked under a lock on the customer's row and backed by a partial unique index, so
// two offers racing make one relationship.
import { DELEGABLE_ROLES, delegationOfferProblems, offerAcceptBy, type DelegableRole } from '@licentia/core/partners';
import { localDate, startOfLocalDay } from '@licentia/core/lifecycle';
import { auditActor } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import { lockOrganization } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import type { ServerSecrets } from '../../security/secrets.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getOrganization } from '../organizations/store.ts';
import { findPartnerByOrganization } from '../partners/store.ts';
import { announceDelegation } from './announce.ts';
import { OPEN_STATES, type DelegationRow } from './store.ts';
import { acceptanceTokenHash } from './tokens.ts';

export interface DelegationContext {
  tx: Tx;
  dialect: DialectName;
  secrets: ServerSecrets;
  audit: AuditContext;
}

export interface Offer {
  partnerOrganizationId: string;
  customerOrganizationId: string;
  roles: readonly DelegableRole[];
  durationDays: number;
  autoExtend: boolean;
}

export async function offerDelegation(context: DelegationContext, offer: Offer): Promise<DelegationRow> {
  const { tx, audit } = context;
  const partner = await findPartnerByOrganization(tx, offer.partnerOrganizationId);
  if (!partner) throw new DomainError('NOT_FOUND', { resource: 'partner' });
  if (partner.delegatedAdminEnrolledAt === null) throw new DomainError('DELEGATED_ADMIN_NOT_ENROLLED');
  const [problem, ...more] = delegationOfferProblems(offer);
  if (problem) throw new DomainError('DELEGATION_OFFER_INVALID', { reason: problem, problems: [problem, ...more] });

  await lockOrganization(tx, context.dialect, offer.customerOrganizationId);
  const customer = await getOrganization(tx, offer.customerOrganizationId);
  if (!customer || customer.kind !== 'customer') throw new DomainError('NOT_FOUND', { resource: 'organization' });
  const now = toStoredInstant(audit.now);
  await endLapsedOffer(context, offer, now);
  const open = await tx
    .selectFrom('delegations')
    .select(['id', 'state'])
    .where('customer_organization_id', '=', customer.id)
    .where('partner_organization_id', '=', partner.organizationId)
    .where('state', 'in', [...OPEN_STATES])
    .executeTakeFirst();
  if (open) throw new DomainError('DELEGATION_EXISTS', { delegationId: open.id, state: open.state });

  const acceptBy = offerAcceptBy(localDate(audit.now, customer.time_zone));
  const id = newId('dlg', audit.now);
  const actor = auditActor(audit.principal);
  const row: DelegationRow = {
    customer_organization_id: customer.id,
    id,
    partner_organization_id: partner.organizationId,
    // Stored in the catalogue's order: the same grant always reads the same.
    roles: JSON.stringify(DELEGABLE_ROLES.filter((role) => offer.roles.includes(role))),
    duration_days: offer.durationDays,
    auto_extend: offer.autoExtend ? 1 : 0,
    state: 'offered',
    end_reason: null,
    offered_at: now,
    offered_by: actor.id,
    accept_by: acceptBy.toString(),
    accept_until: toStoredInstant(startOfLocalDay(acceptBy.add({ days: 1 }), customer.time_zone)),
    acceptance_token_hash: acceptanceTokenHash(context.secrets, id),
    accepted_at: null,
    accepted_by_user_id: null,
    term_start: null,
    end_date: null,
    ends_at: null,
    extensions: 0,
    ended_at: null,
    due_at: null,
    updated_at: now,
  };
  await tx.insertInto('delegations').values(row).execute();
  await announceDelegation(tx, audit, {
    row,
    type: 'delegation.offered',
    actor: 'partner',
    data: { durationDays: row.duration_days, autoExtend: offer.autoExtend, acceptBy: row.accept_by },
  });
  return row;
}

/** An offer nobody accepted in time frees the pair's open slot, with its own audit rows. */
async function endLapsedOffer(context: DelegationContext, offer: Offer, now: string): Promise<void> {
  const lapsed = await context.tx
    .updateTable('delegations')
    .set({ state: 'ended', end_reason: 'offer_expired', ended_at: now, updated_at: now })
    .where('customer_organization_id', '=', offer.customerOrganizationId)
    .where('partner_organization_id', '=', offer.partnerOrganizationId)
    .where('state', '=', 'offered')
    .where('accept_until', '<=', now)
    .returning(['id'])
    .executeTakeFirst();
  if (!lapsed) return;
  for (const organizationId of [offer.customerOrganizationId, offer.partnerOrganizationId]) {
    await recordAudit(context.tx, { ...context.audit, principal: { kind: 'anonymous' } }, {
      organizationId,
      action: 'delegation.offer_expired',
      target: { type: 'delegation', id: lapsed.id },
    });
  }
}
