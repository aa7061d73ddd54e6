// The partner of record receives each renewal reminder of its subscription exactly once (SPEC §4,
// §7): the lifecycle sweeper writes the reminders (60, 30, 7 and 1 days before the end), the
// notification fan-out mails the customer's admins and the partner of record's admins, and
// sweeping or delivering twice sends nothing twice. A partner no longer of record hears nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import type { TestApp } from '../../../test/support/app.ts';
import type { SmtpPeer } from '../notifications/testing.ts';
import { createPerson, startMailTestApp, type MailTestApp, type Person } from '../notifications/test-fixtures.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { at, customerAt, fresh, sweepNow } from '../sweeper/testing.ts';
import { createTestPartner, type TestPartner } from '../delegations/testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;
let peer: SmtpPeer;
let mail: MailTestApp;
let partner: TestPartner;
let partnerAdmins: Person[];
let partnerAgent: Person;

before(async () => {
  mail = await startMailTestApp({ keyEntryFailureLimit: 1000 });
  ({ t, peer } = mail);
  partner = await createTestPartner(t, { name: 'Reseller KK' });
  partnerAdmins = [await createPerson(t, partner.organizationId, ['partner_admin'], 'en'), await createPerson(t, partner.organizationId, ['partner_admin'], 'ja')];
  partnerAgent = await createPerson(t, partner.organizationId, ['partner_agent'], 'en');
});
after(() => mail.close());

/** Around each day: sweeps at 00:01 and 12:00 (each twice), then delivery (twice). */
async function sweepAndDeliver(days: string[]): Promise<void> {
  for (const day of days) {
    for (const local of [`${day}T00:01`, `${day}T12:00`]) {
      t.clock.set(at(local, TOKYO));
      await sweepNow(t.ctx.database, t.clock.now());
      await sweepNow(t.ctx.database, t.clock.now());
      await deliverAllDue(t.ctx);
      await deliverAllDue(t.ctx);
    }
  }
}

/** The reminder days of a term ending `end` and the day either side of each. */
function aroundReminders(end: string): string[] {
  const last = Temporal.PlainDate.from(end);
  return [60, 30, 7, 1].flatMap((days) => [days + 1, days, days - 1].map((d) => last.subtract({ days: d }).toString()));
}

const remindersTo = (person: { email: string }) =>
  peer.received.filter((m) => m.envelope.to.includes(person.email) && m.headers.get('x-licentia-event-type') === 'subscription.renewal_reminder');

test('each reminder once to every admin of the partner of record (not its agents), beside the customer\'s admins', async () => {
  // Redeemed 2027-01-10 in Tokyo: the term ends 2028-01-09.
  const customer = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  const admin = await createPerson(t, customer.organizationId, ['billing_admin'], 'en');
  const named = await t.inject({
    method: 'PUT',
    url: `/v1/organizations/${customer.organizationId}/subscriptions/${customer.subscriptionId}/partner-of-record`,
    headers: (await fresh(t, customer.admin)).writeHeaders,
    payload: { partnerId: partner.partnerId },
  });
  assert.equal(named.statusCode, 200, named.body);

  await sweepAndDeliver(aroundReminders('2028-01-09'));
  for (const person of [...partnerAdmins, admin]) {
    const mails = remindersTo(person);
    assert.equal(mails.length, 4, `${person.email}: ${mails.map((m) => m.subject).join(' | ')}`);
    assert.equal(new Set(mails.map((m) => m.messageId)).size, 4, 'four different reminders, none twice');
  }
  assert.deepEqual(remindersTo(partnerAgent), [], 'reminders go to the partner\'s admins');
  assert.match(remindersTo(partnerAdmins[0]!)[0]!.text, /in 60 days/);
  assert.ok(remindersTo(partnerAdmins[1]!).every((m) => m.headers.get('content-language') === 'ja'), 'each reader in their own language');
  const rows = await t.ctx.database.db.selectFrom('deliveries').select(['recipient_id', 'event_id']).where('event_type', '=', 'subscription.renewal_reminder').where('recipient_id', '=', partnerAdmins[0]!.userId).execute();
  assert.equal(rows.length, 4, 'one delivery per reminder and recipient');
});

test('a partner that is no longer of record gets none of the next reminders', async () => {
  const customer = await customerAt(t, '2027-02-10T10:00', { segment: 'commercial' });
  const url = `/v1/organizations/${customer.organizationId}/subscriptions/${customer.subscriptionId}/partner-of-record`;
  const headers = (await fresh(t, customer.admin)).writeHeaders;
  await t.inject({ method: 'PUT', url, headers, payload: { partnerId: partner.partnerId } });
  peer.received.length = 0;
  // The 60-day reminder (2027-12-11) reaches the partner; then the customer removes it.
  await sweepAndDeliver(aroundReminders('2028-02-09').slice(0, 3));
  assert.equal(remindersTo(partnerAdmins[0]!).length, 1);
  const removed = await t.inject({ method: 'DELETE', url, headers: (await fresh(t, customer.admin)).writeHeaders });
  assert.equal(removed.statusCode, 200);
  await sweepAndDeliver(aroundReminders('2028-02-09').slice(3));
  assert.equal(remindersTo(partnerAdmins[0]!).length, 1, 'nothing after removal');
  assert.equal(remindersTo(customer.admin).length, 4, 'the customer still gets all four');
});
