// Helpers for the subscription scenario tests: subscriptions are made the way customers make
// them (redeeming a key through the redemption API), the clock is set in the organization's
// time zone, and every call goes through HTTP. Used by tests only.
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import type { TestApp } from '../../../test/support/app.ts';
import { createTestPlan, type TestPlanOptions } from '../../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { createTestKeys, type TestKeyOptions } from '../../../test/support/key-fixtures.ts';
import type { Segment } from '../organizations/schemas.ts';

export const TOKYO = 'Asia/Tokyo';

/** An instant given as a Tokyo wall-clock time, e.g. tokyo('2027-10-21T23:59'). */
export function tokyo(local: string): Temporal.Instant {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(TOKYO).toInstant();
}

/** A session made now (sessions last 12 hours: sign in again after moving the clock). */
export async function refresh(t: TestApp, actor: Actor): Promise<Actor> {
  return { ...actor, ...(await signInAs(t, actor.userId)) };
}

export async function redeem(t: TestApp, actor: Actor, organizationId: string, keys: string[]) {
  const cart = await t.inject({ method: 'POST', url: '/v1/redemption-carts', headers: actor.writeHeaders });
  assert.equal(cart.statusCode, 201, cart.body);
  const cartId = cart.json().id;
  const added = await t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/keys`, headers: actor.writeHeaders, payload: { keys } });
  assert.ok(added.json().results.every((r: { ok: boolean }) => r.ok), added.body);
  const target = { organizationId };
  const review = await t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/review`, headers: actor.writeHeaders, payload: { target } });
  assert.equal(review.statusCode, 200, review.body);
  const done = await t.inject({
    method: 'POST',
    url: `/v1/redemption-carts/${cartId}/complete`,
    headers: actor.writeHeaders,
    payload: { target, reviewToken: review.json().reviewToken, confirm: true },
  });
  assert.equal(done.statusCode, 201, done.body);
  return done.json().effects as { subscriptionId: string; effect: string; startDate: string; endDate: string }[];
}

export async function keyFor(t: TestApp, planId: string, options: TestKeyOptions = {}): Promise<string> {
  return (await createTestKeys(t, planId, options)).keys[0]!.key;
}

export interface Customer {
  organizationId: string;
  admin: Actor;
  planId: string;
  subscriptionId: string;
}

/** An organization (Japan) with a global admin and a subscription redeemed from a key. */
export async function customerWithSubscription(
  t: TestApp,
  options: { plan?: TestPlanOptions; seats?: number; segment?: Segment; kind?: 'subscription' | 'trial' } = {},
): Promise<Customer> {
  const org = await createOrg(t, options.segment ? { segment: options.segment } : {});
  const admin = await createActor(t, org.id, ['global_admin']);
  const { planId } = await createTestPlan(t, { termMonths: 12, ...options.plan });
  const [effect] = await redeem(t, admin, org.id, [await keyFor(t, planId, { seats: options.seats ?? 10, kind: options.kind ?? 'subscription' })]);
  return { organizationId: org.id, admin, planId, subscriptionId: effect!.subscriptionId };
}

export function subscriptionUrl(customer: { organizationId: string; subscriptionId: string }, rest = ''): string {
  return `/v1/organizations/${customer.organizationId}/subscriptions/${customer.subscriptionId}${rest}`;
}

export async function getSubscription(t: TestApp, actor: Actor, customer: { organizationId: string; subscriptionId: string }) {
  const response = await t.inject({ method: 'GET', url: subscriptionUrl(customer), headers: actor.headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

/** Asks in English and in Japanese; asserts the code, the status and both titles. */
export async function assertRefusal(
  send: (headers: Record<string, string>) => Promise<{ statusCode: number; json(): any }>,
  headers: Record<string, string>,
  expected: { status: number; code: string; en: RegExp; ja: RegExp },
): Promise<any> {
  let problem: any;
  for (const [language, pattern] of [['en', expected.en], ['ja', expected.ja]] as const) {
    const response = await send({ ...headers, 'accept-language': language });
    problem = response.json();
    assert.equal(response.statusCode, expected.status, JSON.stringify(problem));
    assert.equal(problem.code, expected.code);
    assert.match(problem.title, pattern);
    assert.ok(problem.detail === undefined || problem.detail.length > 10);
  }
  return problem;
}
