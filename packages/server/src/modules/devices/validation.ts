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
import { toPlan, type Plan } from '../catalog/plans.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';
import { lookUpDeviceByTokenHash } from './device-lookup.ts';
import { licenseOfKey, type LicenseSubject } from './license-subjects.ts';
import { standingFrom, standingOf, type LicenseStanding } from './standing.ts';
import { activationRank, componentsOf, findDeviceByFingerprint, findLicense, type ComponentHashes, type DeviceRow, type LicenseRow } from './store.ts';
import { decideValidation, type DeviceFact, type ValidationFacts, type Verdict } from './validation-codes.ts';

type Executor = Kysely<DB> | Tx;

export type DeviceCredential = { key: string } | { deviceToken: string };

export type Located =
  | { found: false; code: 'NOT_FOUND' | 'KEY_REVOKED' | 'KEY_NOT_REDEEMED' | 'KEY_NOT_A_LICENSE' }
  /** `device` is set when the credential was a device token: it names the device itself. */
  | { found: true; subject: LicenseSubject; license: LicenseRow | undefined; device: DeviceRow | undefined; read?: AlreadyRead };

/** What a device-token lookup read with the device (device-lookup.ts), so `judge` need not read it again. */
interface AlreadyRead {
  /** Key licenses: everything `standingFrom` needs. Seat licenses read their subscriptions and seat. */
  standing: { organization: OrganizationRow; plan: Plan; subscriptions: SubscriptionRow[] } | undefined;
  /** The device's rank among the license's active devices. */
  rank: number;
}

export async function locate(db: Executor, hmacKey: KeyObject, credential: DeviceCredential): Promise<Located> {
  if ('key' in credential) {
    const result = await licenseOfKey(db, hmacKey, credential.key);
    if (!result.ok) return { found: false, code: result.code };
    return { found: true, subject: result.subject, license: await findLicense(db, result.subject), device: undefined };
  }
  const hash = deviceTokenHash(credential.deviceToken);
  const found = hash === undefined ? undefined : await lookUpDeviceByTokenHash(db, hash);
  if (!found) return { found: false, code: 'NOT_FOUND' };
  const { device, license, organization, key, rank } = found;
  const plan = toPlan(found.plan);
  if (license.kind === 'seat') {
    const subject: LicenseSubject = { kind: 'seat', organizationId: license.organization_id, planId: license.plan_id, userId: license.user_id! };
    return { found: true, subject, license, device, read: { standing: undefined, rank } };
  }
  if (!key) throw new Error(`license ${license.id} has no key`);
  const subject: LicenseSubject = {
    kind: 'key',
    organizationId: license.organization_id,
    planId: license.plan_id,
    productKeyId: key.id,
    keyLast5: key.last5,
    seats: key.seatsPerKey,
    subscriptionId: key.subscriptionId,
  };
  const subscriptions = key.subscription ? [key.subscription] : [];
  return { found: true, subject, license, device, read: { standing: { organization, plan, subscriptions }, rank } };
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
  const { license, read } = located;
  const standing = read?.standing ? await standingFrom(db, { subject: located.subject, ...read.standing }, now) : await standingOf(db, located.subject, now);
  const device = located.device ?? (license ? await findDeviceByFingerprint(db, license, fingerprint) : undefined);
  let fact: DeviceFact = { kind: 'none' };
  if (device && device.deactivated_at !== null) fact = { kind: 'deactivated' };
  else if (device) {
    const fingerprintMatches = safeEqual(device.fingerprint, fingerprint);
    // The rank query only matters for a device that could be valid.
    const boardReplaced = classifyHardwareChange({ known: componentsOf(device), reported: components, fingerprintChanged: false }) === 'board';
    fact = { kind: 'active', fingerprintMatches, rank: !fingerprintMatches ? 0 : read && device === located.device ? read.rank : await activationRank(db, device), boardReplaced };
  }
  const facts: ValidationFacts = { license: 'found', state: standing.state, seat: standing.seat, deviceLimit: standing.deviceLimit, device: fact };
  return { facts, verdict: decideValidation(facts), standing, license, device };
}
