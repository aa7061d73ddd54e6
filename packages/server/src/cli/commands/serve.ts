// `licentia serve`: one server process (the default), or with --processes N a cluster of N
// server processes sharing the port (cluster/primary.ts). A cluster's primary prepares the
// database once and forks; each forked worker comes back here and runs `serveOne` as it would
// alone, minus the one-time preparation.
import cluster from 'node:cluster';
import { loadConfig, MAX_PROCESSES, type Config } from '../../config.ts';
import { bootstrapOnce, type BootstrapOutcome } from '../../bootstrap.ts';
import { cliLanguage, UsageError, type Command } from '../command.ts';
import { WORKERS } from '../../workers/index.ts';
import { startWorkers, type RunningWorkers } from '../../workers/runner.ts';

/** The environment variable a cluster's primary sets on the one worker that runs background work. */
export const BACKGROUND_WORKER_ENV = 'LICENTIA_CLUSTER_BACKGROUND';

function parseProcesses(value: string | boolean | undefined, config: Config): number {
  if (typeof value !== 'string') return config.processes;
  const count = Number(value);
  if (/^\d+$/.test(value.trim()) && count >= 1 && count <= MAX_PROCESSES) return count;
  throw new UsageError(
    cliLanguage() === 'ja'
      ? `--processes には 1 から ${MAX_PROCESSES} までの整数を指定してください（指定値: "${value}"）`
      : `--processes must be a whole number from 1 to ${MAX_PROCESSES}, got "${value}"`,
  );
}

/** Printed once, on the first start only: the password is stored nowhere but as a hash. */
export function announceFirstStart(outcome: BootstrapOutcome, config: Config): void {
  if (outcome.kind !== 'created') return;
  process.stdout.write(
    [
      '',
      `Licentia is set up. Sign in to the portal at ${config.publicUrl}/ as the first vendor administrator:`,
      `  email:    ${outcome.email}`,
      `  password: ${outcome.password}`,
      `  POST ${config.publicUrl}/v1/sessions  (API reference: ${config.publicUrl}/docs)`,
      'Change the password with POST /v1/me/password. This message is not shown again.',
      '',
    ].join('\n') + '\n',
  );
}

/**
 * A cluster's one-time preparation, in the primary before it forks: the schema, the secret and
 * signing key files, the first vendor administrator. Workers then start on a ready database and
 * never race on a migration, and the first password is printed once.
 */
async function prepareOnce(config: Config): Promise<void> {
  const [{ openConfiguredDatabase }, { migrateToLatest }, { loadServerSecrets }, { loadOrCreateSigningKeys }, { systemClock }] = await Promise.all([
    import('../../db/configured.ts'),
    import('../../db/migrate.ts'),
    import('../../security/secrets.ts'),
    import('../../modules/licenses/signing-keys.ts'),
    import('../../clock.ts'),
  ]);
  loadServerSecrets({ configured: config.secret, dataDir: config.dataDir });
  loadOrCreateSigningKeys({ dataDir: config.dataDir, configured: config.licenseSigningKeys });
  const database = openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    announceFirstStart(await bootstrapOnce(database.db, database.dialect, systemClock.now(), { email: config.adminEmail, name: 'Vendor administrator' }), config);
  } finally {
    await database.close();
  }
}

/**
 * One server process: HTTP on the configured port, and the background workers where they run.
 * Alone, it migrates and bootstraps first; as a cluster worker its primary has done both.
 */
async function serveOne(config: Config, role: { clustered: boolean; background: boolean }): Promise<number> {
  // Loaded here, not at the top: every other command starts without the HTTP server and its
  // modules (a `licentia keys check` answers in a fraction of the time).
  const { createServer } = await import('../../server.ts');
  const server = await createServer(config, { migrate: !role.clustered });
  const { app, context } = server;
  if (!role.clustered) {
    const outcome = await bootstrapOnce(context.database.db, context.database.dialect, context.clock.now(), {
      email: config.adminEmail,
      name: 'Vendor administrator',
    });
    announceFirstStart(outcome, config);
  }
  let workers: RunningWorkers | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await workers?.stop();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // A worker whose primary is gone (killed without a chance to stop it) stops too: no orphans.
  if (role.clustered) process.once('disconnect', () => void shutdown('primary gone'));
  await app.listen({ host: config.host, port: config.port });
  if (config.workersEnabled && role.background) workers = startWorkers(context, WORKERS, app.log);
  app.log.info({ database: context.database.location, secret: context.secrets.source, backgroundWorkers: workers !== undefined }, 'Licentia is ready');
  return new Promise<number>(() => {});
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the API server (migrates the database first)',
  usage: [
    'licentia serve [--processes <1-64>]',
    '',
    '--processes N runs N server processes sharing the port (default 1, or LICENTIA_PROCESSES): the first',
    'migrates the database and sets it up once, then supervises them and restarts one that dies. One of',
    'them runs the background workers. See docs/scaling.md.',
    '',
    "Settings come from the environment: see the README's configuration table.",
  ].join('\n'),
  options: { processes: { type: 'string' } },
  async run({ values }) {
    const config = loadConfig();
    if (cluster.isWorker) return serveOne(config, { clustered: true, background: process.env[BACKGROUND_WORKER_ENV] === '1' });
    const processes = parseProcesses(values.processes, config);
    if (processes === 1) return serveOne(config, { clustered: false, background: true });
    await prepareOnce(config);
    const { runCluster } = await import('../../cluster/primary.ts');
    return runCluster({ processes, backgroundEnv: BACKGROUND_WORKER_ENV, logLevel: config.logLevel });
  },
};
