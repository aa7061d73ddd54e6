// Renewal reminders (SPEC §4): on exactly the 60th, 30th, 7th and 1st day before the end date,
// each once per term, none after the term was renewed. Subscriptions are redeemed through the
// API; the clock moves a minute either side of every local midnight and the sweeper runs at
// each step (twice at some), as the worker would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { at, customerAt, eventsOf, redeemKey, renewalKey, sweepNow, type Customer } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
});
after(() => t.close());

/** Sweeps at 23:59 and 00:01 around each Tokyo midnight from `from` to `to` (inclusive). */
async function sweepDays(from: string, to: string): Promise<void> {
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, Temporal.PlainDate.from(to)) <= 0; day = day.add({ days: 1 })) {
    for (const local of [`${day.subtract({ days: 1 })}T23:59`, `${day}T00:01`, `${day}T12:00`]) {
      t.clock.set(at(local, TOKYO));
      await sweepNow(t.ctx.database, t.clock.now());
    }
  }
}

async function reminders(c: Customer) {
  const events = await eventsOf(t.ctx.database.db, c.organizationId, 'subscription.renewal_reminder');
  return events.map((e): Record<string, unknown> => ({ ...e.payload, at: e.occurredAt }));
}

test('each reminder on exactly its day, once, with the auto-renew facts', async () => {
  // Redeemed 2027-01-10 in Tokyo (commercial: auto-renew on): E = 2028-01-09.
  const c = await customerAt(t, '2027-01-10T10:00', { segment: 'commercial' });
  await sweepDays('2027-11-05', '2028-01-09');
  const sent = await reminders(c);
  assert.deepEqual(
    sent.map((r) => [r.daysBefore, r.today, r.at]),
    [
      [60, '2027-11-10', '2027-11-09T15:01:00.000Z'],
      [30, '2027-12-10', '2027-12-09T15:01:00.000Z'],
      [7, '2028-01-02', '2028-01-01T15:01:00.000Z'],
      [1, '2028-01-08', '2028-01-07T15:01:00.000Z'],
    ],
  );
  assert.deepEqual(sent[0], {
    subscriptionId: c.subscriptionId,
    planId: c.planId,
    endDate: '2028-01-09',
    daysBefore: 60,
    autoRenew: true,
    autoRenewCutoffDate: '2027-12-10',
    today: '2027-11-10',
    disabledFrom: '2028-02-09',
    at: '2027-11-09T15:01:00.000Z',
  });
  const rows = await t.ctx.database.db
    .selectFrom('subscription_reminders')
    .select(['term_end_date', 'days_before', 'sent_on'])
    .where('organization_id', '=', c.organizationId)
    .orderBy('days_before', 'desc')
    .execute();
  assert.deepEqual(rows.map((r) => ({ ...r })), [
    { term_end_date: '2028-01-09', days_before: 60, sent_on: '2027-11-10' },
    { term_end_date: '2028-01-09', days_before: 30, sent_on: '2027-12-10' },
    { term_end_date: '2028-01-09', days_before: 7, sent_on: '2028-01-02' },
    { term_end_date: '2028-01-09', days_before: 1, sent_on: '2028-01-08' },
  ]);
});

test('none after a renewal: the renewed term has its own reminders, 60 days before its new end', async () => {
  const c = await customerAt(t, '2027-01-10T10:00');
  await sweepDays('2027-11-05', '2027-12-19');
  assert.deepEqual((await reminders(c)).map((r) => r.daysBefore), [60, 30]);
  t.clock.set(at('2027-12-20T12:00', TOKYO));
  const renewed = await redeemKey(t, c.admin, c.organizationId, await renewalKey(t, c.planId));
  assert.equal(renewed.statusCode, 201, renewed.body);
  assert.equal(renewed.json().effects[0].endDate, '2029-01-09');
  await sweepDays('2027-12-20', '2028-01-12');
  assert.deepEqual((await reminders(c)).map((r) => [r.daysBefore, r.endDate]), [[60, '2028-01-09'], [30, '2028-01-09']], 'no 7- or 1-day reminder for the renewed term');
  await sweepDays('2028-11-09', '2028-11-11');
  assert.deepEqual((await reminders(c)).map((r) => [r.daysBefore, r.endDate, r.today]).at(-1), [60, '2029-01-09', '2028-11-10']);
});

test('a sweeper that was down sends only the latest missed reminder (catch-up rule), once', async () => {
  const c = await customerAt(t, '2027-01-10T10:00');
  t.clock.set(at('2027-10-01T12:00', TOKYO));
  await sweepNow(t.ctx.database, t.clock.now());
  // Down from before E−60 until E−6 (2028-01-03): the 60- and 30-day reminders are superseded
  // by the 7-day one, sent late by the first sweep back.
  await sweepDays('2028-01-04', '2028-01-05');
  assert.deepEqual((await reminders(c)).map((r) => [r.daysBefore, r.today]), [[7, '2028-01-03']]);
});
