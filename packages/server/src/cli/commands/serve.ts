import { loadConfig } from '../../config.ts';
import { bootstrapOnce } from '../../bootstrap.ts';
import type { Command } from '../command.ts';
import { WORKERS } from '../../workers/index.ts';
import { startWorkers, type RunningWorkers } from '../../workers/runner.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the API server (migrates the database first)',
  usage: 'licentia serve\n\nSettings come from the environment: see the README\'s configuration table.',
  options: {},
  async run() {
    const config = loadConfig();
    // Loaded here, not at the top: every other command starts without the HTTP server and its
    // modules (a `licentia keys check` answers in a fraction of the time).
    const { createServer } = await import('../../server.ts');
    const server = await createServer(config);
    const { app, context } = server;
    const outcome = await bootstrapOnce(context.database.db, context.database.dialect, context.clock.now(), {
      email: config.adminEmail,
      name: 'Vendor administrator',
    });
    if (outcome.kind === 'created') {
      // Printed once, on the first start only: the password is stored nowhere but as a hash.
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
    let workers: RunningWorkers | undefined;
    const shutdown = async (signal: string) => {
      app.log.info({ signal }, 'shutting down');
      await workers?.stop();
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ host: config.host, port: config.port });
    if (config.workersEnabled) workers = startWorkers(context, WORKERS, app.log);
    app.log.info({ database: context.database.location, secret: context.secrets.source }, 'Licentia is ready');
    return new Promise<number>(() => {});
  },
};
