// An activation from a machine that already holds a slot of the license, after a repair
// (SPEC §6 "Hardware changes"): core's table decides, from the license's column and what
// changed, whether the app may reactivate by itself, the person must sign in with the account
// the license is linked to, or support must have issued a code. Same board: the device's record
// is reused, no slot is used. New board: a new device takes over the old one's slot, and the old
// record is kept, deactivated as replaced.
import {
  REACTIVATION_OUTCOME_MESSAGES,
  licenseColumn,
  reactivationPath,
  settleReactivation,
  type HardwareChange,
  type LicenseColumn,
  type ReactivationPath,
  type Settlement,
} from '@licentia/core/repairs';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { redeemReactivationCode, type ReactivationCodeRow } from '../support/reactivation-codes.ts';
import { retireReplacedDevice, type DeviceMatch } from './hardware-match.ts';
import type { LicenseStanding } from './standing.ts';
import { insertDevice, renewActivation, type DeviceRow, type LicenseRow, type NewActivation } from './store.ts';

export type ProceedOutcome = Extract<Settlement, { proceed: true }>['outcome'];

export interface HardwareChangeReport {
  change: HardwareChange;
  column: LicenseColumn;
  path: ReactivationPath;
  outcome: ProceedOutcome;
  /** The device before the repair, when a new board made a new device. */
  replacedDeviceId: string | null;
}

/** The column of a license in SPEC §6's table (core's `licenseColumn` over the stored facts). */
export function columnOf(standing: LicenseStanding, license: LicenseRow): LicenseColumn {
  return licenseColumn({ kind: standing.subject.kind, segment: standing.organization.segment, linkedToAccount: license.linked_user_id !== null });
}

/** The person a license is bound to: a seat's holder, or whoever linked a key to their account. */
export function linkedUserOf(standing: LicenseStanding, license: LicenseRow): string | null {
  return standing.subject.kind === 'seat' ? standing.subject.userId : license.linked_user_id;
}

export async function reactivateKnownDevice(
  context: { tx: Tx; audit: AuditContext },
  input: {
    standing: LicenseStanding;
    license: LicenseRow;
    match: DeviceMatch;
    activation: NewActivation;
    code: ReactivationCodeRow | undefined;
    signedInUserId: string | null;
  },
): Promise<{ device: DeviceRow; created: boolean; hardwareChange: HardwareChangeReport | null }> {
  const { tx, audit } = context;
  const { standing, license, match, activation } = input;
  const column = columnOf(standing, license);
  const path = reactivationPath(column, match.change);
  const linkedUserId = linkedUserOf(standing, license);
  const settlement = settleReactivation(path, {
    signedInAsLinkedAccount: input.signedInUserId !== null && input.signedInUserId === linkedUserId,
    reactivationCode: input.code !== undefined,
  });
  if (!settlement.proceed) {
    throw new DomainError(settlement.outcome, { change: match.change, path, deviceId: match.device.id });
  }
  let device: DeviceRow;
  if (match.change === 'board') {
    // The new device is named first so the old record can point at it before the new one takes
    // the fingerprint (one per license among devices not replaced).
    const id = newId('dev', audit.now);
    if (!(await retireReplacedDevice(tx, match.device, id, audit.now))) throw new Error(`device ${match.device.id} was replaced under the license lock`);
    device = await insertDevice(tx, license, activation, audit.now, id);
  } else {
    // The same machine: its record is reused, no slot is used (an OS reinstall, a new disk, a
    // retry, or a CPU or network card that changed).
    device = await renewActivation(tx, match.device, activation, audit.now);
  }
  if (settlement.outcome === 'REACTIVATED_BY_CODE') await redeemReactivationCode(tx, audit, input.code!, device.id);
  if (match.change === 'none') return { device, created: false, hardwareChange: null };
  const report: HardwareChangeReport = {
    change: match.change,
    column,
    path,
    outcome: settlement.outcome,
    replacedDeviceId: match.change === 'board' ? match.device.id : null,
  };
  await recordAudit(tx, audit, {
    organizationId: license.organization_id,
    action: match.change === 'board' ? 'device.replaced' : 'device.reactivated',
    target: { type: 'device', id: device.id },
    data: { licenseId: license.id, ...report, fingerprint: device.fingerprint, ...(input.signedInUserId ? { userId: input.signedInUserId } : {}) },
  });
  return { device, created: match.change === 'board', hardwareChange: report };
}

/** The message of an outcome in the request's language. */
export function outcomeMessage(outcome: ProceedOutcome, language: 'ja' | 'en'): string {
  return REACTIVATION_OUTCOME_MESSAGES[outcome][language];
}
