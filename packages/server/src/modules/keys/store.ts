// Reading and writing key batches and product keys. Callers decide who may; this file only
// knows SQL. No plaintext key ever reaches it: keys arrive as keyed hashes and last five.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import type { DB, KeyBatchesTable, ProductKeysTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { PageRequest } from '../../http/pagination.ts';
import type { KeyCounts } from './schemas.ts';

type Executor = Kysely<DB> | Tx;

export type KeyBatchRow = Selectable<KeyBatchesTable>;
/** A batch as read for display: without its sealed CSV, which may be megabytes. */
export type KeyBatchInfoRow = Omit<KeyBatchRow, 'sealed_csv'>;
export type ProductKeyRow = Selectable<ProductKeysTable>;

const BATCH_INFO_COLUMNS = [
  'id',
  'plan_id',
  'kind',
  'seats_per_key',
  'quantity',
  'redeem_by',
  'redeemable_until',
  'partner_organization_id',
  'label',
  'created_by',
  'created_at',
  'revoked_at',
  'csv_downloaded_at',
] as const satisfies readonly (keyof KeyBatchInfoRow)[];

/** What a batch needs to know of its plan. */
export async function getPlanForBatch(db: Executor, planId: string) {
  return db
    .selectFrom('plans')
    .select(['id', 'sku', 'category', 'active', 'max_seats_per_subscription'])
    .where('id', '=', planId)
    .executeTakeFirst();
}

export async function insertKeyBatch(tx: Tx, row: KeyBatchRow): Promise<void> {
  await tx.insertInto('key_batches').values(row).execute();
}

export async function setSealedCsv(tx: Tx, batchId: string, sealedCsv: string): Promise<void> {
  await tx.updateTable('key_batches').set({ sealed_csv: sealedCsv }).where('id', '=', batchId).execute();
}

export async function getKeyBatch(db: Executor, batchId: string): Promise<KeyBatchInfoRow | undefined> {
  return db.selectFrom('key_batches').select(BATCH_INFO_COLUMNS).where('id', '=', batchId).executeTakeFirst();
}

/** Newest first: the batch a vendor just made is the one they look for. */
export async function listKeyBatches(db: Executor, page: PageRequest): Promise<KeyBatchInfoRow[]> {
  let query = db.selectFrom('key_batches').select(BATCH_INFO_COLUMNS).orderBy('id', 'desc').limit(page.limit + 1);
  if (page.after) query = query.where('id', '<', page.after);
  return query.execute();
}

export async function countKeysByState(db: Executor, batchId: string): Promise<KeyCounts> {
  const rows = await db
    .selectFrom('product_keys')
    .select(['state', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
    .where('batch_id', '=', batchId)
    .groupBy('state')
    .execute();
  const counts: KeyCounts = { unused: 0, redeemed: 0, revoked: 0 };
  for (const row of rows) {
    if (row.state === 'unused' || row.state === 'redeemed' || row.state === 'revoked') counts[row.state] = Number(row.count);
  }
  return counts;
}

export interface NewProductKey {
  id: string;
  keyHash: string;
  last5: string;
}

// Bound parameters per row: id, batch_id, key_hash, last5 (the state is a constant in the SQL).
const PARAMETERS_PER_ROW = 4;
// SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535 (its wire protocol
// counts them in 16 bits).
const MAX_PARAMETERS: Record<DialectName, number> = { sqlite: 32_766, postgres: 65_535 };

/** Rows per multi-row INSERT: as many as the dialect's parameter limit allows. */
export function productKeyChunkSize(dialect: DialectName): number {
  return Math.floor(MAX_PARAMETERS[dialect] / PARAMETERS_PER_ROW);
}

/**
 * Inserts new unused keys of a batch in multi-row INSERTs. A key whose hash already exists (in
 * another batch, or twice in this one) is skipped by ON CONFLICT rather than aborting the
 * transaction, and returned, so the caller can replace it: the batch never silently holds
 * fewer keys. Skipped rows are found by id, which also tells apart two rows of the same hash.
 */
export async function insertProductKeys(tx: Tx, dialect: DialectName, batchId: string, keys: readonly NewProductKey[]): Promise<NewProductKey[]> {
  const size = productKeyChunkSize(dialect);
  const rejected: NewProductKey[] = [];
  for (let start = 0; start < keys.length; start += size) {
    const chunk = keys.slice(start, start + size);
    const tuples = chunk.map((k) => sql`(${k.id}, ${batchId}, ${k.keyHash}, ${k.last5}, 'unused')`);
    const result = await sql`insert into product_keys (id, batch_id, key_hash, last5, state) values ${sql.join(tuples)} on conflict (key_hash) do nothing`.execute(tx);
    if (Number(result.numAffectedRows ?? 0n) === chunk.length) continue;
    const inserted = await tx.selectFrom('product_keys').select('id').where('id', 'in', chunk.map((k) => k.id)).execute();
    const insertedIds = new Set(inserted.map((r) => r.id));
    rejected.push(...chunk.filter((k) => !insertedIds.has(k.id)));
  }
  return rejected;
}

/** A key and the batch it belongs to, found by its keyed hash. */
export async function findProductKeyByHash(db: Executor, keyHash: string) {
  const key = await db.selectFrom('product_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  if (!key) return undefined;
  const batch = await getKeyBatch(db, key.batch_id);
  if (!batch) throw new Error(`product key ${key.id} has no batch ${key.batch_id}`);
  return { ...key, batch };
}

/** Revokes the batch's unused keys (redeemed ones stay redeemed); returns how many. */
export async function revokeUnusedKeysOfBatch(tx: Tx, batchId: string, revokedAt: string): Promise<number> {
  const result = await tx
    .updateTable('product_keys')
    .set({ state: 'revoked', revoked_at: revokedAt })
    .where('batch_id', '=', batchId)
    .where('state', '=', 'unused')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function markBatchRevoked(tx: Tx, batchId: string, revokedAt: string): Promise<void> {
  await tx.updateTable('key_batches').set({ revoked_at: revokedAt }).where('id', '=', batchId).where('revoked_at', 'is', null).execute();
}

/** Revokes one key if it is still unused; false when it was not (redeemed meanwhile). */
export async function revokeUnusedKey(tx: Tx, keyId: string, revokedAt: string): Promise<boolean> {
  const result = await tx
    .updateTable('product_keys')
    .set({ state: 'revoked', revoked_at: revokedAt })
    .where('id', '=', keyId)
    .where('state', '=', 'unused')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function getSealedCsv(db: Executor, batchId: string) {
  return db.selectFrom('key_batches').select(['sealed_csv', 'csv_downloaded_at']).where('id', '=', batchId).executeTakeFirst();
}

/**
 * Clears the sealed CSV. The condition makes it take effect once: of two concurrent downloads
 * on PostgreSQL the second waits for the first's row lock, then finds it cleared (0 rows).
 */
export async function clearSealedCsv(tx: Tx, batchId: string, downloadedAt: string): Promise<boolean> {
  const result = await tx
    .updateTable('key_batches')
    .set({ sealed_csv: null, csv_downloaded_at: downloadedAt })
    .where('id', '=', batchId)
    .where('sealed_csv', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
