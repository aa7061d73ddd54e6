// Which partner organizations are OEMs (manufacturers preinstalling the vendor's licenses): a
// mark the vendor sets, in a table of its own so the partners module's own data stays apart.
// Audited in the vendor organization's log and in the partner's.
import type { Kysely } from 'kysely';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getOrganization } from '../organizations/store.ts';

async function auditBoth(tx: Tx, audit: AuditContext, organizationId: string, action: string): Promise<void> {
  const logs = new Set([organizationId, audit.actorOrganizationId ?? organizationId]);
  for (const log of logs) await recordAudit(tx, audit, { organizationId: log, action, target: { type: 'organization', id: organizationId } });
}

export async function markOemPartner(tx: Tx, audit: AuditContext, organizationId: string) {
  const organization = await getOrganization(tx, organizationId);
  if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  if (organization.kind !== 'partner') throw new DomainError('NOT_A_PARTNER_ORGANIZATION', { organizationId });
  const inserted = await tx
    .insertInto('oem_partners')
    .values({ organization_id: organizationId, created_at: toStoredInstant(audit.now) })
    .onConflict((oc) => oc.doNothing())
    .returning('created_at')
    .executeTakeFirst();
  if (inserted) await auditBoth(tx, audit, organizationId, 'oem_partner.marked');
  const row = await tx.selectFrom('oem_partners').select('created_at').where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return { created: inserted !== undefined, partner: { organizationId, name: organization.name, markedAt: row.created_at } };
}

export async function unmarkOemPartner(tx: Tx, audit: AuditContext, organizationId: string): Promise<void> {
  const removed = await tx.deleteFrom('oem_partners').where('organization_id', '=', organizationId).executeTakeFirst();
  if (removed.numDeletedRows === 0n) throw new DomainError('NOT_FOUND', { resource: 'OEM partner' });
  await auditBoth(tx, audit, organizationId, 'oem_partner.unmarked');
}

export async function listOemPartners(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('oem_partners')
    .innerJoin('organizations', 'organizations.id', 'oem_partners.organization_id')
    .select(['oem_partners.organization_id', 'organizations.name', 'oem_partners.created_at'])
    .orderBy('oem_partners.created_at')
    .execute();
  return rows.map((r) => ({ organizationId: r.organization_id, name: r.name, markedAt: r.created_at }));
}
