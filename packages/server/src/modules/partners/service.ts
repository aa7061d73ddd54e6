// Partner organizations (SPEC §7): each has a partner ID from its creation, and the vendor
// enrols it in (or removes it from) the delegated-admin program. A partner that is not enrolled
// cannot offer delegated administration, nor have an offer accepted; relationships already
// accepted run their course (the customer agreed to them) and can be ended by either side.
import { formatPartnerId, parsePartnerId } from '@licentia/core/partners';
import type { Kysely } from 'kysely';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { findPartnerByPartnerId, insertPartner, type Partner } from './store.ts';

/** Called when a partner organization is made, in its transaction. */
export async function createPartnerRecord(tx: Tx, audit: AuditContext, organization: OrganizationRow): Promise<void> {
  const row = await insertPartner(tx, organization.id, audit.now);
  await recordAudit(tx, audit, {
    organizationId: organization.id,
    action: 'partner.created',
    target: { type: 'organization', id: organization.id },
    data: { partnerId: formatPartnerId(row.partner_id) },
  });
}

/** The partner a customer named by its partner ID, or the reason none is found. */
export async function requirePartnerById(db: Kysely<DB> | Tx, typed: string): Promise<Partner> {
  const parsed = parsePartnerId(typed);
  if (!parsed.ok) throw new DomainError('PARTNER_ID_INVALID', { reason: parsed.problem, length: parsed.length });
  const partner = await findPartnerByPartnerId(db, parsed.compact);
  if (!partner) throw new DomainError('NOT_FOUND', { resource: 'partner' });
  return partner;
}

export async function setDelegatedAdminEnrollment(tx: Tx, audit: AuditContext, partner: Partner, enrolled: boolean): Promise<Partner> {
  if ((partner.delegatedAdminEnrolledAt !== null) === enrolled) return partner;
  const enrolledAt = enrolled ? toStoredInstant(audit.now) : null;
  await tx
    .updateTable('partners')
    .set({ delegated_admin_enrolled_at: enrolledAt, updated_at: toStoredInstant(audit.now) })
    .where('organization_id', '=', partner.organizationId)
    .execute();
  await recordAudit(tx, audit, {
    organizationId: partner.organizationId,
    action: enrolled ? 'partner.delegated_admin_enrolled' : 'partner.delegated_admin_unenrolled',
    target: { type: 'organization', id: partner.organizationId },
    data: { partnerId: formatPartnerId(partner.partnerId) },
  });
  return { ...partner, delegatedAdminEnrolledAt: enrolledAt };
}
