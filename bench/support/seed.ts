// A large, valid world written straight into the tables in multi-row INSERTs, for the memory and
// cost-growth benchmarks: row i (0 ≤ i < N) is one product key redeemed into a customer
// organization (ten keys per organization, three countries), the subscription it made (its
// purchase record, and its sweep row set as a sweep leaves it, so a server started on it has
// nothing to catch up), the license of the key and one activated device on it. The rows are the
// ones the services write (createSubscription, redemption, activateDevice) minus the audit and
// outbox rows, which nothing on a validation's path reads.
//
// Everything a load generator needs is derived from i, so nothing is kept in memory: the
// plaintext key of row i (`productKey`), the device token and fingerprint of its device
// (`deviceCredentials`); only their hashes are stored, as the server stores them. Ids have the
// server's shape (prefix, 10 characters of time, 16 of sequence) with the row number as sequence.
//
// Spare keys (`seedSpareKeys`) are redeemed keys with many seats and no device yet, for loads that
// activate new devices.
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { generateKey, keyLast5, type RandomSource } from '@licentia/core/keys';
import { DEFAULT_LIFECYCLE_POLICY, cancellationWindowForStartDate, defaultAutoRenew, localDate, startOfLocalDay, termEnd } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../packages/server/src/clock.ts';
import { encodeCrockford } from '../../packages/server/src/ids.ts';
import type { Database } from '../../packages/server/src/db/connect.ts';
import type { DB } from '../../packages/server/src/db/schema.ts';
import { inTransaction, type Tx } from '../../packages/server/src/db/transaction.ts';
import { createApiToken } from '../../packages/server/src/modules/api-tokens/service.ts';
import { hashProductKey, productKeyHmacKey } from '../../packages/server/src/modules/keys/material.ts';
import { createOrganization } from '../../packages/server/src/modules/organizations/service.ts';
import { decide } from '../../packages/server/src/modules/sweeper/decide.ts';
import type { ServerSecrets } from '../../packages/server/src/security/secrets.ts';
import { hashToken } from '../../packages/server/src/security/tokens.ts';

export const KEYS_PER_ORGANIZATION = 10;
const ZONES = [
  { country: 'JP', timeZone: 'Asia/Tokyo' },
  { country: 'US', timeZone: 'America/New_York' },
  { country: 'DE', timeZone: 'Europe/Berlin' },
];
/** Spare keys and their organizations are numbered from here, away from the rows. */
const SPARE_BASE = 1_000_000_000;
/** Seats of a spare key: its license allows as many devices (the plan allows one per seat). */
export const SPARE_SEATS = 10_000;
const POLICY = DEFAULT_LIFECYCLE_POLICY;
/** Rows per transaction: big enough that commits cost nothing, small enough to keep memory flat. */
const ROWS_PER_TRANSACTION = 10_000;

export interface BenchWorld {
  database: Database;
  now: Temporal.Instant;
  /** Makes row i's key and device token unguessable across runs (and unique per world). */
  salt: string;
  hmacKey: ReturnType<typeof productKeyHmacKey>;
  /** Derives row i's device token (a KeyObject: createHmac re-imports a string key on every call). */
  deviceKey: KeyObject;
  productId: string;
  planId: string;
  spareBatchId: string;
  /** An API token of a vendor support agent, for the support desk's key lookup. */
  staffToken: string;
  /** Rows seeded so far (the next row is number `rows`). */
  rows: number;
  spareKeys: number;
}

const STAMP_TIME = encodeCrockford(Date.UTC(2026, 0, 1), 10);
const benchId = (prefix: string, i: number) => `${prefix}_${STAMP_TIME}${encodeCrockford(i, 16)}`;

/** The product, plan and key batches, and the vendor with a support agent's token. Call after migrating. */
export async function createWorld(database: Database, secrets: ServerSecrets, now: Temporal.Instant, salt: string): Promise<BenchWorld> {
  const stamp = toStoredInstant(now);
  const world: BenchWorld = {
    database,
    now,
    salt,
    hmacKey: productKeyHmacKey(secrets.derive('product-key-hmac')),
    deviceKey: createSecretKey(Buffer.from(`${salt}:devices`)),
    productId: benchId('prd', 1),
    planId: benchId('pln', 1),
    spareBatchId: benchId('kbt', 0),
    staffToken: '',
    rows: 0,
    spareKeys: 0,
  };
  await inTransaction(database.db, async (tx) => {
    await tx.insertInto('products').values({ id: world.productId, name_en: 'Office Business', name_ja: 'オフィス ビジネス', created_at: stamp, updated_at: stamp }).execute();
    await tx
      .insertInto('plans')
      .values({
        id: world.planId,
        product_id: world.productId,
        sku: 'OFFICE-BIZ-12M',
        name_en: 'Office Business (annual)',
        name_ja: 'オフィス ビジネス (年間)',
        term_months: 12,
        price_minor: 15_000,
        currency: 'JPY',
        tax_class: 'standard',
        category: 'standard',
        segments: JSON.stringify(['commercial', 'government', 'education', 'personal']),
        countries: JSON.stringify(ZONES.map((z) => z.country)),
        devices_per_seat: 1,
        max_seats_per_subscription: 10_000,
        trial_days: null,
        lifecycle_policy: JSON.stringify(POLICY),
        active: 1,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await tx.insertInto('key_batches').values(batchRow(world, world.spareBatchId, SPARE_SEATS)).execute();
    const audit = { principal: { kind: 'anonymous' as const }, now };
    const vendor = await createOrganization(tx, audit, { kind: 'vendor', name: 'Vendor', country: 'JP' });
    const made = await createApiToken(tx, audit, vendor.id, { userId: null, roles: new Set(['support_agent']) }, { name: 'bench', roles: ['support_agent'] });
    world.staffToken = made.token;
  });
  return world;
}

/** Keys of rows come in batches of this many (the largest batch the service makes). */
const KEYS_PER_BATCH = 100_000;
const batchOf = (i: number) => benchId('kbt', 1 + Math.floor(i / KEYS_PER_BATCH));

function batchRow(world: BenchWorld, id: string, seats: number) {
  return {
    id,
    plan_id: world.planId,
    kind: 'subscription',
    seats_per_key: seats,
    // Counted once the keys are in (a CHECK wants at least one).
    quantity: 1,
    redeem_by: '2099-12-31',
    redeemable_until: '2100-01-01T00:00:00.000Z',
    partner_organization_id: null,
    label: 'bench',
    created_by: null,
    created_at: toStoredInstant(world.now),
    revoked_at: null,
    sealed_csv: null,
    csv_downloaded_at: null,
  };
}

/** A deterministic random source: the bytes of SHA-256 over (salt, label, counter). */
function seededRandom(seed: string): RandomSource {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (bytes) => {
    let filled = 0;
    while (filled < bytes.length) {
      if (pool.length === 0) pool = createHash('sha256').update(`${seed}:${counter++}`).digest();
      const take = Math.min(pool.length, bytes.length - filled);
      bytes.set(pool.subarray(0, take), filled);
      pool = pool.subarray(take);
      filled += take;
    }
  };
}

/** The plaintext product key of row i (or of spare key j: `productKey(world, j, 'spare')`). */
export function productKey(world: BenchWorld, i: number, kind: 'row' | 'spare' = 'row'): string {
  return generateKey(seededRandom(`${world.salt}:key:${kind}:${i}`));
}

/** The device of row i as its app holds it: the token it was given and its fingerprint. */
export function deviceCredentials(world: BenchWorld, i: number): { deviceToken: string; fingerprint: string } {
  const digest = createHmac('sha256', world.deviceKey).update(`device:${i}`).digest();
  return { deviceToken: `dvt_${digest.toString('base64url')}`, fingerprint: createHash('sha256').update(digest).digest('hex').slice(0, 32) };
}

interface Term {
  start: string;
  end: string;
  anchorDay: number;
  orderedAt: string;
  windowClosesAt: string;
  dueAt: string | null;
  autoRenew: number;
}

/**
 * Terms bought between 1 and 264 days ago (every subscription still active, none within a
 * reminder's reach), with what the sweeper would have recorded: its next due instant from the
 * sweeper's own rules. Memoized: there are 264 start days × 3 zones.
 */
function termFor(world: BenchWorld, i: number, zone: (typeof ZONES)[number]): Term {
  const daysAgo = 1 + (i % 264);
  const memo = termMemo.get(world) ?? new Map<string, Term>();
  termMemo.set(world, memo);
  const memoKey = `${daysAgo}|${zone.timeZone}`;
  const known = memo.get(memoKey);
  if (known) return known;
  const today = localDate(world.now, zone.timeZone);
  const start = today.subtract({ days: daysAgo });
  const end = termEnd(start, 12);
  const ordered = startOfLocalDay(start, zone.timeZone).add({ hours: 10 });
  const autoRenew = defaultAutoRenew('commercial', POLICY);
  const decision = decide(
    { startDate: start, endDate: end, termMonths: 12, anchorDay: start.day, recordedState: 'active', autoRenew, isTrial: false, sweptEndDate: end, deprovisioned: false },
    POLICY,
    today,
  );
  if (decision.transition || decision.reminder || decision.autoRenew) throw new Error(`seeded term ${start}–${end} would not be idle for the sweeper`);
  const term: Term = {
    start: start.toString(),
    end: end.toString(),
    anchorDay: start.day,
    orderedAt: toStoredInstant(ordered),
    windowClosesAt: toStoredInstant(cancellationWindowForStartDate({ orderedAt: ordered, startDate: start, timeZone: zone.timeZone, hours: POLICY.cancellationWindowHours }).closesAt),
    dueAt: decision.nextDue ? toStoredInstant(startOfLocalDay(decision.nextDue, zone.timeZone)) : null,
    autoRenew: autoRenew ? 1 : 0,
  };
  memo.set(memoKey, term);
  return term;
}
const termMemo = new WeakMap<BenchWorld, Map<string, Term>>();

type Rows = { [T in keyof DB]?: DB[T][] };

/** Row i's key, subscription, purchase, sweep row, license and (when `seats` is 1) device. */
function rowsOf(world: BenchWorld, i: number, organizationId: string, zone: (typeof ZONES)[number], kind: 'row' | 'spare', seats: number, into: Rows): void {
  const term = termFor(world, i, zone);
  const key = productKey(world, i, kind);
  const n = kind === 'row' ? i : SPARE_BASE + i;
  const keyId = benchId('pky', n);
  const subscriptionId = benchId('sub', n);
  const licenseId = benchId('lic', n);
  into.product_keys!.push({
    id: keyId, batch_id: kind === 'row' ? batchOf(i) : world.spareBatchId, key_hash: hashProductKey(world.hmacKey, key), last5: keyLast5(key), state: 'redeemed',
    redeemed_at: term.orderedAt, redeemed_by_user_id: null, redeemed_organization_id: organizationId, subscription_id: subscriptionId, revoked_at: null,
  });
  into.subscriptions!.push({
    organization_id: organizationId, id: subscriptionId, plan_id: world.planId, seats, term_months: 12, anchor_day: term.anchorDay, start_date: term.start, end_date: term.end,
    state: 'active', auto_renew: term.autoRenew, billing_mode: 'key', is_trial: 0, partner_organization_id: null, cancelled_on: null, created_at: term.orderedAt, updated_at: term.orderedAt,
    successor_subscription_id: null,
  });
  into.subscription_changes!.push({
    organization_id: organizationId, id: benchId('chg', n), subscription_id: subscriptionId, kind: 'purchase', seats, term_start: term.start, term_end: term.end,
    ordered_at: term.orderedAt, window_closes_at: term.windowClosesAt, source: 'key', product_key_id: keyId, amount_minor: 0, currency: 'JPY', cancelled_at: null, refunded_minor: null,
  });
  into.subscription_sweeps!.push({
    organization_id: organizationId, subscription_id: subscriptionId, due_at: term.dueAt, swept_end_date: term.end, swept_cancelled_on: null, deletion_noticed_for: null, deprovisioned_at: null,
  });
  const withDevice = kind === 'row';
  into.licenses!.push({
    organization_id: organizationId, id: licenseId, kind: 'key', plan_id: world.planId, product_key_id: keyId, user_id: null, device_limit: seats,
    active_devices: withDevice ? 1 : 0, created_at: term.orderedAt, linked_user_id: null, linked_at: null,
  });
  if (!withDevice) return;
  const device = deviceCredentials(world, i);
  into.devices!.push({
    organization_id: organizationId, id: benchId('dev', n), license_id: licenseId, fingerprint: device.fingerprint, board_hash: null, disk_hash: null, os_install_hash: null,
    cpu_hash: null, mac_hash: null, name: `PC-${i}`, token_hash: hashToken(device.deviceToken), first_activated_at: term.orderedAt, activated_at: term.orderedAt,
    last_check_in_at: null, deactivated_at: null, deactivated_by: null, replaced_by_device_id: null,
  });
}

const emptyRows = (): Rows => ({ organizations: [], product_keys: [], subscriptions: [], subscription_changes: [], subscription_sweeps: [], licenses: [], devices: [] });

/**
 * One multi-row INSERT, its text made once per table and row count (and its statement prepared
 * once): Kysely's query builder would build and compile a tree of every value of every row,
 * which costs more than SQLite's own work at these sizes.
 */
async function insertRaw(database: Database, tx: Tx, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const textKey = `${database.dialect}|${table}|${rows.length}`;
  let text = insertTexts.get(textKey);
  if (!text) {
    let n = 0;
    const placeholder = database.dialect === 'postgres' ? () => `$${++n}` : () => '?';
    const tuples = rows.map(() => `(${columns.map(placeholder).join(',')})`);
    text = `insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`;
    insertTexts.set(textKey, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of columns) parameters.push(row[column]);
  await tx.executeQuery(CompiledQuery.raw(text, parameters));
}
const insertTexts = new Map<string, string>();

/** Parent tables first. Each table in INSERTs of as many rows as the bound-parameter limit allows. */
async function insertAll(database: Database, tx: Tx, rows: Rows): Promise<void> {
  const limit = database.dialect === 'sqlite' ? 32_766 : 65_535;
  const insert = async (table: keyof Rows) => {
    const values = rows[table]! as unknown as Record<string, unknown>[];
    if (values.length === 0) return;
    const size = Math.floor(limit / Object.keys(values[0]!).length);
    for (let from = 0; from < values.length; from += size) await insertRaw(database, tx, table, values.slice(from, from + size));
  };
  for (const table of ['organizations', 'product_keys', 'subscriptions', 'subscription_changes', 'licenses', 'devices'] as const) await insert(table);
  // The insert trigger of migration 0004 marked each new subscription due now (due_at ''), as
  // for any new subscription; these rows were swept already: record what the sweep recorded.
  await sql`delete from subscription_sweeps where due_at = ''`.execute(tx);
  await insert('subscription_sweeps');
}

function organizationRow(world: BenchWorld, n: number) {
  const zone = ZONES[n % ZONES.length]!;
  const stamp = toStoredInstant(world.now);
  return { zone, row: { id: benchId('org', n), kind: 'customer', name: `Customer ${n}`, country: zone.country, time_zone: zone.timeZone, segment: 'commercial', created_at: stamp, updated_at: stamp } };
}

/** Rows world.rows … count − 1 (a world grows: call again with a larger count). */
export async function seedRows(world: BenchWorld, count: number): Promise<void> {
  if (world.rows % KEYS_PER_ORGANIZATION !== 0) throw new Error('rows are seeded in whole organizations');
  for (let from = world.rows; from < count; from += ROWS_PER_TRANSACTION) {
    const to = Math.min(count, from + ROWS_PER_TRANSACTION);
    const rows = emptyRows();
    const batches = new Set<string>();
    for (let i = from; i < to; i++) {
      if (i % KEYS_PER_BATCH === 0) batches.add(batchOf(i));
      const { zone, row } = organizationRow(world, Math.floor(i / KEYS_PER_ORGANIZATION));
      if (i % KEYS_PER_ORGANIZATION === 0) rows.organizations!.push(row);
      rowsOf(world, i, row.id, zone, 'row', 1, rows);
    }
    await inTransaction(world.database.db, async (tx) => {
      if (batches.size > 0) await tx.insertInto('key_batches').values([...batches].map((id) => batchRow(world, id, 1))).execute();
      await insertAll(world.database, tx, rows);
    });
    world.rows = to;
  }
  await countBatchKeys(world);
}

async function countBatchKeys(world: BenchWorld): Promise<void> {
  const db = world.database.db;
  for (let first = 0; first < world.rows; first += KEYS_PER_BATCH) {
    await db.updateTable('key_batches').set({ quantity: Math.min(KEYS_PER_BATCH, world.rows - first) }).where('id', '=', batchOf(first)).execute();
  }
  if (world.spareKeys > 0) await db.updateTable('key_batches').set({ quantity: world.spareKeys }).where('id', '=', world.spareBatchId).execute();
}

/** `count` more spare keys of SPARE_SEATS seats each, each redeemed into an organization of its own; returns their plaintext keys. */
export async function seedSpareKeys(world: BenchWorld, count: number): Promise<string[]> {
  const rows = emptyRows();
  const keys: string[] = [];
  for (let j = world.spareKeys; j < world.spareKeys + count; j++) {
    const { zone, row } = organizationRow(world, SPARE_BASE + j);
    rows.organizations!.push(row);
    rowsOf(world, j, row.id, zone, 'spare', SPARE_SEATS, rows);
    keys.push(productKey(world, j, 'spare'));
  }
  await inTransaction(world.database.db, (tx) => insertAll(world.database, tx, rows));
  world.spareKeys += count;
  await countBatchKeys(world);
  return keys;
}

/** Fresh statistics for the planner, as autovacuum (PostgreSQL) or `PRAGMA optimize` would gather. */
export async function analyze(database: Database): Promise<void> {
  if (database.dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
  else await sql`analyze`.execute(database.db);
}

/**
 * Lets the database finish writing what seeding left behind before anything is measured: a
 * checkpoint (PostgreSQL's dirty shared buffers, SQLite's WAL into the main file) and then
 * `sync`, which waits until the kernel has written its dirty pages to disk. Measured right
 * after writing gigabytes, a request competes with that background work: the PostgreSQL growth
 * profile (docs/performance.md) found the server's own CPU per validation half as much again.
 */
export async function settle(database: Database): Promise<void> {
  if (database.dialect === 'postgres') await sql`checkpoint`.execute(database.db);
  else await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
  const synced = spawnSync('sync');
  if (synced.status !== 0) throw new Error(`sync failed: ${synced.error?.message ?? `exit status ${synced.status}`}`);
}
