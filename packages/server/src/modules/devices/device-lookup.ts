// What a validation or a check-in by device token reads, in one statement: the device, its
// license, the key and batch behind a key license, the organization, the plan, the
// subscription, and the device's rank among the license's active devices. Read one table at a
// time this was eight statements; on PostgreSQL each is a round trip, on both each costs a
// query build. Seat licenses read their subscriptions and seat separately (several rows, and
// the seat rank): only the device, license, organization and plan come from here for them.
import { sql, type Kysely } from 'kysely';
import { preparedStatement } from '../../db/connect.ts';
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

const selectList = (alias: string, columns: readonly string[]) => columns.map((column) => `${alias}.${column} as ${alias}_${column}`).join(', ');

/** Built once: the statement text never changes, so SQLite's statement cache and PostgreSQL's plan see one query. */
const SELECT = [
  selectList('d', DEVICE),
  selectList('l', LICENSE),
  selectList('o', ORGANIZATION),
  selectList('p', PLAN),
  selectList('s', SUBSCRIPTION),
  'k.id as k_id, k.last5 as k_last5, k.subscription_id as k_subscription_id, b.seats_per_key as b_seats_per_key',
  // The rank (store.ts activationRank) only means something for an active device; it is cheap
  // (the license's devices, by index) and saves a statement, so it is always read.
  `(select count(*) from devices e where e.organization_id = d.organization_id and e.license_id = d.license_id and e.deactivated_at is null
     and (e.activated_at < d.activated_at or (e.activated_at = d.activated_at and e.id < d.id))) as device_rank`,
].join(', ');

const FROM = `devices d
  join licenses l on l.organization_id = d.organization_id and l.id = d.license_id
  join organizations o on o.id = d.organization_id
  join plans p on p.id = l.plan_id
  left join product_keys k on k.id = l.product_key_id
  left join key_batches b on b.id = k.batch_id
  left join subscriptions s on s.organization_id = d.organization_id and s.id = k.subscription_id`;

// Seven tables cost PostgreSQL more to plan than to run: kept prepared on each connection.
const PREPARED = preparedStatement('device-lookup');

type Flat = Record<string, unknown>;

/** How one table's columns are named in the flat row (`d_id` is the device's `id`), worked out once. */
function columnsOf(alias: string, columns: readonly string[]): ReadonlyArray<readonly [column: string, flatName: string]> {
  return columns.map((column) => [column, `${alias}_${column}`] as const);
}
const DEVICE_COLUMNS = columnsOf('d', DEVICE);
const LICENSE_COLUMNS = columnsOf('l', LICENSE);
const ORGANIZATION_COLUMNS = columnsOf('o', ORGANIZATION);
const PLAN_COLUMNS = columnsOf('p', PLAN);
const SUBSCRIPTION_COLUMNS = columnsOf('s', SUBSCRIPTION);

function unflatten<Row>(flat: Flat, columns: ReadonlyArray<readonly [column: string, flatName: string]>): Row {
  const row: Flat = {};
  for (const [column, flatName] of columns) row[column] = flat[flatName];
  return row as Row;
}

/** Compiled once per database (db/reusable-query.ts): a validation only binds the token's hash. */
const lookupStatement = reusableQuery(
  (db, tokenHash: string) => sql<Flat>`${sql.raw(PREPARED)}select ${sql.raw(SELECT)} from ${sql.raw(FROM)} where d.token_hash = ${tokenHash}`,
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
  const flat = rows[0];
  if (!flat) return undefined;
  const license = unflatten<LicenseRow>(flat, LICENSE_COLUMNS);
  let key: DeviceLookup['key'];
  if (license.kind === 'key') {
    if (flat.k_id === null || flat.k_subscription_id === null) throw new Error(`license ${license.id}: its key ${String(flat.k_id)} is not a redeemed key`);
    key = {
      id: flat.k_id as string,
      last5: flat.k_last5 as string,
      subscriptionId: flat.k_subscription_id as string,
      seatsPerKey: Number(flat.b_seats_per_key),
      subscription: flat.s_id === null ? undefined : unflatten<SubscriptionRow>(flat, SUBSCRIPTION_COLUMNS),
    };
  }
  return {
    device: unflatten<DeviceRow>(flat, DEVICE_COLUMNS),
    license,
    organization: unflatten<OrganizationRow>(flat, ORGANIZATION_COLUMNS),
    plan: unflatten<PlanRow>(flat, PLAN_COLUMNS),
    key,
    rank: Number(flat.device_rank),
  };
}
