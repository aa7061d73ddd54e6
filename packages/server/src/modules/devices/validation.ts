// Validation and check-in gather the facts for `decideValidation` in two steps: `locate` finds
// the license a credential names (so the route can rate-limit by license before the heavier
// work), `judge` reads where it stands and where the device stands on it.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { classifyHardwareChange } from '@licentia/core/repairs';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { safeEqual } from '../../security/tokens.ts';
import { deviceTokenHash } from './activation.ts';
import { licenseOfKey, subjectOfLicense, type LicenseSubject } from './license-subjects.ts';
import { standingOf, type LicenseStanding } from './standing.ts';
import { activationRank, componentsOf, findDeviceByFingerprint, findDeviceByTokenHash, findLicense, getLicense, type ComponentHashes, type DeviceRow, type LicenseRow } from './store.ts';
import { decideValidation, type DeviceFact, type ValidationFacts, type Verdict } from './validation-codes.ts';

type Executor = Kysely<DB> | Tx;

export type DeviceCredential = { key: string } | { deviceToken: string };

export type Located =
  | { found: false; code: 'NOT_FOUND' | 'KEY_REVOKED' | 'KEY_NOT_REDEEMED' | 'KEY_NOT_A_LICENSE' }
  /** `device` is set when the credential was a device token: it names the device itself. */
  | { found: true; subject: LicenseSubject; license: LicenseRow | undefined; device: DeviceRow | undefined };

export async function locate(db: Executor, hmacKey: KeyObject, credential: DeviceCredential): Promise<Located> {
  if ('key' in credential) {
    const result = await licenseOfKey(db, hmacKey, credential.key);
    if (!result.ok) return { found: false, code: result.code };
    return { found: true, subject: result.subject, license: await findLicense(db, result.subject), device: undefined };
  }
  const hash = deviceTokenHash(credential.deviceToken);
  const device = hash === undefined ? undefined : await findDeviceByTokenHash(db, hash);
  if (!device) return { found: false, code: 'NOT_FOUND' };
  const license = await getLicense(db, device.organization_id, device.license_id);
  if (!license) throw new Error(`device ${device.id} has no license ${device.license_id}`);
  return { found: true, subject: await subjectOfLicense(db, license), license, device };
}

/** The stable name of a license for rate limits, also before its row exists. */
export function licenseLimitSubject(subject: LicenseSubject): string {
  return subject.kind === 'key' ? `key:${subject.productKeyId}` : `seat:${subject.organizationId}:${subject.planId}:${subject.userId}`;
}

export interface Judgement {
  facts: ValidationFacts;
  verdict: Verdict;
  standing?: LicenseStanding;
  license?: LicenseRow | undefined;
  /** The device judged: the token's, or the license's device with this fingerprint. */
  device?: DeviceRow | undefined;
}

/**
 * `components`: what a checking-in device reports now; a board other than the one it was
 * activated on is a new device (HARDWARE_CHANGED). Validation sends none, so it cannot tell.
 */
export async function judge(db: Executor, located: Located, fingerprint: string, now: Temporal.Instant, components: ComponentHashes = {}): Promise<Judgement> {
  if (!located.found) {
    const facts: ValidationFacts = { license: located.code };
    return { facts, verdict: decideValidation(facts) };
  }
  const standing = await standingOf(db, located.subject, now);
  const { license } = located;
  const device = located.device ?? (license ? await findDeviceByFingerprint(db, license, fingerprint) : undefined);
  let fact: DeviceFact = { kind: 'none' };
  if (device && device.deactivated_at !== null) fact = { kind: 'deactivated' };
  else if (device) {
    const fingerprintMatches = safeEqual(device.fingerprint, fingerprint);
    // The rank query only matters for a device that could be valid.
    const boardReplaced = classifyHardwareChange({ known: componentsOf(device), reported: components, fingerprintChanged: false }) === 'board';
    fact = { kind: 'active', fingerprintMatches, rank: fingerprintMatches ? await activationRank(db, device) : 0, boardReplaced };
  }
  const facts: ValidationFacts = { license: 'found', state: standing.state, seat: standing.seat, deviceLimit: standing.deviceLimit, device: fact };
  return { facts, verdict: decideValidation(facts), standing, license, device };
}
