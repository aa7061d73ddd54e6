// What the key commands share: the database and the server's secrets, which must be the very
// ones the server uses, or the keys made here would never be found by their hashes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { findVendorOrganizationId } from '../../modules/organizations/store.ts';
import { loadServerSecrets, type ServerSecrets } from '../../security/secrets.ts';
import { openConfiguredDatabase } from '../../db/configured.ts';
import { UsageError } from '../command.ts';

export async function withKeyDatabase<T>(work: (database: Database, secrets: ServerSecrets) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // loadServerSecrets would make a new secret where none exists; here that would silently hash
  // keys with a secret no server knows.
  if (!config.secret && !existsSync(join(config.dataDir, 'secret.key'))) {
    throw new UsageError(`no server secret in ${config.dataDir}: set LICENTIA_SECRET, or LICENTIA_DATA_DIR to the server's data directory`);
  }
  const secrets = loadServerSecrets({ configured: config.secret, dataDir: config.dataDir });
  const database = openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    if (!(await findVendorOrganizationId(database.db))) throw new UsageError('no vendor organization yet: run `licentia serve` once');
    return await work(database, secrets);
  } finally {
    await database.close();
  }
}
