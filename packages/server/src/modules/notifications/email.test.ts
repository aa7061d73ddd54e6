// Mail through a real SMTP server in this process: who receives which event, in which language,
// with which headers; reminders honour an opt-out, transactional mail does not; a reminder whose
// term was renewed meanwhile is not sent.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createOrg, createToken } from '../../../test/support/fixtures.ts';
import { startSmtpPeer, type ReceivedMail, type SmtpPeer } from './testing.ts';
import { createPerson, createTestSubscription, emitEvent, settleOutbox, type Person } from './test-fixtures.ts';
import { deliverAllDue } from './workers.ts';

let t: TestApp;
let peer: SmtpPeer;
let customerId: string;
let partnerId: string;
let yamada: Person; // global admin, Japanese
let smith: Person; // billing admin, English
let member: Person;
let partnerAdmin: Person;
let partnerAgent: Person;
const ORG_NAME = '株式会社テスト商事';

before(async () => {
  peer = await startSmtpPeer();
  t = await createTestApp({ smtp: { url: peer.url }, mailFrom: 'Licentia <no-reply@licentia.example.com>', publicUrl: 'https://licentia.example.com' });
  customerId = (await createOrg(t, { name: ORG_NAME, country: 'JP' })).id;
  partnerId = (await createOrg(t, { kind: 'partner', name: 'Partner KK' })).id;
  yamada = await createPerson(t, customerId, ['global_admin'], 'ja');
  smith = await createPerson(t, customerId, ['billing_admin'], 'en');
  member = await createPerson(t, customerId, ['member', 'license_admin'], 'en');
  partnerAdmin = await createPerson(t, partnerId, ['partner_admin'], 'en');
  partnerAgent = await createPerson(t, partnerId, ['partner_agent'], 'en');
  // A stranger: an administrator of another organization hears nothing of this one.
  await createPerson(t, (await createOrg(t, { name: 'Other KK' })).id, ['global_admin'], 'en');
});
after(async () => {
  await t.close();
  await peer.close();
});
beforeEach(async () => {
  await settleOutbox(t);
  peer.received.length = 0;
});

function mailTo(person: Person): ReceivedMail[] {
  return peer.received.filter((m) => m.envelope.to.includes(person.email));
}

describe('a state change', () => {
  test("mails the organization's global and billing admins, each in their own language, with the delivery headers", async () => {
    const { subscriptionId, endDate } = await createTestSubscription(t, customerId, { endsInDays: -1 });
    const eventId = await emitEvent(t, customerId, 'subscription.expired', { subscriptionId });
    const done = await deliverAllDue(t.ctx);
    assert.equal(done.emails, 2);
    assert.deepEqual(peer.received.map((m) => m.envelope.to).flat().sort(), [smith.email, yamada.email].sort());

    const ja = mailTo(yamada)[0]!;
    assert.match(ja.subject, /^【重要】ご契約の有効期限が終了しました/);
    assert.ok(ja.subject.includes(ORG_NAME));
    assert.ok(ja.text.includes(`${yamada.name} 様`), ja.text);
    const [y, m, d] = endDate.split('-').map(Number);
    assert.ok(ja.text.includes(`${y}年${m}月${d}日`), 'the end date, in Japanese, in the organization\'s zone');
    assert.ok(ja.text.includes('日本時間'));
    assert.ok(ja.html.includes('lang="ja"'));
    assert.equal(ja.headers.get('content-language'), 'ja');

    const en = mailTo(smith)[0]!;
    assert.match(en.subject, /^Action needed: .* has expired – renew by /);
    assert.ok(en.text.includes(`Dear ${smith.name},`));
    assert.ok(en.text.includes('https://licentia.example.com/organizations/'), 'links to the portal');
    assert.equal(en.headers.get('content-language'), 'en');

    for (const [mail, person] of [[ja, yamada], [en, smith]] as const) {
      assert.equal(mail.messageId, `<${eventId}.${person.userId}@licentia.example.com>`, 'derived from (event, recipient)');
      assert.match(mail.headers.get('from')!, /no-reply@licentia\.example\.com/);
      assert.ok(mail.headers.get('to')!.includes(person.email));
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      assert.equal(mail.headers.get('x-licentia-event-id'), eventId);
      assert.equal(new Date(mail.headers.get('date')!).toISOString(), t.clock.now().toString({ smallestUnit: 'second' }).replace('Z', '.000Z'));
      assert.match(mail.headers.get('content-type')!, /^multipart\/alternative/);
    }
    assert.equal(mailTo(member).length, 0);
    assert.equal(mailTo(partnerAdmin).length, 0, 'the partner of record reads reminders only');
  });

  test('deliveries are recorded as delivered with the SMTP reply, and a second run sends nothing', async () => {
    const { subscriptionId } = await createTestSubscription(t, customerId, { endsInDays: -1 });
    const eventId = await emitEvent(t, customerId, 'subscription.expired', { subscriptionId });
    await deliverAllDue(t.ctx);
    await deliverAllDue(t.ctx);
    assert.equal(peer.received.length, 2);
    const rows = await t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).execute();
    assert.deepEqual(rows.map((r) => [r.channel, r.state, r.attempts, r.last_status]), [['email', 'delivered', 1, 250], ['email', 'delivered', 1, 250]]);
  });
});

describe('renewal reminders', () => {
  test('go to the partner of record too, never to whoever opted out; transactional mail still reaches them', async () => {
    const { subscriptionId, planId, endDate } = await createTestSubscription(t, customerId, { endsInDays: 7, partnerOrganizationId: partnerId });
    const optOut = await t.inject({
      method: 'PUT',
      url: '/v1/me/notification-preferences',
      headers: yamada.writeHeaders,
      payload: { reminders: false, marketing: false },
    });
    assert.equal(optOut.statusCode, 200, optOut.body);
    assert.deepEqual(optOut.json(), { reminders: false, marketing: false, transactional: true });

    await emitEvent(t, customerId, 'subscription.renewal_reminder', { subscriptionId, planId, endDate, daysBefore: 7, autoRenew: false });
    await emitEvent(t, customerId, 'redemption.completed', {
      cartId: 'crt_x',
      organizationCreated: false,
      effects: [{ effect: 'seats_added', subscriptionId, seats: 30, startDate: endDate, endDate, last5: 'ABCDE' }],
    });
    await deliverAllDue(t.ctx);

    const reminders = peer.received.filter((m) => /renew|更新/i.test(m.subject) && !/引き換え|redeemed/i.test(m.subject));
    assert.deepEqual(reminders.map((m) => m.envelope.to[0]).sort(), [partnerAdmin.email, smith.email].sort());
    const reminder = mailTo(smith).find((m) => reminders.includes(m))!;
    assert.ok(reminder.text.includes('in 7 days'), reminder.text);
    assert.ok(reminder.text.includes('https://licentia.example.com/settings/notifications'), 'the opt-out link');
    assert.equal(mailTo(partnerAgent).length, 0);

    const redemption = peer.received.filter((m) => !reminders.includes(m));
    assert.deepEqual(redemption.map((m) => m.envelope.to[0]).sort(), [smith.email, yamada.email].sort(), 'transactional: the opted-out admin gets it');
    assert.match(mailTo(yamada)[0]!.subject, /プロダクトキーの引き換えが完了しました/);

    const restore = await t.inject({ method: 'PUT', url: '/v1/me/notification-preferences', headers: yamada.writeHeaders, payload: { reminders: true, marketing: false } });
    assert.equal(restore.statusCode, 200);
  });

  test('a reminder whose term was renewed before it went out is cancelled, not sent', async () => {
    const { subscriptionId, planId, endDate } = await createTestSubscription(t, customerId, { endsInDays: 30 });
    const eventId = await emitEvent(t, customerId, 'subscription.renewal_reminder', { subscriptionId, planId, endDate, daysBefore: 30, autoRenew: true });
    await t.ctx.database.db.updateTable('subscriptions').set({ end_date: '2030-01-01' }).where('id', '=', subscriptionId).execute();
    await deliverAllDue(t.ctx);
    assert.equal(peer.received.length, 0);
    const rows = await t.ctx.database.db.selectFrom('deliveries').select(['state', 'last_error']).where('event_id', '=', eventId).execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.state, 'cancelled');
      assert.match(row.last_error!, /renewed/);
    }
  });
});

describe('preferences', () => {
  test('default to reminders on and marketing off; a token acts for the person who made it', async () => {
    const fresh = await createPerson(t, customerId, ['member'], 'ja');
    const read = await t.inject({ method: 'GET', url: '/v1/me/notification-preferences', headers: fresh.headers });
    assert.deepEqual(read.json(), { reminders: true, marketing: false, transactional: true });
    const refused = await t.inject({ method: 'PUT', url: '/v1/me/notification-preferences', headers: fresh.writeHeaders, payload: { reminders: false } });
    assert.equal(refused.statusCode, 400, 'both choices are stated');
    const anonymous = await t.inject({ method: 'GET', url: '/v1/me/notification-preferences' });
    assert.equal(anonymous.statusCode, 401);

    const made = await t.inject({
      method: 'POST',
      url: `/v1/organizations/${customerId}/api-tokens`,
      headers: yamada.writeHeaders,
      payload: { name: 'prefs', roles: ['member'] },
    });
    assert.equal(made.statusCode, 201, made.body);
    const bearer = { authorization: `Bearer ${made.json().token as string}` };
    const changed = await t.inject({ method: 'PUT', url: '/v1/me/notification-preferences', headers: bearer, payload: { reminders: true, marketing: true } });
    assert.equal(changed.statusCode, 200, changed.body);
    const mine = await t.inject({ method: 'GET', url: '/v1/me/notification-preferences', headers: yamada.headers });
    assert.equal(mine.json().marketing, true, "the token changed its creator's preferences");
    const systemToken = await createToken(t, customerId, ['member']);
    const nobody = await t.inject({ method: 'GET', url: '/v1/me/notification-preferences', headers: systemToken.headers });
    assert.equal(nobody.statusCode, 403);
    assert.equal(nobody.json().code, 'USER_REQUIRED');
    await t.inject({ method: 'PUT', url: '/v1/me/notification-preferences', headers: bearer, payload: { reminders: true, marketing: false } });
  });
});

test('an event type no rule mails goes to webhooks only', async () => {
  await emitEvent(t, customerId, 'subscription.created', { subscriptionId: 'sub_x' });
  await emitEvent(t, customerId, 'invoice.something_new', {});
  await deliverAllDue(t.ctx);
  assert.equal(peer.received.length, 0);
});

describe('a cancellation within its window', () => {
  async function cancelPurchase(subscriptionId: string) {
    const url = `/v1/organizations/${customerId}/subscriptions/${subscriptionId}`;
    const view = await t.inject({ method: 'GET', url, headers: yamada.headers });
    const purchase = view.json().changes.find((c: { kind: string }) => c.kind === 'purchase');
    const done = await t.inject({ method: 'POST', url: `${url}/changes/${purchase.id}/cancel`, headers: yamada.writeHeaders, payload: { confirm: true } });
    assert.equal(done.statusCode, 200, done.body);
    return done.json();
  }

  test('tells the global and billing admins that users lost access, until when the data is kept, and the refund', async () => {
    const { subscriptionId } = await createTestSubscription(t, customerId, { seats: 10 });
    // As if bought by order at ¥150,000 (the fixture's subscription came from a key).
    await t.ctx.database.db.updateTable('subscription_changes').set({ source: 'order', amount_minor: 150_000, product_key_id: null }).where('subscription_id', '=', subscriptionId).execute();
    const cancelled = await cancelPurchase(subscriptionId);
    // 2026-11-21 … 2027-11-20 is 365 days, the day of cancellation counts as used: 150,000 × 364/365.
    assert.equal(cancelled.cancellation.refund.amountMinor, 149_589);
    await deliverAllDue(t.ctx);
    assert.deepEqual(peer.received.map((m) => m.envelope.to).flat().sort(), [smith.email, yamada.email].sort());
    const ja = mailTo(yamada)[0]!;
    assert.match(ja.subject, /^【重要】ご契約を解約しました/);
    assert.ok(ja.text.includes('2026年11月21日(土)からご利用いただけなくなりました'), ja.text);
    // Kept 90 days after the day of cancellation (core's cancelledDeletedFrom): deleted from Feb 20.
    assert.ok(ja.text.includes('2027年2月19日(金)まで組織のデータにアクセスできます。2027年2月20日(土)以降、データは削除されます'), ja.text);
    assert.ok(ja.text.includes('149,589円を、お支払いに使用された方法で返金いたします'), ja.text);
    const en = mailTo(smith)[0]!;
    assert.match(en.subject, /was cancelled on November 21, 2026$/);
    assert.ok(en.text.includes('Users lost access that day'));
    assert.ok(en.text.includes('until February 19, 2027; from February 20, 2027 it is deleted'), en.text);
    assert.ok(en.text.includes('¥149,589 for the unused days will be refunded'), en.text);
    assert.ok(!en.text.includes('seller'));
  });

  test('bought with a product key: the seller refunds it', async () => {
    const { subscriptionId } = await createTestSubscription(t, customerId);
    await cancelPurchase(subscriptionId);
    await deliverAllDue(t.ctx);
    assert.ok(mailTo(smith)[0]!.text.includes('What was bought with a product key is refunded by the seller'));
    assert.ok(mailTo(yamada)[0]!.text.includes('ご購入元の販売店が行います'));
  });
});
