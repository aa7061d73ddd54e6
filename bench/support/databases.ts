// Where benchmarks run: a temporary SQLite file always, and a temporary PostgreSQL schema when
// BENCH_DATABASE_URL is set. Each is closed and removed afterwards: an open pool would keep the
// benchmark's process alive for its idle timeout (10 s of every run).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../packages/server/src/db/connect.ts';

export async function onEachBenchDatabase<T>(measure: (label: string, database: Database, dataDir: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const sqlite = openDatabase({ sqlitePath: join(sqliteDir, 'licentia.db') });
  try {
    results.push(await measure('SQLite (file, WAL)', sqlite, sqliteDir));
  } finally {
    await sqlite.close();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (!postgresUrl) return results;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const postgres = openDatabase({ postgresUrl, postgresSchema: schema, sqlitePath: ':memory:' });
  try {
    results.push(await measure('PostgreSQL 15', postgres, dir));
  } finally {
    await postgres.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
