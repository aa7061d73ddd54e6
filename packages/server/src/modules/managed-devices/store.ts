// The attributes an organization records about its devices (SPEC §6 "Managed devices"), and
// the facts the compliance report counts: active devices by product with their attributes, and
// the devices the organization's per-device licenses allow.
import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { localDate, usersHaveAccess } from '@licentia/core/lifecycle';
import { decideManaged, type ManagementAttributes, type VirtualDesktopAccess } from '@licentia/core/managed-devices';
import { toStoredInstant } from '../../clock.ts';
import type { DB, DeviceManagementTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { getPlan, type Plan } from '../catalog/plans.ts';
import { getOrganization } from '../organizations/store.ts';
import { stateOf } from '../subscriptions/service.ts';

type Executor = Kysely<DB> | Tx;
type ManagementRow = Selectable<DeviceManagementTable>;

export function attributesOf(row: ManagementRow): ManagementAttributes {
  return {
    domainJoined: row.domain_joined === 1,
    requiresAuthentication: row.requires_authentication === 1,
    enforcedAgent: row.enforced_agent === 1,
    groupPolicyEnforced: row.group_policy_enforced === 1,
    configuredByOrganization: row.configured_by_organization === 1,
    virtualDesktopAccess: row.virtual_desktop_access as VirtualDesktopAccess,
    portableWorkspaceOnThirdPartyDevice: row.portable_workspace_third_party === 1,
  };
}

export async function getManagement(db: Executor, organizationId: string, deviceId: string): Promise<ManagementRow | undefined> {
  return db.selectFrom('device_management').selectAll().where('organization_id', '=', organizationId).where('device_id', '=', deviceId).executeTakeFirst();
}

export async function saveManagement(tx: Tx, organizationId: string, deviceId: string, attributes: ManagementAttributes, now: Temporal.Instant): Promise<void> {
  const columns = {
    domain_joined: attributes.domainJoined ? 1 : 0,
    requires_authentication: attributes.requiresAuthentication ? 1 : 0,
    enforced_agent: attributes.enforcedAgent ? 1 : 0,
    group_policy_enforced: attributes.groupPolicyEnforced ? 1 : 0,
    configured_by_organization: attributes.configuredByOrganization ? 1 : 0,
    virtual_desktop_access: attributes.virtualDesktopAccess,
    portable_workspace_third_party: attributes.portableWorkspaceOnThirdPartyDevice ? 1 : 0,
    updated_at: toStoredInstant(now),
  };
  await tx
    .insertInto('device_management')
    .values({ organization_id: organizationId, device_id: deviceId, ...columns })
    .onConflict((oc) => oc.columns(['organization_id', 'device_id']).doUpdateSet(columns))
    .execute();
}

/** The organization's active devices, each with its product and whether it is managed (null: not assessed). */
export async function activeDevicesByProduct(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('devices')
    .innerJoin('licenses', (join) => join.onRef('licenses.organization_id', '=', 'devices.organization_id').onRef('licenses.id', '=', 'devices.license_id'))
    .innerJoin('plans', 'plans.id', 'licenses.plan_id')
    .leftJoin('device_management', (join) => join.onRef('device_management.organization_id', '=', 'devices.organization_id').onRef('device_management.device_id', '=', 'devices.id'))
    .select(['devices.id', 'plans.product_id'])
    .selectAll('device_management')
    .where('devices.organization_id', '=', organizationId)
    .where('devices.deactivated_at', 'is', null)
    .orderBy('devices.id')
    .execute();
  return rows.map((row) => ({
    deviceId: row.id,
    productId: row.product_id,
    managed: row.device_id === null ? null : decideManaged(attributesOf(row as ManagementRow)).managed,
  }));
}

/**
 * Devices the organization's per-device licenses allow, per product: its redeemed product keys
 * (a key license allows devicesPerSeat × the key's seats; a seat is a person's, per user) whose
 * subscription users still have access to (active or in grace). Renewal keys license nothing.
 */
export async function perDeviceLicenses(db: Executor, organizationId: string, now: Temporal.Instant): Promise<Map<string, number>> {
  const organization = await getOrganization(db, organizationId);
  const today = localDate(now, organization!.time_zone);
  const keys = await db
    .selectFrom('product_keys')
    .innerJoin('key_batches', 'key_batches.id', 'product_keys.batch_id')
    .innerJoin('subscriptions', (join) => join.onRef('subscriptions.organization_id', '=', 'product_keys.redeemed_organization_id').onRef('subscriptions.id', '=', 'product_keys.subscription_id'))
    .select(['key_batches.plan_id', 'key_batches.seats_per_key'])
    .selectAll('subscriptions')
    .where('product_keys.redeemed_organization_id', '=', organizationId)
    .where('product_keys.state', '=', 'redeemed')
    .where('key_batches.kind', '<>', 'renewal')
    .execute();
  const plans = new Map<string, Plan>();
  const capacity = new Map<string, number>();
  for (const key of keys) {
    if (!plans.has(key.plan_id)) plans.set(key.plan_id, (await getPlan(db, key.plan_id))!);
    const plan = plans.get(key.plan_id)!;
    if (!usersHaveAccess(stateOf(key, plan.lifecycle, today))) continue;
    capacity.set(plan.productId, (capacity.get(plan.productId) ?? 0) + plan.devicesPerSeat * key.seats_per_key);
  }
  return capacity;
}
