// Brings the schema up to date. Safe to run from several processes at once: PostgreSQL takes an
// advisory lock, SQLite serializes the migration transaction with BEGIN IMMEDIATE.
import { Migrator, sql, type Migration } from 'kysely';
import type { Database } from './connect.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { isTransientDatabaseError } from './transaction.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface MigrationReport {
  applied: string[];
}

const MAX_ATTEMPTS = 50;

export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const context = { dialect: database.dialect };
  const migrations: Record<string, Migration> = {};
  for (const [name, module] of MIGRATIONS) {
    migrations[name] = { up: (db) => module.up(db, context) };
  }
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Kysely looks for its tables in every schema unless told which: with two Licentia schemas
    // in one PostgreSQL database, a new schema would find the other's tables and skip its own.
    ...(database.dialect === 'postgres' ? { migrationTableSchema: await currentSchema(database) } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    // Another process holds SQLite's write lock while it migrates: wait for it, then find
    // the schema already up to date.
    if (isTransientDatabaseError(error) && attempt < MAX_ATTEMPTS) {
      await sleep(100);
      continue;
    }
    throw error;
  }
}

async function currentSchema(database: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path');
  return schema;
}
