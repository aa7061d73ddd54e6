// Reading and writing organization rows. Callers decide who may; this file only knows SQL.
import type { Kysely, Selectable } from 'kysely';
import type { DB, OrganizationsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export type OrganizationRow = Selectable<OrganizationsTable>;

export async function findVendorOrganizationId(db: Kysely<DB> | Tx): Promise<string | undefined> {
  const row = await db.selectFrom('organizations').select('id').where('kind', '=', 'vendor').orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

export async function getOrganization(db: Kysely<DB> | Tx, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganization(tx: Tx, row: OrganizationRow): Promise<void> {
  await tx.insertInto('organizations').values(row).execute();
}
