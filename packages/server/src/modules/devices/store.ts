// Reading and writing licenses (the device-limit counters) and devices. Callers decide who may
// and what a limit is; this file only knows SQL. Device tokens arrive here as hashes only.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { HardwareComponents } from '@licentia/core/repairs';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB, DevicesTable, LicensesTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId } from '../../ids.ts';

type Executor = Kysely<DB> | Tx;

export type LicenseRow = Selectable<LicensesTable>;
export type DeviceRow = Selectable<DevicesTable>;

/** What a license is, before it has a row: a redeemed key, or a user's seat of a plan. */
export type LicenseReference =
  | { kind: 'key'; organizationId: string; planId: string; productKeyId: string }
  | { kind: 'seat'; organizationId: string; planId: string; userId: string };

export type ComponentHashes = HardwareComponents;

function componentColumns(components: ComponentHashes) {
  return {
    board_hash: components.board ?? null,
    disk_hash: components.disk ?? null,
    os_install_hash: components.osInstall ?? null,
    cpu_hash: components.cpu ?? null,
    mac_hash: components.mac ?? null,
  };
}

/** The components a device record holds, as core compares them. */
export function componentsOf(device: DeviceRow): ComponentHashes {
  return {
    board: device.board_hash ?? undefined,
    disk: device.disk_hash ?? undefined,
    osInstall: device.os_install_hash ?? undefined,
    cpu: device.cpu_hash ?? undefined,
    mac: device.mac_hash ?? undefined,
  };
}

/** The license row of a reference, if a device was ever activated on it. */
export async function findLicense(db: Executor, reference: LicenseReference, options: { lock?: DialectName } = {}): Promise<LicenseRow | undefined> {
  let query = db.selectFrom('licenses').selectAll().where('organization_id', '=', reference.organizationId);
  query =
    reference.kind === 'key'
      ? query.where('product_key_id', '=', reference.productKeyId)
      : query.where('plan_id', '=', reference.planId).where('user_id', '=', reference.userId);
  // On SQLite the write transaction already holds the database's one write lock.
  if (options.lock === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function getLicense(db: Executor, organizationId: string, licenseId: string, options: { lock?: DialectName } = {}): Promise<LicenseRow | undefined> {
  let query = db.selectFrom('licenses').selectAll().where('organization_id', '=', organizationId).where('id', '=', licenseId);
  if (options.lock === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * The license row of a reference, made on first use, and locked (FOR UPDATE on PostgreSQL) for
 * the rest of the transaction: every activation and deactivation of the license queues here.
 * Two first activations racing both insert; the unique constraint lets one row exist and the
 * other insert waits for it, then does nothing.
 */
export async function lockLicense(tx: Tx, dialect: DialectName, reference: LicenseReference, deviceLimit: number, now: Temporal.Instant): Promise<LicenseRow> {
  await tx
    .insertInto('licenses')
    .values({
      organization_id: reference.organizationId,
      id: newId('lic', now),
      kind: reference.kind,
      plan_id: reference.planId,
      product_key_id: reference.kind === 'key' ? reference.productKeyId : null,
      user_id: reference.kind === 'seat' ? reference.userId : null,
      device_limit: deviceLimit,
      active_devices: 0,
      created_at: toStoredInstant(now),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await findLicense(tx, reference, { lock: dialect });
  if (!row) throw new Error('the license row vanished inside its transaction');
  return row;
}

/**
 * Takes a slot: increments the counter only while it is below `deviceLimit` (and records that
 * limit). False when the license is full. Runs under the license's row lock.
 */
export async function takeDeviceSlot(tx: Tx, license: LicenseRow, deviceLimit: number): Promise<boolean> {
  const result = await tx
    .updateTable('licenses')
    .set({ active_devices: sql<number>`active_devices + 1`, device_limit: deviceLimit })
    .where('organization_id', '=', license.organization_id)
    .where('id', '=', license.id)
    .where('active_devices', '<', deviceLimit)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function releaseDeviceSlot(tx: Tx, organizationId: string, licenseId: string): Promise<void> {
  await tx
    .updateTable('licenses')
    .set({ active_devices: sql<number>`active_devices - 1` })
    .where('organization_id', '=', organizationId)
    .where('id', '=', licenseId)
    .execute();
}

/** Active devices of a license, in activation order (the order that decides who is over a lowered limit). */
export async function activeDevices(db: Executor, organizationId: string, licenseId: string): Promise<DeviceRow[]> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('license_id', '=', licenseId)
    .where('deactivated_at', 'is', null)
    .orderBy('activated_at')
    .orderBy('id')
    .execute();
}

/** How many active devices of the license were activated before this one. */
export async function activationRank(db: Executor, device: DeviceRow): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('earlier'))
    .where('organization_id', '=', device.organization_id)
    .where('license_id', '=', device.license_id)
    .where('deactivated_at', 'is', null)
    .where((eb) => eb.or([eb('activated_at', '<', device.activated_at), eb.and([eb('activated_at', '=', device.activated_at), eb('id', '<', device.id)])]))
    .executeTakeFirstOrThrow();
  return Number(row.earlier);
}

/** The license's device with this fingerprint; a device replaced after a new board is history, not this machine. */
export async function findDeviceByFingerprint(db: Executor, license: LicenseRow, fingerprint: string): Promise<DeviceRow | undefined> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('organization_id', '=', license.organization_id)
    .where('license_id', '=', license.id)
    .where('fingerprint', '=', fingerprint)
    .where('replaced_by_device_id', 'is', null)
    .executeTakeFirst();
}

export async function findDeviceByTokenHash(db: Executor, tokenHash: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function getDevice(db: Executor, organizationId: string, deviceId: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('organization_id', '=', organizationId).where('id', '=', deviceId).executeTakeFirst();
}

export interface NewActivation {
  fingerprint: string;
  /** Undefined: not reported this time (a device coming back keeps what it reported before). */
  components: ComponentHashes | undefined;
  name: string | null;
  tokenHash: string;
}

/** A new device; `id` may be made beforehand, when the device it replaces must name it first. */
export async function insertDevice(tx: Tx, license: LicenseRow, activation: NewActivation, now: Temporal.Instant, id: string = newId('dev', now)): Promise<DeviceRow> {
  const at = toStoredInstant(now);
  const row: DeviceRow = {
    organization_id: license.organization_id,
    id,
    license_id: license.id,
    fingerprint: activation.fingerprint,
    ...componentColumns(activation.components ?? {}),
    name: activation.name,
    token_hash: activation.tokenHash,
    first_activated_at: at,
    activated_at: at,
    last_check_in_at: null,
    deactivated_at: null,
    deactivated_by: null,
    replaced_by_device_id: null,
  };
  await tx.insertInto('devices').values(row).execute();
  return row;
}

/**
 * A device that activates again: a new token (the old one stops working), the fingerprint (new
 * after an OS reinstall on the same board), components and name it reports now, and, when it was
 * deactivated, a new activation time.
 */
export async function renewActivation(tx: Tx, device: DeviceRow, activation: NewActivation, now: Temporal.Instant): Promise<DeviceRow> {
  const at = toStoredInstant(now);
  const returning = device.deactivated_at !== null;
  const changes = {
    fingerprint: activation.fingerprint,
    ...(activation.components ? componentColumns(activation.components) : {}),
    name: activation.name ?? device.name,
    token_hash: activation.tokenHash,
    ...(returning ? { activated_at: at, deactivated_at: null, deactivated_by: null } : {}),
  };
  await tx.updateTable('devices').set(changes).where('organization_id', '=', device.organization_id).where('id', '=', device.id).execute();
  return { ...device, ...changes };
}

/** Marks the device deactivated; false when it already was (a concurrent deactivation won). */
export async function markDeactivated(tx: Tx, device: DeviceRow, by: 'device' | 'admin', now: Temporal.Instant): Promise<boolean> {
  const result = await tx
    .updateTable('devices')
    .set({ deactivated_at: toStoredInstant(now), deactivated_by: by })
    .where('organization_id', '=', device.organization_id)
    .where('id', '=', device.id)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordCheckIn(db: Executor, device: DeviceRow, components: ComponentHashes | undefined, now: Temporal.Instant): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_check_in_at: toStoredInstant(now), ...(components ? componentColumns(components) : {}) })
    .where('organization_id', '=', device.organization_id)
    .where('id', '=', device.id)
    .execute();
}

export interface DeviceListFilter {
  licenseId?: string | undefined;
  active?: boolean | undefined;
  after?: string | undefined;
  limit: number;
}

export async function listDevices(db: Executor, organizationId: string, filter: DeviceListFilter) {
  let query = db
    .selectFrom('devices')
    .innerJoin('licenses', (join) => join.onRef('licenses.organization_id', '=', 'devices.organization_id').onRef('licenses.id', '=', 'devices.license_id'))
    .selectAll('devices')
    .select(['licenses.kind as license_kind', 'licenses.plan_id as license_plan_id', 'licenses.user_id as license_user_id', 'licenses.product_key_id as license_product_key_id'])
    .where('devices.organization_id', '=', organizationId)
    .orderBy('devices.id')
    .limit(filter.limit + 1);
  if (filter.licenseId) query = query.where('devices.license_id', '=', filter.licenseId);
  if (filter.active !== undefined) query = query.where('devices.deactivated_at', filter.active ? 'is' : 'is not', null);
  if (filter.after) query = query.where('devices.id', '>', filter.after);
  return query.execute();
}
