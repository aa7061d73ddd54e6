// Transitions happen at local midnight in each organization's own zone, right across
// daylight-saving changes (SPEC §4): a sweep one minute before local midnight records nothing,
// one minute after records the transition. The days chosen are the DST change days themselves
// (23 and 25 hours long) and the first days after them, where an offset remembered from the
// purchase (winter time bought, summer time due, or the reverse) would be an hour off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { at, customerAt, recordedState, sweepNow } from './testing.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
});
after(() => t.close());

interface Case {
  zone: string;
  country: string;
  /** Redeemed on this day (10:00 local): E is a year later minus a day. */
  start: string;
  /** The first expired day (E+1) and the first disabled day (E+31). */
  expiredFrom: string;
  disabledFrom: string;
  /** Local midnight of expiredFrom in UTC, as the time-zone rules give it. */
  midnightUtc: string;
}

const CASES: Case[] = [
  // New York springs forward on 2027-03-14 (a 23-hour day); bought in summer time 2026.
  { zone: 'America/New_York', country: 'US', start: '2026-03-14', expiredFrom: '2027-03-14', disabledFrom: '2027-04-13', midnightUtc: '2027-03-14T05:00:00Z' },
  // New York falls back on 2027-11-07 (a 25-hour day): midnight is still summer time.
  { zone: 'America/New_York', country: 'US', start: '2026-11-07', expiredFrom: '2027-11-07', disabledFrom: '2027-12-07', midnightUtc: '2027-11-07T04:00:00Z' },
  // Berlin springs forward on 2027-03-28; bought in winter time, due in summer time the day after.
  { zone: 'Europe/Berlin', country: 'DE', start: '2026-03-29', expiredFrom: '2027-03-29', disabledFrom: '2027-04-28', midnightUtc: '2027-03-28T22:00:00Z' },
  // Berlin falls back on 2027-10-31; the day after starts in winter time.
  { zone: 'Europe/Berlin', country: 'DE', start: '2026-11-01', expiredFrom: '2027-11-01', disabledFrom: '2027-12-01', midnightUtc: '2027-10-31T23:00:00Z' },
  // Tokyo has no DST; its midnight is 15:00 UTC the day before.
  { zone: 'Asia/Tokyo', country: 'JP', start: '2026-03-14', expiredFrom: '2027-03-14', disabledFrom: '2027-04-13', midnightUtc: '2027-03-13T15:00:00Z' },
];

const minute = { minutes: 1 } as const;

for (const c of CASES) {
  test(`${c.zone}: expired exactly at local midnight of ${c.expiredFrom}, disabled at ${c.disabledFrom}`, async () => {
    const customer = await customerAt(t, `${c.start}T10:00`, { country: c.country, plan: { countries: ['JP', 'US', 'DE'] } });
    const state = () => recordedState(t.ctx.database.db, customer.organizationId, customer.subscriptionId);
    const midnight = at(`${c.expiredFrom}T00:00`, c.zone);
    assert.equal(midnight.toString(), Temporal.Instant.from(c.midnightUtc).toString());

    await sweepNow(t.ctx.database, midnight.subtract(minute));
    assert.equal(await state(), 'active', 'one minute before local midnight: nothing');
    await sweepNow(t.ctx.database, midnight.add(minute));
    assert.equal(await state(), 'expired', 'one minute after: expired');

    const disabledMidnight = at(`${c.disabledFrom}T00:00`, c.zone);
    await sweepNow(t.ctx.database, disabledMidnight.subtract(minute));
    assert.equal(await state(), 'expired');
    await sweepNow(t.ctx.database, disabledMidnight.add(minute));
    assert.equal(await state(), 'disabled');
  });
}

test('the sweep schedule itself is a local midnight: due_at is the start of the next day in the zone', async () => {
  const customer = await customerAt(t, '2026-11-07T10:00', { country: 'US', plan: { countries: ['JP', 'US', 'DE'] } });
  await sweepNow(t.ctx.database, at('2027-10-01T12:00', 'America/New_York'));
  const row = await t.ctx.database.db.selectFrom('subscription_sweeps').select('due_at').where('subscription_id', '=', customer.subscriptionId).executeTakeFirstOrThrow();
  // The next thing due is the 30-day reminder on 2027-10-07, a summer-time midnight.
  assert.equal(row.due_at, '2027-10-07T04:00:00.000Z');
});
