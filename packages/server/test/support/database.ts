// A fresh, migrated database for one test file: SQLite always (a temporary file, so that other
// processes can share it), PostgreSQL when the suite runs with LICENTIA_TEST_DB=postgres (a
// schema of its own on TEST_DATABASE_URL). Unreachable PostgreSQL fails the test: never a skip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export type TestDialect = 'sqlite' | 'postgres';

export function testDialect(): TestDialect {
  return process.env.LICENTIA_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestDatabase {
  database: Database;
  /** How another process opens the same database (env for `licentia serve`). */
  env: Record<string, string>;
  /** Opens another connection to the same database (as another process would). */
  reopen(): Database;
  destroy(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const result = testDialect() === 'postgres' ? await postgresDatabase() : sqliteDatabase();
  if (options.migrate !== false) await migrateToLatest(result.database);
  return result;
}

function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-test-'));
  const path = join(dir, 'licentia.db');
  const database = openDatabase({ sqlitePath: path });
  const opened: Database[] = [database];
  return {
    database,
    env: { LICENTIA_DATA_DIR: dir },
    reopen() {
      const another = openDatabase({ sqlitePath: path });
      opened.push(another);
      return another;
    },
    async destroy() {
      for (const db of opened) await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('LICENTIA_TEST_DB=postgres needs TEST_DATABASE_URL');
  return url;
}

async function postgresDatabase(): Promise<TestDatabase> {
  const url = postgresUrl();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const open = () => openDatabase({ postgresUrl: url, postgresSchema: schema, sqlitePath: ':memory:' });
  const database = open();
  const opened: Database[] = [database];
  const dir = mkdtempSync(join(tmpdir(), 'licentia-test-'));
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return {
    database,
    env: { DATABASE_URL: withSchema.toString(), LICENTIA_DATA_DIR: dir },
    reopen() {
      const another = open();
      opened.push(another);
      return another;
    },
    async destroy() {
      for (const db of opened) await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await cleanup.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
