// Which device record an activating machine is, when it is one the license knows (SPEC §6
// "Hardware changes"): its fingerprint names it, or, after an OS reinstall or a new system disk
// (which give the app a new fingerprint), its board does. Core's `classifyHardwareChange` says
// what changed since the record was made.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { classifyHardwareChange, type HardwareChange } from '@licentia/core/repairs';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { componentsOf, findDeviceByFingerprint, type ComponentHashes, type DeviceRow, type LicenseRow } from './store.ts';

type Executor = Kysely<DB> | Tx;

export interface DeviceMatch {
  device: DeviceRow;
  change: HardwareChange;
}

/** The license's device on this board (not a replaced one): the active one first, then the latest. */
export async function findDeviceByBoard(db: Executor, license: LicenseRow, boardHash: string): Promise<DeviceRow | undefined> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('organization_id', '=', license.organization_id)
    .where('license_id', '=', license.id)
    .where('board_hash', '=', boardHash)
    .where('replaced_by_device_id', 'is', null)
    .orderBy((eb) => eb.case().when('deactivated_at', 'is', null).then(0).else(1).end())
    .orderBy('activated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The license's record of this machine, and what changed on it: by fingerprint first (the same
 * installation; its board may have been replaced), else by board (the same machine with a new
 * OS install or system disk). Undefined: a machine the license has never seen.
 */
export async function matchDevice(db: Executor, license: LicenseRow, fingerprint: string, components: ComponentHashes | undefined): Promise<DeviceMatch | undefined> {
  const reported = components ?? {};
  const byFingerprint = await findDeviceByFingerprint(db, license, fingerprint);
  if (byFingerprint) return { device: byFingerprint, change: classifyHardwareChange({ known: componentsOf(byFingerprint), reported, fingerprintChanged: false }) };
  if (reported.board === undefined) return undefined;
  const byBoard = await findDeviceByBoard(db, license, reported.board);
  if (!byBoard) return undefined;
  return { device: byBoard, change: classifyHardwareChange({ known: componentsOf(byBoard), reported, fingerprintChanged: true }) };
}

/**
 * Keeps the record of a device whose board was replaced, deactivated and naming its successor
 * (made in the same transaction). False when another activation replaced it first.
 */
export async function retireReplacedDevice(tx: Tx, device: DeviceRow, successorId: string, now: Temporal.Instant): Promise<boolean> {
  const result = await tx
    .updateTable('devices')
    .set({ deactivated_at: device.deactivated_at ?? toStoredInstant(now), deactivated_by: 'replaced', replaced_by_device_id: successorId })
    .where('organization_id', '=', device.organization_id)
    .where('id', '=', device.id)
    .where('replaced_by_device_id', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
