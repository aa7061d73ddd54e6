// Row locks for limits that must hold under concurrency (check-then-act guarded by a lock).
// On PostgreSQL: SELECT … FOR UPDATE on the parent row. On SQLite every write transaction
// already holds the database's single write lock from BEGIN IMMEDIATE, so there is nothing
// more to take.
import type { DialectName } from './connect.ts';
import type { Tx } from './transaction.ts';

export async function lockOrganization(tx: Tx, dialect: DialectName, organizationId: string): Promise<boolean> {
  let query = tx.selectFrom('organizations').select('id').where('id', '=', organizationId);
  if (dialect === 'postgres') query = query.forUpdate();
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * lockOrganization and the row in one statement (one round trip on PostgreSQL instead of two),
 * for callers that lock the organization and then read it; undefined when it does not exist.
 */
export async function lockAndReadOrganization(tx: Tx, dialect: DialectName, organizationId: string) {
  let query = tx.selectFrom('organizations').selectAll().where('id', '=', organizationId);
  if (dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}
