// Repairs and the support desk (SPEC §6, second half): device replacements, digital licenses,
// the hardware product registry with its OEM partners and their repair reports, support cases
// with their uploaded files, reactivation codes, and managed-device attributes.
//
// Uploaded files live in the database (a blob on SQLite, bytea on PostgreSQL) in tenant-keyed
// tables, so both databases behave the same and a backup of the database is a backup of them.
// What hangs off a license or a device (its support cases with their files and codes, its
// management attributes) is deleted with it (ON DELETE CASCADE): when a deleted subscription's
// data is deprovisioned, its licenses and devices go, and this data is theirs.
import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  const blob = context.dialect === 'postgres' ? 'bytea' : 'blob';
  await replaceableDevices(db, context);

  // A digital license (SPEC §6): a personal key license its holder linked to their account.
  await db.schema
    .alterTable('licenses')
    .addColumn('linked_user_id', 'text', (c) => c.references('users.id').check(sql`linked_user_id is null or kind = 'key'`))
    .execute();
  await db.schema.alterTable('licenses').addColumn('linked_at', 'text').execute();
  await db.schema.createIndex('licenses_by_linked_user').on('licenses').columns(['linked_user_id']).execute();

  // Partner organizations the vendor marked as OEMs: they keep a registry of the products they
  // make and issue repair completion reports.
  await db.schema
    .createTable('oem_partners')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // The hardware product registry: owned by the vendor or an OEM (`organization_id`), found by
  // serial number, product number or IMEI (stored in their canonical forms, core's
  // `normalizeHardwareIdentifier` / `normalizeImei`).
  await db.schema
    .createTable('hardware_products')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('serial_number', 'text')
    .addColumn('product_number', 'text')
    .addColumn('imei', 'text')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('purchase_date', 'text')
    .addColumn('seller', 'text')
    // The preinstalled license: a product key the OEM received in a batch made for it.
    .addColumn('product_key_id', 'text', (c) => c.references('product_keys.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hardware_products_pk', ['organization_id', 'id'])
    .addCheckConstraint('hardware_products_identified', sql`serial_number is not null or imei is not null`)
    .addUniqueConstraint('hardware_products_one_per_serial', ['organization_id', 'serial_number'])
    .addUniqueConstraint('hardware_products_one_per_imei', ['organization_id', 'imei'])
    .execute();
  for (const column of ['serial_number', 'product_number', 'imei', 'product_key_id']) {
    await db.schema.createIndex(`hardware_products_by_${column}`).on('hardware_products').columns([column]).execute();
  }

  await db.schema
    .createTable('repair_reports')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('hardware_product_id', 'text', (c) => c.notNull())
    .addColumn('serial_number', 'text')
    .addColumn('imei', 'text')
    .addColumn('repair', 'text', (c) => c.notNull().check(sql`repair in ('os_reinstall', 'disk_replacement', 'motherboard_replacement', 'other')`))
    .addColumn('repaired_on', 'text', (c) => c.notNull())
    // The report's data as issued (JSON), and the PDF made from it.
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('pdf', blob, (c) => c.notNull())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('repair_reports_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('repair_reports_product_fk', ['organization_id', 'hardware_product_id'], 'hardware_products', ['organization_id', 'id'])
    .execute();
  await db.schema.createIndex('repair_reports_by_serial').on('repair_reports').columns(['serial_number']).execute();
  await db.schema.createIndex('repair_reports_by_imei').on('repair_reports').columns(['imei']).execute();

  // Support cases about a license: opened by the customer or an agent, decided by an agent.
  // `attachment_count` is the counter the per-case file limit is taken on (a lock plus this
  // CHECK, as device limits are).
  await db.schema
    .createTable('support_cases')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('serial_number', 'text')
    .addColumn('repair', 'text', (c) => c.notNull().check(sql`repair in ('os_reinstall', 'disk_replacement', 'motherboard_replacement', 'other')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'approved', 'resolved', 'rejected', 'closed')`))
    .addColumn('opened_by', 'text', (c) => c.notNull().check(sql`opened_by in ('customer', 'agent')`))
    .addColumn('description', 'text')
    .addColumn('attachment_count', 'integer', (c) => c.notNull())
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_cases_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('support_cases_license_fk', ['organization_id', 'license_id'], 'licenses', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('support_cases_device_fk', ['organization_id', 'device_id'], 'devices', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addCheckConstraint('support_cases_attachment_limit', sql`attachment_count >= 0 and attachment_count <= 10`)
    .execute();
  await db.schema.createIndex('support_cases_by_license').on('support_cases').columns(['organization_id', 'license_id']).execute();
  await db.schema.createIndex('support_cases_by_state').on('support_cases').columns(['state', 'id']).execute();

  await db.schema
    .createTable('support_case_attachments')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('proof_of_purchase', 'repair_report')`))
    // Detected from the file's first bytes, never taken from the uploader's word alone.
    .addColumn('media_type', 'text', (c) => c.notNull().check(sql`media_type in ('image/jpeg', 'image/png', 'application/pdf')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', blob, (c) => c.notNull())
    // A receipt's facts as the customer states them; the agent compares them with the file.
    .addColumn('receipt_model', 'text')
    .addColumn('receipt_purchase_date', 'text')
    .addColumn('receipt_serial_number', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('support_case_attachments_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('support_case_attachments_case_fk', ['organization_id', 'case_id'], 'support_cases', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addCheckConstraint(
      'support_case_attachments_receipt_complete',
      sql`kind <> 'proof_of_purchase' or (receipt_model is not null and receipt_purchase_date is not null and receipt_serial_number is not null)`,
    )
    .execute();
  await db.schema.createIndex('support_case_attachments_by_case').on('support_case_attachments').columns(['organization_id', 'case_id']).execute();

  // One-time reactivation codes: stored as an HMAC (the code itself is shown once, to the agent
  // who issues it), bound to one license and one case, expiring.
  await db.schema
    .createTable('reactivation_codes')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('issued', 'redeemed', 'revoked')`))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text')
    .addColumn('redeemed_device_id', 'text')
    .addPrimaryKeyConstraint('reactivation_codes_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('reactivation_codes_case_fk', ['organization_id', 'case_id'], 'support_cases', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('reactivation_codes_license_fk', ['organization_id', 'license_id'], 'licenses', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addCheckConstraint('reactivation_codes_redemption_complete', sql`(state = 'redeemed') = (redeemed_at is not null and redeemed_device_id is not null)`)
    .execute();
  // At most one code per case can be used at a time: issuing another revokes the previous one.
  await db.schema
    .createIndex('reactivation_codes_one_live_per_case')
    .on('reactivation_codes')
    .columns(['organization_id', 'case_id'])
    .unique()
    .where(sql.ref('state'), '=', 'issued')
    .execute();

  // What the organization says about a device, for the managed-device rule (core's
  // `decideManaged`). No row: not assessed yet.
  await db.schema
    .createTable('device_management')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('domain_joined', 'integer', (c) => c.notNull())
    .addColumn('requires_authentication', 'integer', (c) => c.notNull())
    .addColumn('enforced_agent', 'integer', (c) => c.notNull())
    .addColumn('group_policy_enforced', 'integer', (c) => c.notNull())
    .addColumn('configured_by_organization', 'integer', (c) => c.notNull())
    .addColumn('virtual_desktop_access', 'text', (c) => c.notNull().check(sql`virtual_desktop_access in ('none', 'without_roaming_rights', 'only_under_roaming_rights')`))
    .addColumn('portable_workspace_third_party', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_management_pk', ['organization_id', 'device_id'])
    .addForeignKeyConstraint('device_management_device_fk', ['organization_id', 'device_id'], 'devices', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
}

/**
 * "A new board is a new device" (SPEC §6): a motherboard replaced in a machine whose disk was
 * kept brings the same fingerprint back on a new board, so the device before the repair is kept
 * as a record (deactivated, `deactivated_by = 'replaced'`, naming its successor) beside the new
 * device with the same fingerprint. One fingerprint per license therefore holds among devices
 * not replaced, a partial unique index instead of 0006's constraint. SQLite cannot drop a
 * constraint, so there the table is rebuilt (nothing references it yet); PostgreSQL alters it.
 * Either way the new column comes last, so both give the same generated types.
 */
async function replaceableDevices(db: Kysely<any>, context: MigrationContext): Promise<void> {
  if (context.dialect === 'postgres') {
    await sql`alter table devices drop constraint devices_one_per_fingerprint`.execute(db);
    await sql`alter table devices drop constraint devices_deactivated_by_check`.execute(db);
    await sql`alter table devices add column replaced_by_device_id text`.execute(db);
    await sql`alter table devices add constraint devices_deactivated_by_check check (deactivated_by in ('device', 'admin', 'replaced'))`.execute(db);
    await sql`alter table devices add constraint devices_replacement_named check ((coalesce(deactivated_by, '') = 'replaced') = (replaced_by_device_id is not null))`.execute(db);
  } else {
    await db.schema
      .createTable('devices_rebuilt')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('license_id', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('board_hash', 'text')
      .addColumn('disk_hash', 'text')
      .addColumn('os_install_hash', 'text')
      .addColumn('cpu_hash', 'text')
      .addColumn('mac_hash', 'text')
      .addColumn('name', 'text')
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('first_activated_at', 'text', (c) => c.notNull())
      .addColumn('activated_at', 'text', (c) => c.notNull())
      .addColumn('last_check_in_at', 'text')
      .addColumn('deactivated_at', 'text')
      .addColumn('deactivated_by', 'text', (c) => c.check(sql`deactivated_by in ('device', 'admin', 'replaced')`))
      .addColumn('replaced_by_device_id', 'text')
      .addPrimaryKeyConstraint('devices_pk', ['organization_id', 'id'])
      .addForeignKeyConstraint('devices_license_fk', ['organization_id', 'license_id'], 'licenses', ['organization_id', 'id'])
      .addCheckConstraint('devices_deactivation_complete', sql`(deactivated_at is null) = (deactivated_by is null)`)
      .addCheckConstraint('devices_replacement_named', sql`(coalesce(deactivated_by, '') = 'replaced') = (replaced_by_device_id is not null)`)
      .execute();
    await sql`insert into devices_rebuilt select *, null from devices`.execute(db);
    await sql`drop table devices`.execute(db);
    await sql`alter table devices_rebuilt rename to devices`.execute(db);
  }
  await db.schema
    .createIndex('devices_one_per_fingerprint')
    .on('devices')
    .columns(['organization_id', 'license_id', 'fingerprint'])
    .unique()
    .where(sql.ref('replaced_by_device_id'), 'is', null)
    .execute();
  // Telling a repaired machine by its board: the devices of a license with this board hash.
  await db.schema.createIndex('devices_by_board').on('devices').columns(['organization_id', 'license_id', 'board_hash']).execute();
}
