// Partners through the public API (SPEC §7): partner IDs (made at creation, looked up as typed),
// enrolment in the delegated-admin program, the partner of record of a subscription, and what a
// partner sees of its customers (customers, subscriptions of record, upcoming renewals).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dammDigit, parsePartnerId } from '@licentia/core/partners';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { createTestSubscription } from '../notifications/test-fixtures.ts';
import { createTestDelegation, createTestPartner, type TestPartner } from '../delegations/testing.ts';

let t: TestApp;
let vendorAdmin: Actor;
let supportAgent: Actor;
let partner: TestPartner;
let partnerAgent: Actor;

before(async () => {
  t = await createTestApp();
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor KK' });
  vendorAdmin = await createActor(t, vendor.id, ['vendor_admin']);
  supportAgent = await createActor(t, vendor.id, ['support_agent']);
  partner = await createTestPartner(t, { name: 'Reseller KK' });
  partnerAgent = await createActor(t, partner.organizationId, ['partner_agent']);
});
after(() => t.close());

const toFullWidth = (text: string) => [...text].map((c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');

describe('partner IDs and enrolment', () => {
  test('a partner organization gets its partner ID when it is made, shown to the partner, audited', async () => {
    const made = await t.inject({ method: 'POST', url: '/v1/organizations', headers: vendorAdmin.writeHeaders, payload: { kind: 'partner', name: 'New Reseller KK', country: 'JP' } });
    assert.equal(made.statusCode, 201, made.body);
    const organizationId = made.json().id;
    const admin = await createActor(t, organizationId, ['partner_admin']);
    const profile = await t.inject({ method: 'GET', url: `/v1/organizations/${organizationId}/partner-profile`, headers: admin.headers });
    assert.equal(profile.statusCode, 200, profile.body);
    assert.match(profile.json().partnerId, /^[1-9]\d{3}-\d{4}-\d{2}$/);
    assert.equal(parsePartnerId(profile.json().partnerId).ok, true);
    assert.deepEqual(profile.json().delegatedAdmin, { enrolled: false, enrolledAt: null });
    const audit = await t.ctx.database.db.selectFrom('audit_events').select(['action', 'data']).where('organization_id', '=', organizationId).where('action', 'like', '%.created').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['organization.created', 'partner.created']);
    assert.equal(JSON.parse(audit[1]!.data).partnerId, profile.json().partnerId);
  });

  test('anyone signed in looks a partner up by its ID, however it is typed; typos are named, in both languages', async () => {
    const customer = await createOrg(t);
    const member = await createActor(t, customer.id, ['member']);
    for (const typed of [partner.partnerId, partner.partnerId.replaceAll('-', ''), toFullWidth(partner.partnerId), ` ${partner.partnerId.replaceAll('-', ' ')} `]) {
      const found = await t.inject({ method: 'GET', url: `/v1/partners/${encodeURIComponent(typed)}`, headers: member.headers });
      assert.equal(found.statusCode, 200, typed);
      assert.deepEqual(found.json(), { partnerId: partner.partnerId, name: 'Reseller KK', country: 'JP' });
    }
    const digits = partner.partnerId.replaceAll('-', '');
    const typo = `${digits.slice(0, 9)}${(Number(digits[9]) + 1) % 10}`;
    for (const [language, title] of [['en', /check digit does not match/], ['ja', /チェック用の数字が一致しません/]] as const) {
      const refused = await t.inject({ method: 'GET', url: `/v1/partners/${typo}`, headers: { ...member.headers, 'accept-language': language } });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().code, 'PARTNER_ID_INVALID');
      assert.match(refused.json().title, title);
    }
    const short = await t.inject({ method: 'GET', url: '/v1/partners/12345', headers: member.headers });
    assert.match(short.json().title, /it has 5 digits instead of 10/);
    // Well formed, checked, and no partner's (IDs are drawn at random: this one is not taken).
    const unknown = `100000000${dammDigit('100000000')}`;
    assert.equal(parsePartnerId(unknown).ok, true);
    const missing = await t.inject({ method: 'GET', url: `/v1/partners/${unknown}`, headers: member.headers });
    assert.equal(missing.statusCode, 404);
  });

  test('vendor administrators enrol partners in the delegated-admin program; support agents read; nobody else', async () => {
    const other = await createTestPartner(t, { enrolled: false });
    const url = `/v1/partners/${other.partnerId}/delegated-admin-enrollment`;
    const bySupport = await t.inject({ method: 'PUT', url, headers: supportAgent.writeHeaders, payload: { enrolled: true } });
    assert.equal(bySupport.statusCode, 403);
    const byPartner = await t.inject({ method: 'PUT', url, headers: partnerAgent.writeHeaders, payload: { enrolled: true } });
    assert.equal(byPartner.statusCode, 404);
    const enrolled = await t.inject({ method: 'PUT', url, headers: vendorAdmin.writeHeaders, payload: { enrolled: true } });
    assert.equal(enrolled.statusCode, 200, enrolled.body);
    assert.equal(enrolled.json().delegatedAdmin.enrolled, true);
    assert.equal(enrolled.json().delegatedAdmin.enrolledAt, t.clock.now().toString({ fractionalSecondDigits: 3 }));
    const again = await t.inject({ method: 'PUT', url, headers: vendorAdmin.writeHeaders, payload: { enrolled: true } });
    assert.equal(again.json().delegatedAdmin.enrolledAt, enrolled.json().delegatedAdmin.enrolledAt, 'enrolling again changes nothing');
    const removed = await t.inject({ method: 'PUT', url, headers: vendorAdmin.writeHeaders, payload: { enrolled: false } });
    assert.equal(removed.json().delegatedAdmin.enrolled, false);
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', other.organizationId).where('action', 'like', 'partner.delegated%').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['partner.delegated_admin_enrolled', 'partner.delegated_admin_unenrolled']);
    const list = await t.inject({ method: 'GET', url: '/v1/partners?limit=200', headers: supportAgent.headers });
    assert.ok(list.json().data.some((p: { partnerId: string }) => p.partnerId === other.partnerId));
  });
});

describe('partner of record', () => {
  test("a customer's global or billing admin names a partner by its ID and removes it; audited and announced to both sides", async () => {
    const customer = await createOrg(t, { name: 'Named KK' });
    const admin = await createActor(t, customer.id, ['global_admin']);
    const billing = await createActor(t, customer.id, ['billing_admin']);
    const member = await createActor(t, customer.id, ['member']);
    const { subscriptionId } = await createTestSubscription(t, customer.id);
    const url = `/v1/organizations/${customer.id}/subscriptions/${subscriptionId}/partner-of-record`;

    const byMember = await t.inject({ method: 'PUT', url, headers: member.writeHeaders, payload: { partnerId: partner.partnerId } });
    assert.equal(byMember.json().code, 'ROLE_REQUIRED');
    const typo = await t.inject({ method: 'PUT', url, headers: admin.writeHeaders, payload: { partnerId: '1234-5678-9' } });
    assert.equal(typo.json().code, 'PARTNER_ID_INVALID');
    const named = await t.inject({ method: 'PUT', url, headers: admin.writeHeaders, payload: { partnerId: toFullWidth(partner.partnerId) } });
    assert.equal(named.statusCode, 200, named.body);
    assert.deepEqual(named.json(), { subscriptionId, partner: { partnerId: partner.partnerId, name: 'Reseller KK', country: 'JP' } });
    await t.inject({ method: 'PUT', url, headers: admin.writeHeaders, payload: { partnerId: partner.partnerId } });
    const read = await t.inject({ method: 'GET', url: `/v1/organizations/${customer.id}/subscriptions/${subscriptionId}`, headers: member.headers });
    assert.equal(read.json().partnerOrganizationId, partner.organizationId);
    const removed = await t.inject({ method: 'DELETE', url, headers: billing.writeHeaders });
    assert.deepEqual(removed.json(), { subscriptionId, partner: null });

    const db = t.ctx.database.db;
    const audit = await db.selectFrom('audit_events').select(['action', 'data']).where('organization_id', '=', customer.id).where('action', '=', 'subscription.partner_of_record_changed').orderBy('id').execute();
    assert.deepEqual(
      audit.map((a) => [JSON.parse(a.data).previousPartnerId, JSON.parse(a.data).partnerId]),
      [[null, partner.partnerId], [partner.partnerId, null]],
      'naming the same partner again changed nothing',
    );
    const partnerEvents = await db.selectFrom('outbox_events').select(['type', 'payload']).where('organization_id', '=', partner.organizationId).where('type', 'like', 'partner.customer_subscription_%').execute();
    assert.deepEqual(
      partnerEvents.filter((e) => JSON.parse(e.payload).subscriptionId === subscriptionId).map((e) => e.type),
      ['partner.customer_subscription_added', 'partner.customer_subscription_removed'],
    );
  });
});

describe('partner views', () => {
  test("its customers: partner of record or an open relationship, nobody else's", async () => {
    const viewer = await createTestPartner(t, { name: 'Viewer KK' });
    const agent = await createActor(t, viewer.organizationId, ['partner_agent']);
    const ofRecord = await createOrg(t, { name: 'Of Record KK' });
    await createTestSubscription(t, ofRecord.id, { partnerOrganizationId: viewer.organizationId });
    await createTestSubscription(t, ofRecord.id, { partnerOrganizationId: viewer.organizationId });
    await createTestSubscription(t, ofRecord.id);
    const delegated = await createOrg(t, { name: 'Delegated KK' });
    const { row } = await createTestDelegation(t, viewer.organizationId, delegated.id, { roles: ['license_admin'], state: 'active' });
    const ended = await createOrg(t, { name: 'Ended KK' });
    await createTestDelegation(t, viewer.organizationId, ended.id, { state: 'terminated' });
    await createTestSubscription(t, (await createOrg(t, { name: 'Stranger KK' })).id, { partnerOrganizationId: partner.organizationId });

    const response = await t.inject({ method: 'GET', url: `/v1/organizations/${viewer.organizationId}/customers`, headers: agent.headers });
    assert.equal(response.statusCode, 200, response.body);
    const customers = response.json().data;
    assert.deepEqual(customers.map((c: { name: string }) => c.name).sort(), ['Delegated KK', 'Of Record KK']);
    const byName = (name: string) => customers.find((c: { name: string }) => c.name === name);
    assert.equal(byName('Of Record KK').subscriptionsOfRecord, 2);
    assert.equal(byName('Of Record KK').delegation, null);
    assert.deepEqual(byName('Delegated KK').delegation, { id: row.id, status: 'active', roles: ['license_admin'], endDate: row.end_date });
    const paged = await t.inject({ method: 'GET', url: `/v1/organizations/${viewer.organizationId}/customers?limit=1`, headers: agent.headers });
    const next = await t.inject({ method: 'GET', url: `/v1/organizations/${viewer.organizationId}/customers?limit=1&cursor=${paged.json().nextCursor}`, headers: agent.headers });
    assert.deepEqual([...paged.json().data, ...next.json().data].map((c: { organizationId: string }) => c.organizationId), customers.map((c: { organizationId: string }) => c.organizationId));
    assert.equal(next.json().nextCursor, null);
  });

  test('subscriptions of record, soonest end first, and the upcoming renewals: today to 60 days ahead on each customer\'s calendar', async () => {
    const viewer = await createTestPartner(t, { name: 'Renewals KK' });
    const agent = await createActor(t, viewer.organizationId, ['partner_agent']);
    // 2026-11-21T00:30Z: Saturday 21 November in Tokyo, still Friday 20 November in Los Angeles.
    const tokyo = await createOrg(t, { name: 'Tokyo KK', country: 'JP' });
    const angeles = await createOrg(t, { name: 'LA Inc', country: 'US', timeZone: 'America/Los_Angeles' });
    const make = async (organizationId: string, endsInDays: number) =>
      (await createTestSubscription(t, organizationId, { endsInDays, partnerOrganizationId: viewer.organizationId })).subscriptionId;
    const ids = {
      endedYesterday: await make(tokyo.id, -1),
      endsToday: await make(tokyo.id, 0),
      endsIn60: await make(tokyo.id, 60),
      endsIn61: await make(tokyo.id, 61),
      cancelled: await make(tokyo.id, 10),
      trial: await make(tokyo.id, 11),
      laToday: await make(angeles.id, 0),
    };
    const db = t.ctx.database.db;
    await db.updateTable('subscriptions').set({ cancelled_on: '2026-11-21' }).where('id', '=', ids.cancelled).execute();
    await db.updateTable('subscriptions').set({ is_trial: 1 }).where('id', '=', ids.trial).execute();

    const all = await t.inject({ method: 'GET', url: `/v1/organizations/${viewer.organizationId}/customer-subscriptions`, headers: agent.headers });
    assert.equal(all.statusCode, 200, all.body);
    const listed = all.json().data.map((d: { subscription: { id: string; endDate: string } }) => d.subscription);
    assert.equal(listed.length, 7);
    assert.deepEqual(listed.map((s: { endDate: string }) => s.endDate), [...listed.map((s: { endDate: string }) => s.endDate)].sort());
    assert.equal(all.json().data.find((d: { subscription: { id: string } }) => d.subscription.id === ids.laToday).customer.name, 'LA Inc');

    const upcoming = await t.inject({ method: 'GET', url: `/v1/organizations/${viewer.organizationId}/upcoming-renewals`, headers: agent.headers });
    assert.deepEqual(
      upcoming.json().data.map((d: { subscription: { id: string } }) => d.subscription.id).sort(),
      [ids.endsToday, ids.endsIn60, ids.laToday].sort(),
    );
    // Pages may be short (the exact rule is applied per customer), never wrong.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json(): { data: { subscription: { id: string } }[]; nextCursor: string | null } } = await t.inject({
        method: 'GET',
        url: `/v1/organizations/${viewer.organizationId}/upcoming-renewals?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: agent.headers,
      });
      seen.push(...page.json().data.map((d) => d.subscription.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    assert.deepEqual(seen.sort(), [ids.endsToday, ids.endsIn60, ids.laToday].sort());
  });
});
