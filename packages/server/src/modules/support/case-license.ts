// Which license a support case or a question to the advisor is about: named by its id, or found
// from the serial number (or IMEI) of the PC it came preinstalled on, through the hardware
// registry. Only the organization's own licenses are found: anything else is "not found".
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { normalizeHardwareIdentifier } from '@licentia/core/repairs';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { subjectOfLicense } from '../devices/license-subjects.ts';
import { standingOf, type LicenseStanding } from '../devices/standing.ts';
import { getLicense, type LicenseRow } from '../devices/store.ts';
import { preinstalledKeysOf } from '../hardware-registry/store.ts';

type Executor = Kysely<DB> | Tx;

export interface LicenseReferenceInput {
  licenseId?: string | undefined;
  /** The PC's serial number or its IMEI, as typed. */
  serialNumber?: string | undefined;
}

/** A serial number in its canonical form, or the refusal naming what is wrong with it. */
export function canonicalSerial(typed: string, field = 'serialNumber'): string {
  const result = normalizeHardwareIdentifier(typed);
  if (!result.ok) throw new DomainError('HARDWARE_IDENTIFIER_INVALID', { field, value: typed.slice(0, 64), problem: result.problem });
  return result.value;
}

export async function resolveLicense(db: Executor, organizationId: string, input: LicenseReferenceInput): Promise<{ license: LicenseRow; serialNumber: string | null }> {
  if ((input.licenseId === undefined) === (input.serialNumber === undefined)) {
    throw new DomainError('VALIDATION_FAILED', {
      summary: 'body must have exactly one of licenseId and serialNumber',
      errors: [{ location: 'body', pointer: '/licenseId', message: 'send exactly one of licenseId and serialNumber' }],
    });
  }
  if (input.licenseId !== undefined) {
    const license = await getLicense(db, organizationId, input.licenseId);
    if (!license) throw new DomainError('NOT_FOUND', { resource: 'license' });
    return { license, serialNumber: null };
  }
  const serialNumber = canonicalSerial(input.serialNumber!);
  const keys = await preinstalledKeysOf(db, serialNumber);
  const license =
    keys.length === 0
      ? undefined
      : await db.selectFrom('licenses').selectAll().where('organization_id', '=', organizationId).where('product_key_id', 'in', keys).orderBy('id').executeTakeFirst();
  if (!license) throw new DomainError('NOT_FOUND', { resource: 'license' });
  return { license, serialNumber };
}

export async function standingOfLicense(db: Executor, license: LicenseRow, now: Temporal.Instant): Promise<LicenseStanding> {
  return standingOf(db, await subjectOfLicense(db, license), now);
}

/** An email shown only as much as a person needs to recognize it: `t***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}
