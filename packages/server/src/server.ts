// Assembles a running server from configuration: database → migrations → first-start setup →
// HTTP application. Used by `licentia serve` and by tests that need a real listening server.
import type { FastifyInstance } from 'fastify';
import type { Writable } from 'node:stream';
import { buildApp } from './http/app.ts';
import type { AppContext } from './http/context.ts';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Database } from './db/connect.ts';
import { openConfiguredDatabase } from './db/configured.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Failpoints } from './failpoints.ts';
import { loadServerSecrets } from './security/secrets.ts';
import { loadOrCreateSigningKeys } from './modules/licenses/signing-keys.ts';


export interface StartedServer {
  app: FastifyInstance;
  context: AppContext;
  close(): Promise<void>;
}

export async function createServer(
  config: Config,
  options: { clock?: Clock; logStream?: Writable; database?: Database; migrate?: boolean } = {},
): Promise<StartedServer> {
  const database = options.database ?? openConfiguredDatabase(config);
  // A cluster's workers skip this: their primary migrated before it forked them.
  if (options.migrate !== false) await migrateToLatest(database);
  const context: AppContext = {
    config,
    database,
    clock: options.clock ?? systemClock,
    secrets: loadServerSecrets({ configured: config.secret, dataDir: config.dataDir }),
    failpoints: Failpoints.fromEnvironment(process.env.LICENTIA_FAILPOINTS),
    signingKeys: loadOrCreateSigningKeys({ dataDir: config.dataDir, configured: config.licenseSigningKeys }),
  };
  const app = await buildApp(context, options.logStream ? { logStream: options.logStream } : {});
  return {
    app,
    context,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
