// The ordered list of migrations. Add new ones at the end; never edit one that has shipped.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';
import * as foundation from './0001_foundation.ts';
import * as catalogKeysSubscriptions from './0002_catalog_keys_subscriptions.ts';
import * as outbox from './0003_outbox.ts';
import * as sweeperSimulation from './0004_sweeper_simulation.ts';
import * as notifications from './0005_notifications.ts';
import * as devices from './0006_devices.ts';
import * as repairsSupport from './0007_repairs_support.ts';
import * as partners from './0008_partners.ts';
import * as billing from './0009_billing.ts';
import * as unloggedRateLimits from './0010_unlogged_rate_limits.ts';
import * as seatIndexes from './0012_seat_indexes.ts';

export interface MigrationModule {
  up(db: Kysely<any>, context: MigrationContext): Promise<void>;
}

export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: MigrationModule]> = [
  ['0001_foundation', foundation],
  ['0002_catalog_keys_subscriptions', catalogKeysSubscriptions],
  ['0003_outbox', outbox],
  ['0004_sweeper_simulation', sweeperSimulation],
  ['0005_notifications', notifications],
  ['0006_devices', devices],
  ['0007_repairs_support', repairsSupport],
  ['0008_partners', partners],
  ['0009_billing', billing],
  ['0010_unlogged_rate_limits', unloggedRateLimits],
  ['0012_seat_indexes', seatIndexes],
];
