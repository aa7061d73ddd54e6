// Digital licenses (SPEC §6): a person links the product key of their personal account to
// their own account, and from then on signs in to activate it and to move it after a repair
// (the "personal license linked to an account" column of the hardware-change table). Only keys
// of personal organizations can be linked: a business license belongs to the organization and
// is managed by its administrators. The link lives on the license's row (made here if no device
// was activated yet), so the device limit and the link are one record.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { rolesIn, type Principal } from '../../auth/principal.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { toStoredInstant } from '../../clock.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { keyRefusal, licenseOfKey } from '../devices/license-subjects.ts';
import { standingOf } from '../devices/standing.ts';
import { lockLicense, type LicenseRow } from '../devices/store.ts';

/** Who may link a key: the person behind the session, or behind the API token (in its organization only). */
export function personOf(principal: Principal): { userId: string; organizationIds: readonly string[] | undefined } {
  if (principal.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const userId = principal.kind === 'user' ? principal.userId : principal.createdByUserId;
  if (userId === null) throw new DomainError('USER_REQUIRED');
  return { userId, organizationIds: principal.kind === 'token' ? [principal.organizationId] : undefined };
}

const LINKING_ROLES = ['global_admin', 'license_admin'] as const;

export async function linkKeyLicense(
  context: { tx: Tx; dialect: DialectName; audit: AuditContext },
  input: { principal: Principal; key: string; hmacKey: KeyObject },
): Promise<{ license: LicenseRow; changed: boolean }> {
  const { tx, dialect, audit } = context;
  const person = personOf(input.principal);
  const found = await licenseOfKey(tx, input.hmacKey, input.key);
  if (!found.ok) throw keyRefusal(found);
  const subject = found.subject;
  // Someone else's key is as unknown as a key never issued.
  const held = rolesIn(input.principal, subject.organizationId);
  const inScope = person.organizationIds === undefined || person.organizationIds.includes(subject.organizationId);
  if (!inScope || !LINKING_ROLES.some((role) => held.has(role))) throw new DomainError('NOT_FOUND', { resource: 'product key' });
  const standing = await standingOf(tx, subject, audit.now);
  if (standing.organization.segment !== 'personal') throw new DomainError('LICENSE_LINK_NOT_ALLOWED', { segment: standing.organization.segment });
  const license = await lockLicense(tx, dialect, subject, standing.deviceLimit, audit.now);
  if (license.linked_user_id === person.userId) return { license, changed: false };
  if (license.linked_user_id !== null) throw new DomainError('LICENSE_ALREADY_LINKED');
  const linkedAt = toStoredInstant(audit.now);
  await tx
    .updateTable('licenses')
    .set({ linked_user_id: person.userId, linked_at: linkedAt })
    .where('organization_id', '=', license.organization_id)
    .where('id', '=', license.id)
    .execute();
  await recordAudit(tx, audit, {
    organizationId: license.organization_id,
    action: 'license.linked',
    target: { type: 'license', id: license.id },
    data: { userId: person.userId, keyLast5: subject.keyLast5 },
  });
  return { license: { ...license, linked_user_id: person.userId, linked_at: linkedAt }, changed: true };
}

export async function unlinkLicense(tx: Tx, audit: AuditContext, principal: Principal, licenseId: string): Promise<void> {
  const person = personOf(principal);
  let query = tx.selectFrom('licenses').selectAll().where('id', '=', licenseId).where('linked_user_id', '=', person.userId);
  if (person.organizationIds) query = query.where('organization_id', 'in', person.organizationIds);
  const license = await query.executeTakeFirst();
  if (!license) throw new DomainError('NOT_FOUND', { resource: 'linked license' });
  await tx
    .updateTable('licenses')
    .set({ linked_user_id: null, linked_at: null })
    .where('organization_id', '=', license.organization_id)
    .where('id', '=', license.id)
    .execute();
  await recordAudit(tx, audit, { organizationId: license.organization_id, action: 'license.unlinked', target: { type: 'license', id: license.id }, data: { userId: person.userId } });
}

/** The licenses linked to the person, with what they license. */
export async function linkedLicensesOf(db: Kysely<DB>, principal: Principal) {
  const person = personOf(principal);
  let query = db
    .selectFrom('licenses')
    .innerJoin('plans', 'plans.id', 'licenses.plan_id')
    .innerJoin('product_keys', 'product_keys.id', 'licenses.product_key_id')
    .select([
      'licenses.id',
      'licenses.organization_id',
      'licenses.plan_id',
      'plans.product_id',
      'product_keys.last5',
      'licenses.linked_at',
      'licenses.active_devices',
      'licenses.device_limit',
    ])
    .where('licenses.linked_user_id', '=', person.userId)
    .orderBy('licenses.linked_at')
    .orderBy('licenses.id');
  if (person.organizationIds) query = query.where('licenses.organization_id', 'in', person.organizationIds);
  return query.execute();
}
