// Many rows of one table written in a few multi-row INSERTs, in their order: on PostgreSQL each
// statement is a round trip, so one INSERT for a batch instead of one a row; a list longer than
// `rowsPerInsert` in several, to stay inside both databases' bound-parameter limits.
import type { Insertable } from 'kysely';
import type { DB } from './schema.ts';
import type { Tx } from './transaction.ts';

export async function insertInChunks<T extends keyof DB & string>(tx: Tx, table: T, rows: readonly Insertable<DB[T]>[], rowsPerInsert: number): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerInsert) await tx.insertInto(table).values(rows.slice(i, i + rowsPerInsert)).execute();
}
