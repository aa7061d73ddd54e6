// A listening server in the benchmark's own process, on a database the benchmark opened and
// seeds through the same context (logs at warn, a fresh secret), with the fixture context the
// test helpers take.
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../packages/server/src/clock.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import type { Database } from '../../packages/server/src/db/connect.ts';
import { createServer } from '../../packages/server/src/server.ts';

export async function listenInProcess(database: Database, dataDir: string) {
  const config = { ...loadConfig({ LICENTIA_DATA_DIR: dataDir }), logLevel: 'warn', secret: randomBytes(32).toString('base64') };
  const server = await createServer(config, { database });
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return { url, fixture: { ctx: server.context, clock: systemClock }, close: () => server.app.close() };
}
