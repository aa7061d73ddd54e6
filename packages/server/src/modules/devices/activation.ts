// Activating and deactivating devices (SPEC §6). The device limit is a lock plus a constraint
// (ARCHITECTURE practice 11): every activation of a license first locks its row (FOR UPDATE on
// PostgreSQL; SQLite's single writer already serializes), then takes a slot with a conditional
// increment of its counter, which a CHECK keeps within the limit; the unique (license,
// fingerprint) constraint makes the same machine one device however many activations race.
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { hitRateLimit } from '../../limits/rate-limiter.ts';
import { hashToken, newSecretToken } from '../../security/tokens.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import type { LicenseSubject } from './license-subjects.ts';
import { newId } from '../../ids.ts';
import { verifyReactivationCode, type PresentedCode } from '../support/reactivation-codes.ts';
import { matchDevice, retireReplacedDevice } from './hardware-match.ts';
import { reactivateKnownDevice, type HardwareChangeReport } from './reactivation.ts';
import { standingOf, type LicenseStanding } from './standing.ts';
import {
  activeDevices,
  getDevice,
  getLicense,
  insertDevice,
  lockLicense,
  markDeactivated,
  releaseDeviceSlot,
  renewActivation,
  takeDeviceSlot,
  type ComponentHashes,
  type DeviceRow,
  type LicenseRow,
} from './store.ts';

export const DEVICE_TOKEN_PREFIX = 'dvt_';
const DAY_SECONDS = 86_400;

export interface DeviceChangeContext {
  tx: Tx;
  dialect: DialectName;
  audit: AuditContext;
}

export interface ActivationRequest {
  subject: LicenseSubject;
  fingerprint: string;
  components: ComponentHashes | undefined;
  name: string | null;
  /** New devices per license per day, at least; a license may always fill its limit in a day. */
  velocityPerDay: number;
  /** The person signed in for this activation (an activation with an account); null with a key. */
  signedInUserId: string | null;
  /** A reactivation code from support, hashed; undefined when none was sent. */
  reactivationCode: PresentedCode | undefined;
  /** The active device of the license this machine replaces (a new board on a machine the license cannot recognize). */
  replacesDeviceId?: string | undefined;
}

export interface Activation {
  standing: LicenseStanding;
  license: LicenseRow;
  device: DeviceRow;
  /** The device token, shown once: only its hash is stored. */
  deviceToken: string;
  /** The activation took a slot of the license (a new machine, or one coming back). */
  tookSlot: boolean;
  /** A device record was made (a new machine, or a known one with a new board). */
  created: boolean;
  /** A repair the license knew this machine from before (SPEC §6 "Hardware changes"); null for any other activation. */
  hardwareChange: HardwareChangeReport | null;
}

/**
 * Too many new devices on one license today. Thrown inside the activation's transaction, which
 * rolls back (the attempt took no slot and counts for nothing); the route then records the
 * refusal in a transaction of its own (`recordVelocityRefusal`).
 */
export class ActivationVelocityExceeded extends DomainError {
  readonly organizationId: string;
  readonly licenseId: string;
  readonly perDay: number;

  constructor(license: LicenseRow, perDay: number, retryAfterSeconds: number) {
    super('ACTIVATION_RATE_LIMITED', { retryAfterSeconds });
    this.organizationId = license.organization_id;
    this.licenseId = license.id;
    this.perDay = perDay;
  }
}

/** Refuses a license whose users have no access (or whose seat is gone) before it takes a slot. */
function requireUsable(standing: LicenseStanding): void {
  if (standing.state !== 'active' && standing.state !== 'expired') throw new DomainError('LICENSE_NOT_USABLE', { state: standing.state });
  if (standing.seat === 'unassigned') throw new DomainError('SEAT_NOT_ASSIGNED', { organizationId: standing.organization.id });
  if (standing.seat === 'unlicensed') throw new DomainError('SEAT_UNLICENSED');
}

export function deviceSummary(device: DeviceRow) {
  return { id: device.id, name: device.name, activatedAt: device.activated_at, lastCheckInAt: device.last_check_in_at };
}

export async function activateDevice(context: DeviceChangeContext, request: ActivationRequest): Promise<Activation> {
  const { tx, dialect, audit } = context;
  const now = audit.now;
  const standing = await standingOf(tx, request.subject, now);
  requireUsable(standing);
  const license = await lockLicense(tx, dialect, request.subject, standing.deviceLimit, now);
  const deviceToken = newSecretToken(DEVICE_TOKEN_PREFIX);
  const activation = { fingerprint: request.fingerprint, components: request.components, name: request.name, tokenHash: hashToken(deviceToken) };
  // A code is checked whenever one is sent, needed or not: a wrong code is refused, not ignored.
  const code = request.reactivationCode ? await verifyReactivationCode(tx, license, request.reactivationCode, now) : undefined;
  let match = await matchDevice(tx, license, request.fingerprint, request.components);
  // A machine the license cannot recognize (new board and new disk) is the device it replaces
  // when the app says which (the person picked it from DEVICE_LIMIT_REACHED's list), or when a
  // code for a case naming one is presented. The table then decides as for any new board.
  // A case's device that no longer holds a slot (an administrator freed it) leaves an ordinary
  // activation; a device the app named explicitly must be there.
  const replaces = match ? undefined : (request.replacesDeviceId ?? code?.device_id ?? undefined);
  if (replaces !== undefined) {
    const named = await getDevice(tx, license.organization_id, replaces);
    const holdsSlot = named !== undefined && named.license_id === license.id && named.deactivated_at === null;
    if (holdsSlot) match = { device: named, change: 'board' };
    else if (request.replacesDeviceId !== undefined) throw new DomainError('NOT_FOUND', { resource: 'device to replace' });
  }
  if (match && match.device.deactivated_at === null) {
    // The machine holds its slot: SPEC §6's table decides what this activation needs.
    const settled = await reactivateKnownDevice({ tx, audit }, { standing, license, match, activation, code, signedInUserId: request.signedInUserId });
    return { standing, license, deviceToken, tookSlot: false, ...settled };
  }
  if (!(await takeDeviceSlot(tx, license, standing.deviceLimit))) {
    const devices = await activeDevices(tx, license.organization_id, license.id);
    throw new DomainError('DEVICE_LIMIT_REACHED', { limit: standing.deviceLimit, devices: devices.map(deviceSummary) });
  }
  // Counted only for activations that happen: a refusal rolls its hit back with everything else.
  const perDay = Math.max(request.velocityPerDay, standing.deviceLimit);
  const velocity = await hitRateLimit(tx, { name: 'activation-velocity', limit: perDay, windowSeconds: DAY_SECONDS }, license.id, now);
  if (!velocity.allowed) throw new ActivationVelocityExceeded(license, perDay, velocity.retryAfterSeconds);
  // A deactivated machine coming back reuses its record, unless its board was replaced
  // meanwhile: a new board is a new device, and the old record is kept as replaced by it.
  const returning = match && match.change !== 'board' ? match.device : undefined;
  let device: DeviceRow;
  if (returning) device = await renewActivation(tx, returning, activation, now);
  else {
    const id = newId('dev', now);
    if (match) await retireReplacedDevice(tx, match.device, id, now);
    device = await insertDevice(tx, license, activation, now, id);
  }
  await recordAudit(tx, audit, {
    organizationId: license.organization_id,
    action: 'device.activated',
    target: { type: 'device', id: device.id },
    data: {
      licenseId: license.id,
      via: request.subject.kind === 'key' && request.signedInUserId === null ? 'product_key' : 'account',
      ...(request.subject.kind === 'key' ? { keyLast5: request.subject.keyLast5 } : {}),
      ...(request.signedInUserId !== null ? { userId: request.signedInUserId } : {}),
      fingerprint: device.fingerprint,
      name: device.name,
      returning: returning !== undefined,
      ...(match && !returning ? { replacedDeviceId: match.device.id } : {}),
    },
  });
  return { standing, license, device, deviceToken, tookSlot: true, created: !returning, hardwareChange: null };
}

/**
 * Audits a velocity refusal, once per license per day (the first refusal): a script hammering a
 * license must not be able to flood the append-only audit log.
 */
export async function recordVelocityRefusal(tx: Tx, audit: AuditContext, refusal: ActivationVelocityExceeded): Promise<void> {
  const first = await hitRateLimit(tx, { name: 'activation-velocity-audited', limit: 1, windowSeconds: DAY_SECONDS }, refusal.licenseId, audit.now);
  if (!first.allowed) return;
  await recordAudit(tx, audit, {
    organizationId: refusal.organizationId,
    action: 'license.activation_rate_limited',
    target: { type: 'license', id: refusal.licenseId },
    data: { perDay: refusal.perDay, retryAfterSeconds: refusal.details.retryAfterSeconds },
  });
}

/**
 * Frees the device's slot. Idempotent: deactivating a deactivated device changes nothing and
 * returns false. The license row is locked first, in the same order as activation, so the two
 * cannot deadlock.
 */
export async function deactivateDevice(context: DeviceChangeContext, device: DeviceRow, by: 'device' | 'admin'): Promise<boolean> {
  const { tx, dialect, audit } = context;
  const license = await getLicense(tx, device.organization_id, device.license_id, { lock: dialect });
  if (!license) throw new Error(`device ${device.id} has no license ${device.license_id}`);
  if (!(await markDeactivated(tx, device, by, audit.now))) return false;
  await releaseDeviceSlot(tx, license.organization_id, license.id);
  await recordAudit(tx, audit, {
    organizationId: device.organization_id,
    action: 'device.deactivated',
    target: { type: 'device', id: device.id },
    data: { licenseId: license.id, by, name: device.name },
  });
  return true;
}

export function deviceTokenHash(token: string): string | undefined {
  return token.startsWith(DEVICE_TOKEN_PREFIX) ? hashToken(token) : undefined;
}
