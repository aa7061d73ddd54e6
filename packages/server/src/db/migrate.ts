// Brings the schema up to date, in one transaction: all pending migrations apply, or none.
// Safe to run from several processes at once: PostgreSQL serializes on an advisory lock taken
// first in the transaction; SQLite on BEGIN IMMEDIATE. Our own small migrator rather than
// Kysely's, whose catalog scans span every schema of a PostgreSQL database and so trip over
// other schemas being created or dropped at the same moment.
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from './connect.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { isTransientDatabaseError } from './transaction.ts';

export interface MigrationReport {
  applied: string[];
}

/** Any fixed 64-bit number: the advisory lock that only Licentia's migrations take. */
const MIGRATION_LOCK_KEY = 7_204_511_630_184_113n;
const MAX_ATTEMPTS = 50;

export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(database);
    } catch (error) {
      // Another process holds SQLite's write lock while it migrates: wait for it, then find
      // the schema already up to date.
      if (isTransientDatabaseError(error) && attempt < MAX_ATTEMPTS) {
        await sleep(100);
        continue;
      }
      throw error;
    }
  }
}

async function migrateOnce(database: Database): Promise<MigrationReport> {
  const context = { dialect: database.dialect };
  return database.db.transaction().execute(async (tx) => {
    if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await sql`create table if not exists schema_migrations (name text primary key not null, applied_at text not null)`.execute(tx);
    const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(tx);
    const done = new Set(rows.map((r) => r.name));
    const known = new Set(MIGRATIONS.map(([name]) => name));
    const unknown = [...done].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new Error(`the database has migrations this version does not know (${unknown.join(', ')}): run a newer Licentia`);
    }
    const applied: string[] = [];
    for (const [name, migration] of MIGRATIONS) {
      if (done.has(name)) continue;
      await migration.up(tx, context);
      await sql`insert into schema_migrations (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(tx);
      applied.push(name);
    }
    return { applied };
  });
}
