// A database shared by this test process and `licentia serve` children: the same master secret
// (so keys hash and CSRF tokens derive the same everywhere) and the real clock (the children
// read the system clock).
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/clock.ts';
import { secretsFromMaster } from '../../src/security/secrets.ts';
import type { FixtureContext } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface SharedSetup extends FixtureContext {
  testDatabase: TestDatabase;
  /** The environment a `licentia serve` child needs to share the database and secret. */
  serverEnv: Record<string, string>;
}

export async function createSharedSetup(): Promise<SharedSetup> {
  const testDatabase = await createTestDatabase();
  const secret = randomBytes(32);
  return {
    testDatabase,
    ctx: { database: testDatabase.database, secrets: secretsFromMaster(secret, 'test') },
    clock: systemClock,
    serverEnv: { ...testDatabase.env, LICENTIA_SECRET: secret.toString('base64') },
  };
}
