// The world a flow starts from, made through the server's fixtures and its public API (a
// redemption, as a customer's administrator would make it), never by writing answers in.
import assert from 'node:assert/strict';
import type { Role } from '../../../server/src/auth/roles.ts';
import type { TestApp } from '../../../server/test/support/app.ts';
import { createTestPlan, type TestPlanOptions } from '../../../server/test/support/catalog-fixtures.ts';
import { createActor, createOrg, type Actor } from '../../../server/test/support/fixtures.ts';
import { createTestKeys } from '../../../server/test/support/key-fixtures.ts';
import { E2E_REDEEM_BY } from './harness.ts';

let counter = 0;

export function uniqueEmail(name: string): string {
  return `${name}-${++counter}-${Date.now()}@example.com`;
}

export async function planWithKeys(t: TestApp, quantity: number, plan: TestPlanOptions = {}, seats = 5) {
  const created = await createTestPlan(t, plan);
  const { keys } = await createTestKeys(t, created.planId, { seats, quantity, redeemBy: E2E_REDEEM_BY });
  return { ...created, keys: keys.map((k) => k.key), keyIds: keys.map((k) => k.id) };
}

/** Redeems `key` into the actor's organization through the API, as the portal does. */
export async function redeemThroughApi(t: TestApp, actor: Actor, organizationId: string, key: string): Promise<string> {
  const send = async (url: string, payload?: object) => {
    const response = await t.inject({ method: 'POST', url, headers: actor.writeHeaders, ...(payload ? { payload } : {}) });
    assert.ok(response.statusCode < 300, response.body);
    return response.json();
  };
  const cart = await send('/v1/redemption-carts');
  await send(`/v1/redemption-carts/${cart.id}/keys`, { keys: [key] });
  const target = { organizationId };
  const review = await send(`/v1/redemption-carts/${cart.id}/review`, { target });
  const completion = await send(`/v1/redemption-carts/${cart.id}/complete`, { target, reviewToken: review.reviewToken, confirm: true });
  return completion.effects[0].subscriptionId as string;
}

/** A customer organization holding one subscription (a redeemed key of `seats` seats), and a person with `roles` there. */
export async function subscribedOrganization(t: TestApp, roles: Role[], options: { name?: string; seats?: number; plan?: TestPlanOptions; segment?: 'commercial' | 'personal' } = {}) {
  const organization = await createOrg(t, { name: options.name ?? `Customer ${++counter}`, ...(options.segment ? { segment: options.segment } : {}) });
  const person = await createActor(t, organization.id, roles, { email: uniqueEmail(roles[0]!) });
  const { planId, plan, keys } = await planWithKeys(t, 1, options.plan, options.seats ?? 5);
  const admin = roles.includes('global_admin') || roles.includes('billing_admin') ? person : await createActor(t, organization.id, ['billing_admin']);
  const subscriptionId = await redeemThroughApi(t, admin, organization.id, keys[0]!);
  return { organization, person, planId, planName: plan.name_en, subscriptionId, key: keys[0]! };
}
