// The hardware product registry (SPEC §6 "serial lookup: the PC's serial, a product number or
// IMEI"): products of the vendor and of its OEM partners, each row owned by one of them
// (`organization_id`), stored with canonical identifiers so any typing finds them.
import type { Kysely, Selectable } from 'kysely';
import { normalizeHardwareIdentifier, normalizeImei } from '@licentia/core/repairs';
import type { DB, HardwareProductsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { ProductWithLicense } from './schemas.ts';

type Executor = Kysely<DB> | Tx;

export type HardwareProductRow = Selectable<HardwareProductsTable>;

export async function isOemPartner(db: Executor, organizationId: string): Promise<boolean> {
  return (await db.selectFrom('oem_partners').select('organization_id').where('organization_id', '=', organizationId).executeTakeFirst()) !== undefined;
}

/**
 * Products whose serial number, product number or IMEI is one of `identifiers` (canonical), in
 * one owner's registry or (vendor staff) in all of them. A product number names a model, so it
 * may match many units; a serial number or IMEI one per owner.
 */
export async function findProducts(db: Executor, identifiers: readonly string[], options: { ownerOrganizationId?: string | undefined; after?: string | undefined; limit: number }): Promise<HardwareProductRow[]> {
  if (identifiers.length === 0) return [];
  let query = db
    .selectFrom('hardware_products')
    .selectAll()
    .where((eb) => eb.or([eb('serial_number', 'in', identifiers), eb('imei', 'in', identifiers), eb('product_number', 'in', identifiers)]))
    .orderBy('id')
    .limit(options.limit);
  if (options.ownerOrganizationId) query = query.where('organization_id', '=', options.ownerOrganizationId);
  if (options.after) query = query.where('id', '>', options.after);
  return query.execute();
}

/** The canonical forms a typed identifier may take: a serial or product number, and an IMEI. */
export function identifierCandidates(typed: string): string[] {
  const candidates = [normalizeHardwareIdentifier(typed), normalizeImei(typed)].flatMap((r) => (r.ok ? [r.value] : []));
  return [...new Set(candidates)];
}

/** Each product with its preinstalled key's last five, the organization it was redeemed into, and its license. */
export async function withLicenses(db: Executor, rows: readonly HardwareProductRow[]): Promise<ProductWithLicense[]> {
  const keyIds = [...new Set(rows.map((r) => r.product_key_id).filter((id): id is string => id !== null))];
  const keys = keyIds.length === 0 ? [] : await db.selectFrom('product_keys').select(['id', 'last5', 'redeemed_organization_id']).where('id', 'in', keyIds).execute();
  const licenses = keyIds.length === 0 ? [] : await db.selectFrom('licenses').select(['id', 'product_key_id', 'organization_id']).where('product_key_id', 'in', keyIds).execute();
  return rows.map((row) => {
    const key = keys.find((k) => k.id === row.product_key_id);
    const license = licenses.find((l) => l.product_key_id === row.product_key_id && l.organization_id === key?.redeemed_organization_id);
    return { ...row, key_last5: key?.last5 ?? null, redeemed_organization_id: key?.redeemed_organization_id ?? null, license_id: license?.id ?? null };
  });
}

export async function listProducts(db: Executor, ownerOrganizationId: string, page: { after?: string | undefined; limit: number }): Promise<HardwareProductRow[]> {
  let query = db.selectFrom('hardware_products').selectAll().where('organization_id', '=', ownerOrganizationId).orderBy('id').limit(page.limit + 1);
  if (page.after) query = query.where('id', '>', page.after);
  return query.execute();
}

/** The product keys preinstalled on units with this serial number or IMEI, in any registry. */
export async function preinstalledKeysOf(db: Executor, serialOrImei: string): Promise<string[]> {
  const rows = await db
    .selectFrom('hardware_products')
    .select('product_key_id')
    .where((eb) => eb.or([eb('serial_number', '=', serialOrImei), eb('imei', '=', serialOrImei)]))
    .where('product_key_id', 'is not', null)
    .execute();
  return rows.map((r) => r.product_key_id!);
}

/**
 * Whether an OEM issued a repair report for the unit: by its serial number or IMEI, or, when
 * only the license is known, for any unit its key came preinstalled on.
 */
export async function oemRepairReportOnFile(db: Executor, unit: { serialNumber?: string | null | undefined; productKeyId?: string | null | undefined; repair: string }): Promise<boolean> {
  const identifiers: string[] = [];
  if (unit.serialNumber) identifiers.push(unit.serialNumber);
  if (unit.productKeyId) {
    const units = await db.selectFrom('hardware_products').select(['serial_number', 'imei']).where('product_key_id', '=', unit.productKeyId).execute();
    for (const u of units) identifiers.push(...[u.serial_number, u.imei].filter((v): v is string => v !== null));
  }
  if (identifiers.length === 0) return false;
  const report = await db
    .selectFrom('repair_reports')
    .select('id')
    .where('repair', '=', unit.repair)
    .where((eb) => eb.or([eb('serial_number', 'in', identifiers), eb('imei', 'in', identifiers)]))
    .limit(1)
    .executeTakeFirst();
  return report !== undefined;
}
