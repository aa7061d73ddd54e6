// Test support only: licenses to activate devices on, made through the services (a redeemed
// key, a person's seat), and a device straight into the tables for tests that only need one.
import { randomBytes } from 'node:crypto';
import type { FixtureContext } from '../../../test/support/app.ts';
import { createTestPlan, type TestPlanOptions } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, createToken } from '../../../test/support/fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { toStoredInstant } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { hashToken } from '../../security/tokens.ts';
import { getPlan } from '../catalog/plans.ts';
import type { Segment } from '../organizations/schemas.ts';
import { getOrganization } from '../organizations/store.ts';
import { assignSeat } from '../seats/service.ts';
import { subscriptionPlanOf } from '../subscriptions/plan.ts';
import { createSubscription } from '../subscriptions/service.ts';
import { insertDevice, lockLicense } from './store.ts';

const SYSTEM = { kind: 'anonymous' as const };

/** A fingerprint as the SDK makes one: a hash, here random. */
export function newFingerprint(): string {
  return randomBytes(16).toString('hex');
}

async function subscribe(t: FixtureContext, organizationId: string, planId: string, seats: number) {
  const db = t.ctx.database.db;
  const plan = subscriptionPlanOf((await getPlan(db, planId))!);
  const organization = (await getOrganization(db, organizationId))!;
  return inTransaction(db, (tx) =>
    createSubscription(tx, { principal: SYSTEM, now: t.clock.now() }, { organization, plan, seats, trial: false }, { source: 'key', amountMinor: 0 }),
  );
}

/**
 * A product key redeemed into a new organization: the key, its subscription of `seats` seats,
 * and the plan (`devicesPerSeat` decides the device limit with the seats).
 */
export async function createRedeemedKey(
  t: FixtureContext,
  options: { seats?: number; plan?: TestPlanOptions; kind?: 'subscription' | 'add_seats' | 'renewal' | 'trial'; segment?: Segment; organizationId?: string } = {},
) {
  const seats = options.seats ?? 1;
  const { planId, productId } = await createTestPlan(t, { devicesPerSeat: 1, ...options.plan });
  const { keys } = await createTestKeys(t, planId, { seats, kind: options.kind ?? 'subscription' });
  const key = keys[0]!;
  const org = options.organizationId ? { id: options.organizationId } : await createOrg(t, options.segment ? { segment: options.segment } : {});
  const subscription = await subscribe(t, org.id, planId, seats);
  await t.ctx.database.db
    .updateTable('product_keys')
    .set({ state: 'redeemed', redeemed_at: toStoredInstant(t.clock.now()), redeemed_organization_id: org.id, subscription_id: subscription.id })
    .where('id', '=', key.id)
    .execute();
  return { key: key.key, keyId: key.id, organizationId: org.id, planId, productId, subscriptionId: subscription.id };
}

/** A person holding a seat of a plan (a digital license), signed in and with an API token. */
export async function createSeatHolder(t: FixtureContext, options: { plan?: TestPlanOptions; seats?: number } = {}) {
  const { planId, productId } = await createTestPlan(t, { devicesPerSeat: 2, ...options.plan });
  const org = await createOrg(t);
  const subscription = await subscribe(t, org.id, planId, options.seats ?? 5);
  const user = await createActor(t, org.id, ['member']);
  const db = t.ctx.database.db;
  const plan = subscriptionPlanOf((await getPlan(db, planId))!);
  const organization = (await getOrganization(db, org.id))!;
  await inTransaction(db, (tx) => assignSeat(tx, { principal: SYSTEM, now: t.clock.now() }, { organization, plan, userId: user.userId }));
  const token = await createUserToken(t, org.id, user.userId);
  return { organizationId: org.id, planId, productId, subscriptionId: subscription.id, user, token };
}

/** An API token made by the person (so it acts for them), as the portal makes one. */
export async function createUserToken(t: FixtureContext, organizationId: string, userId: string) {
  const made = await createToken(t, organizationId, ['member']);
  await t.ctx.database.db.updateTable('api_tokens').set({ created_by_user_id: userId }).where('id', '=', made.id).execute();
  return made;
}

/** A device of a seat license in the organization, straight into the tables. */
export async function createTestDevice(t: FixtureContext, organizationId: string, roleForOwner: Parameters<typeof createActor>[2][number] = 'member') {
  const owner = await createActor(t, organizationId, [roleForOwner]);
  const { planId } = await createTestPlan(t);
  const now = t.clock.now();
  return inTransaction(t.ctx.database.db, async (tx) => {
    const license = await lockLicense(tx, t.ctx.database.dialect, { kind: 'seat', organizationId, planId, userId: owner.userId }, 5, now);
    await tx.updateTable('licenses').set({ active_devices: 1 }).where('organization_id', '=', organizationId).where('id', '=', license.id).execute();
    return insertDevice(tx, license, { fingerprint: newFingerprint(), components: {}, name: 'Test PC', tokenHash: hashToken(`dvt_${newFingerprint()}`) }, now);
  });
}
