// Devices and the licenses they are activated on (SPEC §6). Portable types as in 0001.
//
// A license is what a device limit belongs to: a redeemed product key (`kind = 'key'`), or a
// user's seat of a plan in an organization (`kind = 'seat'`, a digital license). Its row is made
// at the first activation and carries the counter of active devices, so the limit check is one
// conditional UPDATE of one row (locked, like seat_counters) rather than a count of devices.
// The CHECK keeps the counter within the limit recorded with it: even a buggy unconditional
// increment cannot take a license past its limit.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('licenses')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('key', 'seat')`))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('product_key_id', 'text', (c) => c.references('product_keys.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    // The limit in force at the last activation (plans may change devices per seat later).
    .addColumn('device_limit', 'integer', (c) => c.notNull().check(sql`device_limit >= 0`))
    .addColumn('active_devices', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('licenses_pk', ['organization_id', 'id'])
    .addCheckConstraint('licenses_active_within_limit', sql`active_devices >= 0 and active_devices <= device_limit`)
    .addCheckConstraint(
      'licenses_kind_reference',
      sql`(kind = 'key' and product_key_id is not null and user_id is null) or (kind = 'seat' and user_id is not null and product_key_id is null)`,
    )
    // One license per key, one per (organization, plan, user): NULLs never collide, so each
    // constraint binds only its own kind.
    .addUniqueConstraint('licenses_one_per_key', ['organization_id', 'product_key_id'])
    .addUniqueConstraint('licenses_one_per_seat', ['organization_id', 'plan_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text', (c) => c.notNull())
    // Hashes computed on the device: the server never sees a raw serial number or MAC address.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('board_hash', 'text')
    .addColumn('disk_hash', 'text')
    .addColumn('os_install_hash', 'text')
    .addColumn('cpu_hash', 'text')
    .addColumn('mac_hash', 'text')
    .addColumn('name', 'text')
    // SHA-256 of the device token (dvt_…), which the app holds; replaced at each activation.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('first_activated_at', 'text', (c) => c.notNull())
    // The current activation: a device that comes back after a deactivation gets a new one.
    .addColumn('activated_at', 'text', (c) => c.notNull())
    .addColumn('last_check_in_at', 'text')
    .addColumn('deactivated_at', 'text')
    .addColumn('deactivated_by', 'text', (c) => c.check(sql`deactivated_by in ('device', 'admin')`))
    .addPrimaryKeyConstraint('devices_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('devices_license_fk', ['organization_id', 'license_id'], 'licenses', ['organization_id', 'id'])
    // "The same fingerprint on the same license is one device", also for a device that was
    // deactivated: coming back reuses its row.
    .addUniqueConstraint('devices_one_per_fingerprint', ['organization_id', 'license_id', 'fingerprint'])
    .addCheckConstraint('devices_deactivation_complete', sql`(deactivated_at is null) = (deactivated_by is null)`)
    .execute();
}
