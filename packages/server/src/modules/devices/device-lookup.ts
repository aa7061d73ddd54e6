// What a validation or a check-in by device token reads, in one statement: the device, its
// license, the key and batch behind a key license, the organization, the plan, the
// subscription, and the device's rank among the license's active devices. Read one table at a
// time this was eight statements; on PostgreSQL each is a round trip, on both each costs a
// query build. Seat licenses read their subscriptions and seat separately (several rows, and
// the seat rank): only the device, license, organization and plan come from here for them.
import { sql, type Kysely } from 'kysely';
import { preparedStatement } from '../../db/statement-marks.ts';
import { reusableQuery } from '../../db/reusable-query.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { PlanRow } from '../catalog/store.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';
import type { DeviceRow, LicenseRow } from './store.ts';

type Executor = Kysely<DB> | Tx;

/** Every column of a row type, checked at compile time: a column added to the table must be added here. */
function allColumns<Row>() {
  return <const C extends readonly (keyof Row & string)[]>(columns: C & ([Exclude<keyof Row, C[number]>] extends [never] ? unknown : never)) => columns;
}

const DEVICE = allColumns<DeviceRow>()([
  'organization_id', 'id', 'license_id', 'fingerprint', 'board_hash', 'disk_hash', 'os_install_hash', 'cpu_hash', 'mac_hash', 'name', 'token_hash',
  'first_activated_at', 'activated_at', 'last_check_in_at', 'deactivated_at', 'deactivated_by', 'replaced_by_device_id',
]);
const LICENSE = allColumns<LicenseRow>()([
  'organization_id', 'id', 'kind', 'plan_id', 'product_key_id', 'user_id', 'device_limit', 'active_devices', 'created_at', 'linked_user_id', 'linked_at',
]);
const ORGANIZATION = allColumns<OrganizationRow>()(['id', 'kind', 'name', 'country', 'time_zone', 'segment', 'created_at', 'updated_at']);
const PLAN = allColumns<PlanRow>()([
  'id', 'product_id', 'sku', 'name_en', 'name_ja', 'term_months', 'price_minor', 'currency', 'tax_class', 'category', 'segments', 'countries',
  'devices_per_seat', 'max_seats_per_subscription', 'trial_days', 'lifecycle_policy', 'active', 'created_at', 'updated_at',
]);
const SUBSCRIPTION = allColumns<SubscriptionRow>()([
  'organization_id', 'id', 'plan_id', 'seats', 'term_months', 'anchor_day', 'start_date', 'end_date', 'state', 'auto_renew', 'billing_mode', 'is_trial',
  'partner_organization_id', 'cancelled_on', 'created_at', 'updated_at', 'successor_subscription_id',
]);

/**
 * The select list, in order: rows come back as arrays (`arrayRows` below), so each table's
 * columns are read by position. Built once: the statement text never changes, so SQLite's
 * statement cache and PostgreSQL's plan see one query.
 */
const TABLES = [
  ['d', DEVICE],
  ['l', LICENSE],
  ['o', ORGANIZATION],
  ['p', PLAN],
  ['s', SUBSCRIPTION],
] as const;
const EXTRAS = ['k.id', 'k.last5', 'k.subscription_id', 'b.seats_per_key'] as const;
const SELECT = [
  ...TABLES.flatMap(([alias, columns]) => columns.map((column) => `${alias}.${column}`)),
  ...EXTRAS,
  // The rank (store.ts activationRank) only means something for an active device; it is cheap
  // (the license's devices, by index) and saves a statement, so it is always read.
  `(select count(*) from devices e where e.organization_id = d.organization_id and e.license_id = d.license_id and e.deactivated_at is null
     and (e.activated_at < d.activated_at or (e.activated_at = d.activated_at and e.id < d.id)))`,
].join(', ');

/** Where each table's columns start in a row. */
const OFFSETS: Record<(typeof TABLES)[number][0], number> = { d: 0, l: 0, o: 0, p: 0, s: 0 };
let position = 0;
for (const [alias, columns] of TABLES) {
  OFFSETS[alias] = position;
  position += columns.length;
}
const [KEY_ID, KEY_LAST5, KEY_SUBSCRIPTION_ID, BATCH_SEATS_PER_KEY, DEVICE_RANK] = [position, position + 1, position + 2, position + 3, position + 4];

const FROM = `devices d
  join licenses l on l.organization_id = d.organization_id and l.id = d.license_id
  join organizations o on o.id = d.organization_id
  join plans p on p.id = l.plan_id
  left join product_keys k on k.id = l.product_key_id
  left join key_batches b on b.id = k.batch_id
  left join subscriptions s on s.organization_id = d.organization_id and s.id = k.subscription_id`;

// Seven tables cost PostgreSQL more to plan than to run: kept prepared on each connection. Its
// ~75 columns as an object per row cost the drivers more than the read (docs/performance.md).
const PREPARED = preparedStatement('device-lookup', { arrayRows: true });

type Values = readonly unknown[];

function rowAt<Row>(values: Values, offset: number, columns: readonly string[]): Row {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[offset + i];
  return row as Row;
}

/** Compiled once per database (db/reusable-query.ts): a validation only binds the token's hash. */
const lookupStatement = reusableQuery(
  (db, tokenHash: string) => sql<Values>`${sql.raw(PREPARED)}select ${sql.raw(SELECT)} from ${sql.raw(FROM)} where d.token_hash = ${tokenHash}`,
  ['\u0000token-hash'],
);

export interface DeviceLookup {
  device: DeviceRow;
  license: LicenseRow;
  organization: OrganizationRow;
  plan: PlanRow;
  /** Key licenses: the key, its batch's seats and the subscription it was redeemed into. */
  key: { id: string; last5: string; subscriptionId: string; seatsPerKey: number; subscription: SubscriptionRow | undefined } | undefined;
  /** How many active devices of the license were activated before this one. */
  rank: number;
}

export async function lookUpDeviceByTokenHash(db: Executor, tokenHash: string): Promise<DeviceLookup | undefined> {
  const { rows } = await db.executeQuery(lookupStatement(db, tokenHash));
  const values = rows[0];
  if (!values) return undefined;
  const license = rowAt<LicenseRow>(values, OFFSETS.l, LICENSE);
  let key: DeviceLookup['key'];
  if (license.kind === 'key') {
    const keyId = values[KEY_ID];
    const subscriptionId = values[KEY_SUBSCRIPTION_ID];
    if (keyId === null || subscriptionId === null) throw new Error(`license ${license.id}: its key ${String(keyId)} is not a redeemed key`);
    const subscription = rowAt<SubscriptionRow>(values, OFFSETS.s, SUBSCRIPTION);
    key = {
      id: keyId as string,
      last5: values[KEY_LAST5] as string,
      subscriptionId: subscriptionId as string,
      seatsPerKey: Number(values[BATCH_SEATS_PER_KEY]),
      subscription: subscription.id === null ? undefined : subscription,
    };
  }
  return {
    device: rowAt<DeviceRow>(values, OFFSETS.d, DEVICE),
    license,
    organization: rowAt<OrganizationRow>(values, OFFSETS.o, ORGANIZATION),
    plan: rowAt<PlanRow>(values, OFFSETS.p, PLAN),
    key,
    rank: Number(values[DEVICE_RANK]),
  };
}
