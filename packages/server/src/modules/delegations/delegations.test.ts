// Delegated administration through the public API (SPEC §7): an enrolled partner offers, the
// customer's global admin accepts by the emailed link, the partner's people (sessions and API
// tokens) act with the granted roles only, audited as "partner P on behalf of customer C", and
// after either side ends it, every request of the partner on the customer is refused.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, createToken, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import type { SmtpPeer } from '../notifications/testing.ts';
import { createPerson, createTestSubscription, type Person, startMailTestApp, type MailTestApp } from '../notifications/test-fixtures.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { redeemKey } from '../sweeper/testing.ts';
import { createTestPartner, type TestPartner } from './testing.ts';

let t: TestApp;
let peer: SmtpPeer;
let mail: MailTestApp;
let partner: TestPartner;
let partnerAdmin: Person;
let agent: Actor;
let agentToken: { headers: Record<string, string> };

before(async () => {
  mail = await startMailTestApp({ publicUrl: 'https://licentia.example.com', keyEntryFailureLimit: 1000 });
  ({ t, peer } = mail);
  partner = await createTestPartner(t, { name: 'Reseller KK' });
  partnerAdmin = await createPerson(t, partner.organizationId, ['partner_admin'], 'en');
  agent = await createActor(t, partner.organizationId, ['partner_agent']);
  agentToken = await createToken(t, partner.organizationId, ['partner_agent']);
});
after(() => mail.close());
beforeEach(() => mail.reset());

interface Customer {
  id: string;
  admin: Person;
  billing: Person;
  subscriptionId: string;
}

async function newCustomer(name = 'Customer KK'): Promise<Customer> {
  const id = (await createOrg(t, { name })).id;
  const admin = await createPerson(t, id, ['global_admin'], 'ja');
  const billing = await createPerson(t, id, ['billing_admin'], 'en');
  const { subscriptionId } = await createTestSubscription(t, id);
  return { id, admin, billing, subscriptionId };
}

type Headers = Record<string, string>;
const offer = (headers: Headers, body: Record<string, unknown>, partnerId = partner.organizationId) =>
  t.inject({ method: 'POST', url: `/v1/organizations/${partnerId}/delegations`, headers, payload: body });
const accept = (headers: Headers, customerId: string, delegationId: string, token: string) =>
  t.inject({ method: 'POST', url: `/v1/organizations/${customerId}/delegations/${delegationId}/accept`, headers, payload: { token } });
const terminate = (headers: Headers, organizationId: string, delegationId: string) =>
  t.inject({ method: 'POST', url: `/v1/organizations/${organizationId}/delegations/${delegationId}/terminate`, headers });

/** The token of the acceptance link in the offer mail a person received. */
async function tokenFromMail(person: Person): Promise<string> {
  await deliverAllDue(t.ctx);
  const mail = peer.received.find((m) => m.envelope.to.includes(person.email) && m.headers.get('x-licentia-event-type') === 'delegation.offered');
  assert.ok(mail, `${person.email} received the offer`);
  const token = /\/accept\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)?.[1];
  assert.ok(token, mail.text);
  return decodeURIComponent(token);
}

/** Offers, accepts through the mailed link, and returns the delegation. */
async function delegate(customer: Customer, roles: string[], extra: Record<string, unknown> = {}) {
  const offered = await offer(partnerAdmin.writeHeaders, { customerOrganizationId: customer.id, roles, durationDays: 90, ...extra });
  assert.equal(offered.statusCode, 201, offered.body);
  const token = await tokenFromMail(customer.admin);
  const accepted = await accept(customer.admin.writeHeaders, customer.id, offered.json().id, token);
  assert.equal(accepted.statusCode, 200, accepted.body);
  return accepted.json();
}

/** What the partner's people may do on the customer, through each of their credentials. */
async function partnerReach(customer: Customer) {
  const reads = [];
  for (const headers of [agent.writeHeaders, agentToken.headers]) {
    reads.push((await t.inject({ method: 'GET', url: `/v1/organizations/${customer.id}/subscriptions/${customer.subscriptionId}`, headers })).statusCode);
  }
  return reads;
}

describe('offering', () => {
  test('an unenrolled partner cannot offer; nothing is stored', async () => {
    const unenrolled = await createTestPartner(t, { enrolled: false });
    const admin = await createActor(t, unenrolled.organizationId, ['partner_admin']);
    const customer = await newCustomer();
    for (const [language, title] of [['en', /not enrolled in the delegated administration program/], ['ja', /委任管理プログラムに登録されていません/]] as const) {
      const refused = await offer({ ...admin.writeHeaders, 'accept-language': language }, { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 }, unenrolled.organizationId);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'DELEGATED_ADMIN_NOT_ENROLLED');
      assert.match(refused.json().title, title);
    }
    const stored = await t.ctx.database.db.selectFrom('delegations').select('id').where('partner_organization_id', '=', unenrolled.organizationId).execute();
    assert.deepEqual(stored, []);
  });

  test('roles, duration and auto-extension are checked: 1 day to 2 years, no auto-extension with global admin', async () => {
    const customer = await newCustomer();
    const base = { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 };
    for (const body of [{ ...base, durationDays: 0 }, { ...base, durationDays: 731 }, { ...base, roles: ['member'] }, { ...base, roles: [] }]) {
      const refused = await offer(partnerAdmin.writeHeaders, body);
      assert.equal(refused.statusCode, 400, JSON.stringify(body));
    }
    const withGlobal = await offer({ ...partnerAdmin.writeHeaders, 'accept-language': 'ja' }, { ...base, roles: ['global_admin', 'user_admin'], autoExtend: true });
    assert.equal(withGlobal.statusCode, 422);
    assert.equal(withGlobal.json().code, 'DELEGATION_OFFER_INVALID');
    assert.match(withGlobal.json().title, /グローバル管理者の役割を含む場合、180 日間の自動延長は設定できません/);
    const byAgent = await offer(agent.writeHeaders, base);
    assert.equal(byAgent.statusCode, 403, 'agents act; admins offer');
    const notACustomer = await offer(partnerAdmin.writeHeaders, { ...base, customerOrganizationId: partner.organizationId });
    assert.equal(notACustomer.statusCode, 404);
    for (const days of [1, 730]) {
      const made = await offer(partnerAdmin.writeHeaders, { ...base, customerOrganizationId: (await newCustomer()).id, durationDays: days, roles: ['global_admin'] });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().status, 'offered');
    }
  });

  test('the offer mail goes to the customer\'s global admins only, in their language, with the link', async () => {
    const customer = await newCustomer('株式会社委任テスト');
    const made = await offer(partnerAdmin.writeHeaders, { customerOrganizationId: customer.id, roles: ['license_admin', 'billing_admin'], durationDays: 365, autoExtend: true });
    assert.equal(made.statusCode, 201, made.body);
    const view = made.json();
    assert.deepEqual(view.roles, ['billing_admin', 'license_admin']);
    assert.equal(view.acceptBy, '2026-12-05', '14 days after the offer, in Tokyo');
    assert.equal(view.partner.partnerId, partner.partnerId);
    await deliverAllDue(t.ctx);
    assert.deepEqual(peer.received.map((m) => m.envelope.to).flat(), [customer.admin.email]);
    const mail = peer.received[0]!;
    assert.match(mail.subject, /委任管理のリクエスト/);
    assert.ok(mail.text.includes(partner.partnerId) && mail.text.includes('Reseller KK'));
    assert.match(mail.text, new RegExp(`https://licentia\\.example\\.com/organizations/${customer.id}/delegations/${view.id}/accept\\?token=dla_`));
  });

  test('one open relationship per partner and customer, even when two offers race', async () => {
    const customer = await newCustomer();
    const body = { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 };
    const answers = await Promise.all([offer(partnerAdmin.writeHeaders, body), offer(partnerAdmin.writeHeaders, body), offer(partnerAdmin.writeHeaders, body)]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 409, 409]);
    assert.ok(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'DELEGATION_EXISTS'));
    const rows = await t.ctx.database.db.selectFrom('delegations').select('id').where('customer_organization_id', '=', customer.id).execute();
    assert.equal(rows.length, 1);
  });
});

describe('offer → accept → act → terminate', () => {
  test('nothing before acceptance; the granted roles only after it, audited as the partner on behalf of the customer; nothing after termination', async () => {
    const customer = await newCustomer();
    const offered = await offer(partnerAdmin.writeHeaders, { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 90 });
    const delegationId = offered.json().id;
    assert.deepEqual(await partnerReach(customer), [404, 404], 'acting before acceptance is refused');
    const token = await tokenFromMail(customer.admin);

    const wrongToken = await accept(customer.admin.writeHeaders, customer.id, delegationId, `${token}x`);
    assert.equal(wrongToken.json().code, 'DELEGATION_TOKEN_INVALID');
    const byBilling = await accept(customer.billing.writeHeaders, customer.id, delegationId, token);
    assert.equal(byBilling.json().code, 'ROLE_REQUIRED', 'only a global admin accepts');
    const byPartner = await accept(partnerAdmin.writeHeaders, customer.id, delegationId, token);
    assert.equal(byPartner.statusCode, 404);
    assert.deepEqual(await partnerReach(customer), [404, 404]);

    peer.received.length = 0;
    const accepted = await accept(customer.admin.writeHeaders, customer.id, delegationId, token);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'active');
    // Accepted 2026-11-21 in Tokyo, 90 days: through 2027-02-19, ending at that day's local midnight.
    assert.equal(accepted.json().endDate, '2027-02-19');
    assert.equal(accepted.json().endsAt, '2027-02-19T15:00:00.000Z');
    const again = await accept(customer.admin.writeHeaders, customer.id, delegationId, token);
    assert.equal(again.statusCode, 409, 'the link works once');
    assert.equal(again.json().code, 'DELEGATION_NOT_OFFERED');
    await deliverAllDue(t.ctx);
    assert.deepEqual(peer.received.map((m) => m.envelope.to[0]).sort(), [customer.admin.email, partnerAdmin.email].sort(), 'both sides hear of the acceptance');

    assert.deepEqual(await partnerReach(customer), [200, 200]);
    const renewOff = await t.inject({
      method: 'PUT',
      url: `/v1/organizations/${customer.id}/subscriptions/${customer.subscriptionId}/auto-renew`,
      headers: agentToken.headers,
      payload: { enabled: false },
    });
    assert.equal(renewOff.statusCode, 200, renewOff.body);
    const addMember = await t.inject({
      method: 'POST',
      url: `/v1/organizations/${customer.id}/members`,
      headers: agent.writeHeaders,
      payload: { email: 'new@example.com', name: 'New', roles: ['member'] },
    });
    assert.equal(addMember.statusCode, 403, 'billing admin only: members are the user admin\'s');
    assert.equal(addMember.json().code, 'ROLE_REQUIRED');

    const log = await t.inject({ method: 'GET', url: `/v1/organizations/${customer.id}/audit-events?limit=200`, headers: customer.admin.headers });
    const change = log.json().data.find((e: { action: string }) => e.action === 'subscription.auto_renew_changed');
    assert.deepEqual(change.actor, { type: 'token', id: change.actor.id, organizationId: partner.organizationId, onBehalfOfOrganizationId: customer.id, delegationId });
    assert.equal(change.organizationId, customer.id);

    peer.received.length = 0;
    const ended = await terminate(customer.admin.writeHeaders, customer.id, delegationId);
    assert.equal(ended.statusCode, 200, ended.body);
    assert.deepEqual([ended.json().status, ended.json().endReason], ['ended', 'terminated_by_customer']);
    // The very same session and token as before: every request is refused now.
    assert.deepEqual(await partnerReach(customer), [404, 404]);
    const writeAfter = await t.inject({
      method: 'PUT',
      url: `/v1/organizations/${customer.id}/subscriptions/${customer.subscriptionId}/auto-renew`,
      headers: agent.writeHeaders,
      payload: { enabled: true },
    });
    assert.equal(writeAfter.statusCode, 404);
    const twice = await terminate(customer.admin.writeHeaders, customer.id, delegationId);
    assert.equal(twice.json().code, 'DELEGATION_ENDED');
    await deliverAllDue(t.ctx);
    const endedMail = peer.received.filter((m) => m.headers.get('x-licentia-event-type') === 'delegation.ended');
    assert.deepEqual(endedMail.map((m) => m.envelope.to[0]).sort(), [customer.admin.email, partnerAdmin.email].sort());
    assert.match(endedMail.find((m) => m.envelope.to[0] === partnerAdmin.email)!.text, /because an administrator of Customer KK ended it/);
  });

  test('the partner ends it too, and every offer and end is in both audit logs', async () => {
    const customer = await newCustomer();
    const delegation = await delegate(customer, ['global_admin']);
    assert.deepEqual(await partnerReach(customer), [200, 200]);
    const byAgent = await terminate(agent.writeHeaders, partner.organizationId, delegation.id);
    assert.equal(byAgent.statusCode, 403, 'admins end, agents act');
    const ended = await terminate(partnerAdmin.writeHeaders, partner.organizationId, delegation.id);
    assert.deepEqual([ended.statusCode, ended.json().endReason], [200, 'terminated_by_partner']);
    assert.deepEqual(await partnerReach(customer), [404, 404]);
    const db = t.ctx.database.db;
    for (const organizationId of [customer.id, partner.organizationId]) {
      const rows = await db.selectFrom('audit_events').select(['action', 'actor_organization_id']).where('target_id', '=', delegation.id).where('organization_id', '=', organizationId).orderBy('id').execute();
      assert.deepEqual(rows.map((r) => r.action), ['delegation.offered', 'delegation.accepted', 'delegation.ended'], organizationId);
      const [offeredRow, acceptedRow] = rows;
      assert.equal(offeredRow!.actor_organization_id, organizationId === customer.id ? partner.organizationId : null, 'the customer\'s log names the partner that offered');
      assert.equal(acceptedRow!.actor_organization_id, organizationId === partner.organizationId ? customer.id : null);
    }
  });

  test('a customer declines an offer, a partner withdraws one: no access, no "ended" mail', async () => {
    for (const [side, reason] of [['customer', 'declined'], ['partner', 'withdrawn']] as const) {
      const customer = await newCustomer();
      const offered = await offer(partnerAdmin.writeHeaders, { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 });
      const token = await tokenFromMail(customer.admin);
      peer.received.length = 0;
      const ended = side === 'customer'
        ? await terminate(customer.admin.writeHeaders, customer.id, offered.json().id)
        : await terminate(partnerAdmin.writeHeaders, partner.organizationId, offered.json().id);
      assert.equal(ended.json().endReason, reason);
      const late = await accept(customer.admin.writeHeaders, customer.id, offered.json().id, token);
      assert.equal(late.json().code, 'DELEGATION_NOT_OFFERED');
      await deliverAllDue(t.ctx);
      assert.deepEqual(peer.received, []);
    }
  });

  test('an offer can be accepted for 14 days; after that the link is refused and a new offer may be made', async () => {
    const customer = await newCustomer();
    const offered = await offer(partnerAdmin.writeHeaders, { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 });
    const token = await tokenFromMail(customer.admin);
    const start = t.clock.now();
    try {
      // 2026-12-05 is the last day (Tokyo): its end is 2026-12-05T15:00Z.
      t.clock.set('2026-12-05T14:59:59.999Z');
      const admin = { ...customer.admin, ...(await createActor(t, customer.id, ['global_admin'])) };
      const stillOpen = await t.inject({ method: 'GET', url: `/v1/organizations/${customer.id}/delegations/${offered.json().id}`, headers: admin.headers });
      assert.equal(stillOpen.json().status, 'offered');
      t.clock.set('2026-12-05T15:00:00.000Z');
      const late = await accept(admin.writeHeaders, customer.id, offered.json().id, token);
      assert.equal(late.statusCode, 410);
      assert.equal(late.json().code, 'DELEGATION_OFFER_EXPIRED');
      const partnerNow = await createActor(t, partner.organizationId, ['partner_admin']);
      const again = await offer(partnerNow.writeHeaders, { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 });
      assert.equal(again.statusCode, 201, again.body);
      const old = await t.ctx.database.db.selectFrom('delegations').select(['state', 'end_reason']).where('id', '=', offered.json().id).executeTakeFirstOrThrow();
      assert.deepEqual({ ...old }, { state: 'ended', end_reason: 'offer_expired' });
    } finally {
      t.clock.set(start);
    }
  });
});

describe('enrolment and membership', () => {
  test("an offer of a partner removed from the program since can no longer be accepted", async () => {
    const leaving = await createTestPartner(t, { name: 'Leaving KK' });
    const leavingAdmin = await createActor(t, leaving.organizationId, ['partner_admin']);
    const customer = await newCustomer();
    const offered = await offer(leavingAdmin.writeHeaders, { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 }, leaving.organizationId);
    const token = await tokenFromMail(customer.admin);
    const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
    const vendorAdmin = await createActor(t, vendor.id, ['vendor_admin']);
    const removed = await t.inject({ method: 'PUT', url: `/v1/partners/${leaving.partnerId}/delegated-admin-enrollment`, headers: vendorAdmin.writeHeaders, payload: { enrolled: false } });
    assert.equal(removed.statusCode, 200, removed.body);
    const refused = await accept(customer.admin.writeHeaders, customer.id, offered.json().id, token);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'DELEGATED_ADMIN_NOT_ENROLLED');
  });

  test("a partner's agent who is also a member of the customer acts there as that member, not with the granted roles", async () => {
    const customer = await newCustomer();
    await delegate(customer, ['global_admin']);
    const both = await createActor(t, partner.organizationId, ['partner_agent']);
    await createActor(t, customer.id, ['member'], { email: both.email });
    const rename = await t.inject({ method: 'PATCH', url: `/v1/organizations/${customer.id}`, headers: both.writeHeaders, payload: { name: 'Renamed' } });
    assert.equal(rename.statusCode, 403);
    assert.equal(rename.json().code, 'ROLE_REQUIRED');
    const read = await t.inject({ method: 'GET', url: `/v1/organizations/${customer.id}/subscriptions`, headers: both.headers });
    assert.equal(read.statusCode, 200);
  });
});

describe('what delegated roles open, and what they never do', () => {
  test('a partner with billing admin redeems keys into the customer, audited on its behalf', async () => {
    const customer = await newCustomer();
    const delegation = await delegate(customer, ['billing_admin']);
    const { planId } = await createTestPlan(t);
    const key = (await createTestKeys(t, planId, { seats: 2 })).keys[0]!.key;
    const done = await redeemKey(t, agent, customer.id, key);
    assert.equal(done.statusCode, 201, done.body);
    const rows = await t.ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'actor_organization_id', 'on_behalf_of_organization_id', 'delegation_id'])
      .where('organization_id', '=', customer.id)
      .where('action', 'in', ['subscription.created', 'product_key.redeemed'])
      .where('target_id', 'in', [done.json().effects[0].subscriptionId, done.json().effects[0].keyId])
      .execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.deepEqual({ ...row, action: undefined }, { action: undefined, actor_id: agent.userId, actor_organization_id: partner.organizationId, on_behalf_of_organization_id: customer.id, delegation_id: delegation.id });
    }
  });

  test('never credentials or endpoints that would outlive the relationship, nor the relationships themselves', async () => {
    const customer = await newCustomer();
    const delegation = await delegate(customer, ['global_admin']);
    const attempts = [
      { method: 'POST', url: `/v1/organizations/${customer.id}/api-tokens`, payload: { name: 'backdoor', roles: ['global_admin'] } },
      { method: 'POST', url: `/v1/organizations/${customer.id}/webhook-endpoints`, payload: { url: 'https://partner.example.com/hook' } },
      { method: 'POST', url: `/v1/organizations/${customer.id}/delegations/${delegation.id}/terminate` },
      { method: 'PUT', url: `/v1/organizations/${customer.id}/subscriptions/${customer.subscriptionId}/partner-of-record`, payload: { partnerId: partner.partnerId } },
    ] as const;
    for (const attempt of attempts) {
      const response = await t.inject({ ...attempt, headers: agent.writeHeaders });
      assert.equal(response.statusCode, 403, `${attempt.method} ${attempt.url}: ${response.body}`);
      assert.equal(response.json().code, 'ROLE_REQUIRED');
    }
    const rename = await t.inject({ method: 'PATCH', url: `/v1/organizations/${customer.id}`, headers: agent.writeHeaders, payload: { name: 'Renamed by the partner' } });
    assert.equal(rename.statusCode, 200, 'what the global-admin role does, it does');
  });
});
