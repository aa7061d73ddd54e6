// A partner redeeming for its customers (SPEC §3, §7): into a new organization on the customer's
// behalf (the customer's administrator becomes its global admin and gets the seat, the partner
// none, and the partner becomes partner of record), and, as partner of record, renewal keys of
// the subscriptions it is partner of record of. Every row reads "partner P on behalf of C".
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import type { SmtpPeer } from '../notifications/testing.ts';
import { startMailTestApp, type MailTestApp } from '../notifications/test-fixtures.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { redeemKey } from '../sweeper/testing.ts';
import { createTestPartner, type TestPartner } from '../delegations/testing.ts';

let t: TestApp;
let peer: SmtpPeer;
let mail: MailTestApp;
let partner: TestPartner;
let agent: Actor;
let planId: string;

before(async () => {
  mail = await startMailTestApp({ keyEntryFailureLimit: 1000 });
  ({ t, peer } = mail);
  partner = await createTestPartner(t, { name: 'Reseller KK' });
  agent = await createActor(t, partner.organizationId, ['partner_agent']);
  planId = (await createTestPlan(t, { termMonths: 12 })).planId;
});
after(() => mail.close());
beforeEach(() => mail.reset());

type Headers = Record<string, string>;

/** Review, then complete, a cart of these keys into the target. */
async function redeemInto(target: object, keys: string[], headers: Headers = agent.writeHeaders) {
  const cart = await t.inject({ method: 'POST', url: '/v1/redemption-carts', headers });
  const url = `/v1/redemption-carts/${cart.json().id}`;
  const added = await t.inject({ method: 'POST', url: `${url}/keys`, headers, payload: { keys } });
  assert.ok(added.json().results.every((r: { ok: boolean }) => r.ok), added.body);
  const review = await t.inject({ method: 'POST', url: `${url}/review`, headers, payload: { target } });
  if (review.statusCode !== 200) return review;
  return t.inject({ method: 'POST', url: `${url}/complete`, headers, payload: { target, reviewToken: review.json().reviewToken, confirm: true } });
}

const newKey = async (kind: 'subscription' | 'renewal' = 'subscription') => (await createTestKeys(t, planId, { kind, seats: 5 })).keys[0]!;
const keyState = async (id: string) => (await t.ctx.database.db.selectFrom('product_keys').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
const onBehalf = (organizationId: string) => ({ country: 'JP', name: '株式会社お客様', administrator: { name: '顧客 花子', email: `hanako-${organizationId}@customer.example.com` } });

describe("redeeming on a customer's behalf", () => {
  test('the customer\'s administrator becomes global admin with the seat; the partner gets no seat and becomes partner of record', async () => {
    const key = await newKey();
    const target = { newOrganization: { ...onBehalf('a'), partnerOrganizationId: partner.organizationId } };
    const done = await redeemInto(target, [key.key]);
    assert.equal(done.statusCode, 201, done.body);
    const { organization, administratorUserId, effects } = done.json();
    const db = t.ctx.database.db;
    const memberships = await db.selectFrom('memberships').select(['user_id', 'role']).where('organization_id', '=', organization.id).execute();
    assert.deepEqual(memberships.map((m) => ({ ...m })), [{ user_id: administratorUserId, role: 'global_admin' }]);
    const seats = await db.selectFrom('seat_assignments').select('user_id').where('organization_id', '=', organization.id).execute();
    assert.deepEqual(seats.map((s) => s.user_id), [administratorUserId], 'the partner has no seat');
    const subscription = await db.selectFrom('subscriptions').select('partner_organization_id').where('id', '=', effects[0].subscriptionId).executeTakeFirstOrThrow();
    assert.equal(subscription.partner_organization_id, partner.organizationId);

    const audit = await db.selectFrom('audit_events').select(['action', 'actor_id', 'actor_organization_id', 'on_behalf_of_organization_id']).where('organization_id', '=', organization.id).execute();
    assert.deepEqual(
      [...new Set(audit.map((a) => a.action))].sort(),
      ['member.added', 'organization.created', 'product_key.redeemed', 'seat.assigned', 'subscription.created'],
    );
    for (const row of audit) {
      assert.deepEqual([row.actor_id, row.actor_organization_id, row.on_behalf_of_organization_id], [agent.userId, partner.organizationId, organization.id], row.action);
    }
    await deliverAllDue(t.ctx);
    const mail = peer.received.find((m) => m.envelope.to[0] === `hanako-a@customer.example.com`);
    assert.ok(mail, 'the new administrator is told');
    assert.match(mail.text, /Reseller KKが株式会社お客様様に代わって/);

    const customers = await t.inject({ method: 'GET', url: `/v1/organizations/${partner.organizationId}/customers`, headers: agent.headers });
    assert.ok(customers.json().data.some((c: { organizationId: string }) => c.organizationId === organization.id), 'the new customer is the partner\'s');
  });

  test("refused, consuming nothing: a partner's own person as the customer's administrator, or a partner the caller is not of", async () => {
    const key = await newKey();
    const colleague = await createActor(t, partner.organizationId, ['partner_admin']);
    const asPartnerAdmin = await redeemInto({ newOrganization: { ...onBehalf('b'), administrator: { name: 'Colleague', email: colleague.email }, partnerOrganizationId: partner.organizationId } }, [key.key]);
    assert.equal(asPartnerAdmin.statusCode, 422, asPartnerAdmin.body);
    assert.equal(asPartnerAdmin.json().code, 'ACCOUNT_CREATION_FAILED');
    const stranger = await createTestPartner(t, { name: 'Stranger KK' });
    const notMine = await redeemInto({ newOrganization: { ...onBehalf('c'), partnerOrganizationId: stranger.organizationId } }, [key.key]);
    assert.equal(notMine.statusCode, 404);
    assert.equal(await keyState(key.id), 'unused');
  });
});

describe('a partner of record renews with a key', () => {
  async function customerWithTwoSubscriptions() {
    const customer = await createOrg(t, { name: 'Renewing KK' });
    const admin = await createActor(t, customer.id, ['global_admin']);
    const first = await redeemKey(t, admin, customer.id, (await newKey()).key);
    const second = await redeemKey(t, admin, customer.id, (await newKey()).key);
    const ofRecord = second.json().effects[0].subscriptionId;
    const named = await t.inject({
      method: 'PUT',
      url: `/v1/organizations/${customer.id}/subscriptions/${ofRecord}/partner-of-record`,
      headers: admin.writeHeaders,
      payload: { partnerId: partner.partnerId },
    });
    assert.equal(named.statusCode, 200, named.body);
    return { customerId: customer.id, ofRecord, other: first.json().effects[0].subscriptionId as string };
  }

  test('the subscription it is partner of record of (not another of the same plan), audited on its behalf, also with its API token', async () => {
    const { customerId, ofRecord, other } = await customerWithTwoSubscriptions();
    // A token made by a person (carts belong to people): the partner admin's, for its agents' work.
    const partnerAdmin = await createActor(t, partner.organizationId, ['partner_admin']);
    const made = await t.inject({ method: 'POST', url: `/v1/organizations/${partner.organizationId}/api-tokens`, headers: partnerAdmin.writeHeaders, payload: { name: 'renewals', roles: ['partner_agent'] } });
    const token = { headers: { authorization: `Bearer ${made.json().token}` } };
    const db = t.ctx.database.db;
    const before = await db.selectFrom('subscriptions').select(['id', 'end_date']).where('organization_id', '=', customerId).execute();
    for (const headers of [agent.writeHeaders, token.headers]) {
      const done = await redeemInto({ organizationId: customerId }, [(await newKey('renewal')).key], headers);
      assert.equal(done.statusCode, 201, done.body);
      assert.deepEqual([done.json().effects[0].effect, done.json().effects[0].subscriptionId], ['renewed', ofRecord]);
    }
    const afterRows = await db.selectFrom('subscriptions').select(['id', 'end_date']).where('organization_id', '=', customerId).execute();
    const endOf = (rows: typeof before, id: string) => rows.find((r) => r.id === id)!.end_date;
    assert.equal(endOf(afterRows, other), endOf(before, other));
    assert.equal(endOf(afterRows, ofRecord), '2029-11-20', 'two terms added to 2027-11-20');
    const renewed = await db.selectFrom('audit_events').select(['actor_organization_id', 'on_behalf_of_organization_id', 'delegation_id']).where('organization_id', '=', customerId).where('action', '=', 'subscription.renewed').execute();
    assert.deepEqual(renewed.map((r) => ({ ...r })), Array(2).fill({ actor_organization_id: partner.organizationId, on_behalf_of_organization_id: customerId, delegation_id: null }));
  });

  test('only renewals: another kind of key needs a customer admin; a partner that is not of record learns nothing', async () => {
    const { customerId } = await customerWithTwoSubscriptions();
    const key = await newKey();
    const refused = await redeemInto({ organizationId: customerId }, [key.key]);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'ROLE_REQUIRED');
    const stranger = await createTestPartner(t);
    const strangerAgent = await createActor(t, stranger.organizationId, ['partner_agent']);
    const hidden = await redeemInto({ organizationId: customerId }, [(await newKey('renewal')).key], strangerAgent.writeHeaders);
    assert.equal(hidden.statusCode, 404);
    assert.equal(await keyState(key.id), 'unused');
  });
});
