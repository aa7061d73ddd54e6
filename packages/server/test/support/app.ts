// An in-process Licentia for tests: a fresh database, a manual clock, captured logs, and
// helpers to act as a given user or token over real HTTP semantics (fastify.inject).
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import type { AppContext } from '../../src/http/context.ts';
import { Failpoints } from '../../src/failpoints.ts';
import { secretsFromMaster } from '../../src/security/secrets.ts';
import { generateSigningKeySet, SigningKeyRing } from '../../src/modules/licenses/signing-keys.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_START = '2026-11-21T00:30:00Z';

/** What fixtures need: a database, the server secrets, and the clock (an app, or a bare setup). */
export interface FixtureContext {
  ctx: Pick<AppContext, 'database' | 'secrets'>;
  clock: { now(): ReturnType<ManualClock['now']> };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  testDatabase: TestDatabase;
  /** Every log line the app wrote. */
  logs: string[];
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const clock = new ManualClock(TEST_START);
  const config: Config = { ...loadConfig({}), logLevel: 'info', ...overrides };
  const ctx: AppContext = {
    config,
    database: testDatabase.database,
    clock,
    secrets: secretsFromMaster(randomBytes(32), 'test'),
    failpoints: new Failpoints(),
    // In memory: a test never writes key files, and each app signs with keys of its own.
    signingKeys: new SigningKeyRing(generateSigningKeySet(clock.now()), { source: 'test' }),
  };
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await buildApp(ctx, { logStream, logLevel: config.logLevel });
  await app.ready();
  return {
    app,
    ctx,
    clock,
    testDatabase,
    logs,
    inject: (options) => app.inject(options),
    async close() {
      await app.close();
      await testDatabase.destroy();
    },
  };
}
