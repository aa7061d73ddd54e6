// What a test that greps for leaked secrets reads: every row through SQL, and the raw database
// (the SQLite file with its WAL, or pg_dump of the test's PostgreSQL schema).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { TestApp } from './app.ts';

export async function tableDump(t: TestApp, table: string): Promise<string> {
  const { rows } = await sql`select * from ${sql.table(table)}`.execute(t.ctx.database.db);
  return JSON.stringify(rows);
}

export async function sqlDump(t: TestApp): Promise<string> {
  const db = t.ctx.database.db;
  // On PostgreSQL introspection spans every schema of the database, other test files' (and their
  // tables, which this connection's search path cannot reach) included: dump this test's own.
  const schema = t.ctx.database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const tables = (await db.introspection.getTables()).filter((table) => schema === undefined || table.schema === schema);
  const dumps = await Promise.all(tables.map(async (table) => `${table.name}\n${await tableDump(t, table.name)}`));
  return dumps.join('\n');
}

export function rawDump(t: TestApp): string {
  const env = t.testDatabase.env;
  if (t.ctx.database.dialect === 'sqlite') {
    const path = join(env.LICENTIA_DATA_DIR!, 'licentia.db');
    return [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p).toString('latin1')).join('\n');
  }
  const url = new URL(env.DATABASE_URL!);
  const schema = /search_path=(\w+)/.exec(decodeURIComponent(url.searchParams.get('options') ?? ''))![1]!;
  url.searchParams.delete('options');
  return execFileSync('pg_dump', ['--no-owner', '--schema', schema, url.toString()], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}
