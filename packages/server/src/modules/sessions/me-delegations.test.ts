// GET /v1/me names the customers a partner's people may act on through delegated administration
// (the portal's "on behalf of"), exactly as the door resolves them: accepted and not past the end
// (to the second), with the roles granted; nothing for an offer, an ended relationship, or a
// customer the person belongs to itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, TEST_START, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { createTestDelegation, createTestPartner, type TestPartner } from '../delegations/testing.ts';

let t: TestApp;
let partner: TestPartner;
let agent: Actor;

before(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, { name: 'Reseller KK' });
  agent = await createActor(t, partner.organizationId, ['partner_agent']);
});
after(() => t.close());

/** What /v1/me says, in a session made now (the clock moves past a session's 12 hours here). */
async function delegatedOf(actor: Actor) {
  const { headers } = await signInAs(t, actor.userId);
  const response = await t.inject({ method: 'GET', url: '/v1/me', headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().delegatedOrganizations as { id: string; name: string; roles: string[]; effectiveRoles: string[]; relationships: { delegationId: string; partner: { organizationId: string; name: string }; endsAt: string | null; autoExtend: boolean }[] }[];
}

test('an accepted relationship lists the customer with the granted roles until its end, to the second; an offer or an ended one lists nothing', async () => {
  t.clock.set(TEST_START);
  const offered = await createOrg(t, { name: 'Offered KK' });
  await createTestDelegation(t, partner.organizationId, offered.id, { roles: ['billing_admin'] });
  const ended = await createOrg(t, { name: 'Ended KK' });
  await createTestDelegation(t, partner.organizationId, ended.id, { state: 'terminated' });
  const customer = await createOrg(t, { name: 'Delegated KK' });
  const { row } = await createTestDelegation(t, partner.organizationId, customer.id, { state: 'active', roles: ['billing_admin', 'license_admin'], durationDays: 1 });

  const listed = await delegatedOf(agent);
  assert.deepEqual(listed.map((d) => d.id), [customer.id]);
  const [entry] = listed;
  assert.equal(entry!.name, 'Delegated KK');
  assert.deepEqual([...entry!.roles].sort(), ['billing_admin', 'license_admin']);
  assert.deepEqual([...entry!.effectiveRoles].sort(), ['billing_admin', 'license_admin', 'member']);
  assert.deepEqual(entry!.relationships, [{ delegationId: row.id, partner: { organizationId: partner.organizationId, name: 'Reseller KK' }, endsAt: row.ends_at, autoExtend: false }]);

  const endsAt = Temporal.Instant.from(row.ends_at!);
  t.clock.set(endsAt.subtract({ seconds: 1 }).toString());
  assert.deepEqual((await delegatedOf(agent)).map((d) => d.id), [customer.id], 'one second before the end');
  t.clock.set(endsAt.toString());
  assert.deepEqual(await delegatedOf(agent), [], 'at the end, before any sweeper ran');
  t.clock.set(TEST_START);
});

test("a delegated global admin is every customer role; the customer's own people, and a partner's person who belongs to the customer, list nothing", async () => {
  t.clock.set(TEST_START);
  const customer = await createOrg(t, { name: 'Global KK' });
  await createTestDelegation(t, partner.organizationId, customer.id, { state: 'active', roles: ['global_admin'] });
  const entry = (await delegatedOf(agent)).find((d) => d.id === customer.id);
  assert.deepEqual([...entry!.effectiveRoles].sort(), ['billing_admin', 'global_admin', 'license_admin', 'member', 'user_admin']);

  const own = await createActor(t, customer.id, ['global_admin']);
  assert.deepEqual(await delegatedOf(own), []);
  const both = await createActor(t, partner.organizationId, ['partner_admin']);
  await createActor(t, customer.id, ['member'], { email: both.email });
  assert.equal((await delegatedOf(both)).some((d) => d.id === customer.id), false, 'it acts there as its own member');
});
