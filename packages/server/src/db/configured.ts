// The database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise the
// embedded SQLite file in the data directory. Apart from the HTTP server, so that CLI commands
// that only need the database start without loading it.
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from './connect.ts';

export function sqlitePathFor(config: Config): string {
  return join(config.dataDir, 'licentia.db');
}

export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({ postgresUrl: config.databaseUrl, sqlitePath: sqlitePathFor(config), poolSize: config.databasePoolSize });
}
