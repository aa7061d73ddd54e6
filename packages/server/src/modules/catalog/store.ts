// Reading and writing catalog rows. Callers decide who may; this file only knows SQL.
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import type { DB, PlansTable, ProductsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export type ProductRow = Selectable<ProductsTable>;
export type PlanRow = Selectable<PlansTable>;

export async function getProductRow(db: Kysely<DB> | Tx, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProduct(tx: Tx, row: ProductRow): Promise<void> {
  await tx.insertInto('products').values(row).execute();
}

export async function updateProductRow(tx: Tx, id: string, changes: Updateable<ProductsTable>): Promise<void> {
  await tx.updateTable('products').set(changes).where('id', '=', id).execute();
}

export async function getPlanRow(db: Kysely<DB> | Tx, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The plan row, locked against concurrent changes until the transaction ends. On PostgreSQL,
 * FOR UPDATE also waits for (and then blocks) inserts of key batches and subscriptions of the
 * plan, because their foreign keys take a KEY SHARE lock on it: so "is it in use?" asked under
 * this lock stays true or false until commit. SQLite's single writer gives the same for free.
 */
export async function lockPlanRow(tx: Tx, dialect: DialectName, id: string): Promise<PlanRow | undefined> {
  let query = tx.selectFrom('plans').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findPlanIdBySku(db: Kysely<DB> | Tx, sku: string): Promise<string | undefined> {
  return (await db.selectFrom('plans').select('id').where('sku', '=', sku).executeTakeFirst())?.id;
}

export async function insertPlan(tx: Tx, row: PlanRow): Promise<void> {
  await tx.insertInto('plans').values(row).execute();
}

export async function updatePlanRow(tx: Tx, id: string, changes: Updateable<PlansTable>): Promise<void> {
  await tx.updateTable('plans').set(changes).where('id', '=', id).execute();
}

/**
 * Whether product keys or subscriptions of the plan exist. Neither table is indexed by plan
 * alone, so this may scan: it runs only when a change would touch what was sold (the term,
 * category, trial length, currency or lifecycle), which is rare.
 */
export async function isPlanInUse(db: Kysely<DB> | Tx, planId: string): Promise<boolean> {
  const batch = await db.selectFrom('key_batches').select('id').where('plan_id', '=', planId).limit(1).executeTakeFirst();
  if (batch) return true;
  const subscription = await db.selectFrom('subscriptions').select('id').where('plan_id', '=', planId).limit(1).executeTakeFirst();
  return subscription !== undefined;
}

/** A unique constraint refused the row: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errcode?: unknown };
  return e.code === '23505' || (e.code === 'ERR_SQLITE_ERROR' && e.errcode === 2067);
}
