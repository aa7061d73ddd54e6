// Delegations end by themselves (SPEC §7): notices 30, 7 and 1 days before the last day, each
// once, to both sides; access ends at the local midnight after the last day, to the millisecond,
// whether or not the sweeper has run; the 180-day auto-extension keeps it open instead. Driven by
// the manual clock and explicit sweeps, as the worker would run them.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import type { TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import type { SmtpPeer } from '../notifications/testing.ts';
import { createPerson, settleOutbox, type Person, startMailTestApp, type MailTestApp } from '../notifications/test-fixtures.ts';
import { runCli } from '../../../test/support/server-process.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { at, eventsOf } from '../sweeper/testing.ts';
import { sweepDelegations } from './sweep.ts';
import { createTestDelegation, createTestPartner, type TestPartner } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
let t: TestApp;
let peer: SmtpPeer;
let mail: MailTestApp;
let partner: TestPartner;
let partnerAdmin: Person;
let agent: Actor;

before(async () => {
  mail = await startMailTestApp({ publicUrl: 'https://licentia.example.com' });
  ({ t, peer } = mail);
  partner = await createTestPartner(t, { name: 'Reseller KK' });
  partnerAdmin = await createPerson(t, partner.organizationId, ['partner_admin'], 'en');
  agent = await createActor(t, partner.organizationId, ['partner_agent']);
});
after(() => mail.close());
beforeEach(() => mail.reset());

async function customerAt(local: string, zone = TOKYO) {
  const id = (await createOrg(t, { name: 'Customer KK', country: zone === TOKYO ? 'JP' : 'US' })).id;
  t.clock.set(at(local, zone));
  const admin = await createPerson(t, id, ['global_admin'], 'ja');
  return { id, admin };
}

/** What the partner's agent gets reading the customer's organization now (a fresh session). */
async function reach(customerId: string): Promise<number> {
  const session = await signInAs(t, agent.userId);
  return (await t.inject({ method: 'GET', url: `/v1/organizations/${customerId}`, headers: session.headers })).statusCode;
}

/** Sweeps (twice) at 00:01 and 12:00 of each Tokyo day, delivering mail after each day. */
async function sweepDays(from: string, to: string): Promise<void> {
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, Temporal.PlainDate.from(to)) <= 0; day = day.add({ days: 1 })) {
    for (const local of [`${day}T00:01`, `${day}T12:00`]) {
      t.clock.set(at(local, TOKYO));
      await sweepDelegations(t.ctx.database, { time: { now: t.clock.now() } });
      await sweepDelegations(t.ctx.database, { time: { now: t.clock.now() } });
    }
    await deliverAllDue(t.ctx);
  }
}

const notices = async (organizationId: string) =>
  (await eventsOf(t.ctx.database.db, organizationId, 'delegation.')).filter((e) => e.type !== 'delegation.offered' && e.type !== 'delegation.accepted');

test('notices 30, 7 and 1 days before, each once to both sides; access ends at the midnight after the last day, sweeper or not', async () => {
  const customer = await customerAt('2026-11-21T09:30');
  const { row } = await createTestDelegation(t, partner.organizationId, customer.id, { roles: ['license_admin'], durationDays: 60, state: 'active' });
  assert.deepEqual([row.term_start, row.end_date, row.ends_at], ['2026-11-21', '2027-01-20', '2027-01-20T15:00:00.000Z']);
  await settleOutbox(t);

  await sweepDays('2026-11-22', '2027-01-20');
  for (const organizationId of [customer.id, partner.organizationId]) {
    const sent = await notices(organizationId);
    assert.deepEqual(
      sent.map((e) => [e.type, e.payload.daysBefore, e.payload.today]),
      [
        ['delegation.expiring', 30, '2026-12-21'],
        ['delegation.expiring', 7, '2027-01-13'],
        ['delegation.expiring', 1, '2027-01-19'],
      ],
    );
  }
  const expiring = (email: string) => peer.received.filter((m) => m.envelope.to.includes(email) && m.headers.get('x-licentia-event-type') === 'delegation.expiring');
  assert.equal(expiring(customer.admin.email).length, 3);
  assert.equal(expiring(partnerAdmin.email).length, 3);
  assert.match(expiring(customer.admin.email)[2]!.subject, /委任管理の期限が近づいています/);
  assert.match(expiring(partnerAdmin.email)[0]!.text, /Your delegated administration of Customer KK ends after January 20, 2027 \(in 30 days\)/);

  t.clock.set('2027-01-20T14:59:59.999Z');
  assert.equal(await reach(customer.id), 200, 'the last millisecond of the last day');
  t.clock.set('2027-01-20T15:00:00.000Z');
  assert.equal(await reach(customer.id), 404, 'local midnight: over, before any sweep');

  peer.received.length = 0;
  await sweepDays('2027-01-21', '2027-01-22');
  const ended = (await notices(customer.id)).filter((e) => e.type === 'delegation.ended');
  assert.deepEqual(ended.map((e) => [e.payload.reason, e.payload.endedOn]), [['expired', '2027-01-21']]);
  const stored = await t.ctx.database.db.selectFrom('delegations').select(['state', 'end_reason', 'ended_at', 'due_at']).where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.deepEqual({ ...stored }, { state: 'ended', end_reason: 'expired', ended_at: '2027-01-20T15:00:00.000Z', due_at: null });
  const recipients = peer.received.map((m) => m.envelope.to[0]);
  assert.equal(new Set(recipients).size, recipients.length, 'one "ended" mail each');
  assert.ok(recipients.includes(customer.admin.email) && recipients.includes(partnerAdmin.email));
  assert.match(peer.received.find((m) => m.envelope.to[0] === partnerAdmin.email)!.text, /because it reached its end date/);
  assert.equal(await reach(customer.id), 404);
});

test('auto-extension: access continues at the midnight after the last day, and the sweeper extends it by 180 days', async () => {
  const customer = await customerAt('2026-11-21T09:30');
  const { row } = await createTestDelegation(t, partner.organizationId, customer.id, { roles: ['billing_admin'], durationDays: 10, autoExtend: true, state: 'active' });
  assert.equal(row.end_date, '2026-12-01');
  await settleOutbox(t);
  await sweepDays('2026-11-22', '2026-12-01');
  // A 10-day term: the 30-day notice would fall before it began.
  assert.deepEqual((await notices(customer.id)).map((e) => e.payload.daysBefore), [7, 1]);
  const mail = peer.received.find((m) => m.envelope.to[0] === partnerAdmin.email)!;
  assert.match(mail.text, /Auto-extension is on, so it will be extended until May 30, 2027/);

  t.clock.set(at('2026-12-02T00:00', TOKYO));
  assert.equal(await reach(customer.id), 200, 'no gap while the sweeper has yet to run');
  await sweepDays('2026-12-02', '2026-12-02');
  const extended = (await notices(customer.id)).filter((e) => e.type === 'delegation.extended');
  assert.deepEqual(extended.map((e) => [e.payload.previousEndDate, e.payload.endDate, e.payload.times]), [['2026-12-01', '2027-05-30', 1]]);
  const stored = await t.ctx.database.db.selectFrom('delegations').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.deepEqual([stored.state, stored.term_start, stored.end_date, stored.ends_at, stored.extensions], ['active', '2026-12-02', '2027-05-30', '2027-05-30T15:00:00.000Z', 1]);
  // The new term's first notice is 30 days before its own end.
  assert.equal(stored.due_at, at('2027-04-30T00:00', TOKYO).toString({ fractionalSecondDigits: 3 }));
  assert.equal(await reach(customer.id), 200);
});

test('a sweeper that was down sends only the latest notice it missed, once', async () => {
  const customer = await customerAt('2026-11-21T09:30');
  await createTestDelegation(t, partner.organizationId, customer.id, { roles: ['user_admin'], durationDays: 60, state: 'active' });
  await settleOutbox(t);
  // Down from before the 30-day notice (2026-12-21) until after the 7-day one (2027-01-13).
  await sweepDays('2027-01-15', '2027-01-16');
  assert.deepEqual((await notices(customer.id)).map((e) => [e.payload.daysBefore, e.payload.today]), [[7, '2027-01-15']]);
  await sweepDays('2027-01-19', '2027-01-19');
  assert.deepEqual((await notices(customer.id)).map((e) => e.payload.daysBefore), [7, 1]);
});

test('across a daylight-saving change, access ends at the local midnight after the last day', async () => {
  const zone = 'America/New_York';
  const customer = await customerAt('2027-03-04T10:00', zone);
  const { row } = await createTestDelegation(t, partner.organizationId, customer.id, { roles: ['billing_admin'], durationDays: 10, state: 'active' });
  // The last day, 2027-03-14, is 23 hours long (clocks spring forward): it ends at 04:00Z (EDT).
  assert.deepEqual([row.end_date, row.ends_at], ['2027-03-14', '2027-03-15T04:00:00.000Z']);
  t.clock.set('2027-03-15T03:59:59.999Z');
  assert.equal(await reach(customer.id), 200);
  t.clock.set('2027-03-15T04:00:00.000Z');
  assert.equal(await reach(customer.id), 404);
});

test('four sweepers at once on their own connections: each notice and each expiry once', async () => {
  const customers = [];
  for (let i = 0; i < 12; i++) {
    const customer = await customerAt('2026-11-21T09:30');
    // Half reach their 7-day notice on 2027-01-13, half have ended by then (15 days).
    await createTestDelegation(t, partner.organizationId, customer.id, { roles: ['billing_admin'], durationDays: i % 2 === 0 ? 60 : 15, state: 'active' });
    customers.push(customer.id);
  }
  await settleOutbox(t);
  const now = at('2027-01-13T00:01', TOKYO);
  const workers = Array.from({ length: 4 }, () => t.testDatabase.reopen());
  const reports = await Promise.all(workers.map((database) => sweepDelegations(database, { time: { now }, batchSize: 3 })));
  assert.equal(reports.reduce((sum, r) => sum + r.notices, 0), 6);
  assert.equal(reports.reduce((sum, r) => sum + r.expired, 0), 6);
  for (const [i, customerId] of customers.entries()) {
    const events = await notices(customerId);
    assert.deepEqual(events.map((e) => e.type), [i % 2 === 0 ? 'delegation.expiring' : 'delegation.ended'], customerId);
  }
  const again = await sweepDelegations(t.ctx.database, { time: { now } });
  assert.deepEqual([again.notices, again.expired], [0, 0]);
});

test('`licentia sweep --as-of` sweeps delegations too, each customer at that day\'s first instant in its own time zone', async () => {
  // Each relationship's last day is given in its customer's zone; as of 2027-02-15 the two whose
  // last day was the 14th have ended (Tokyo at 15:00Z, New York at 05:00Z on the 15th), and the
  // one in UTC+14 whose last day is the 15th has not, though its end (10:00Z on the 15th) comes
  // before the day's last start (12:00Z, UTC−12), up to which the sweep reads.
  const made = [];
  for (const [zone, country, durationDays] of [[TOKYO, 'JP', 9], ['America/New_York', 'US', 9], ['Pacific/Kiritimati', 'JP', 10]] as const) {
    const customerId = (await createOrg(t, { name: `Customer in ${zone}`, country, timeZone: zone })).id;
    t.clock.set(at('2027-02-05T10:00', zone));
    const { row } = await createTestDelegation(t, partner.organizationId, customerId, { roles: ['billing_admin'], durationDays, state: 'active' });
    made.push({ zone, customerId, row });
  }
  assert.deepEqual(made.map(({ row }) => [row.end_date, row.ends_at]), [
    ['2027-02-14', '2027-02-14T15:00:00.000Z'],
    ['2027-02-14', '2027-02-15T05:00:00.000Z'],
    ['2027-02-15', '2027-02-15T10:00:00.000Z'],
  ]);
  const state = async (customerId: string) =>
    (await t.ctx.database.db.selectFrom('delegations').select(['state', 'end_reason']).where('customer_organization_id', '=', customerId).executeTakeFirstOrThrow());

  const run = await runCli(['sweep', '--as-of', '2027-02-15'], t.testDatabase.env);
  assert.equal(run.status, 0, run.stderr);
  // Other tests' relationships share the database: the counts are theirs too, the states are ours.
  assert.match(run.stdout, /; \d+ delegations examined, \d+ expiry notices, \d+ expired, \d+ extended\n$/);
  assert.deepEqual(await Promise.all(made.map(async ({ customerId }) => ({ ...(await state(customerId)) }))), [
    { state: 'ended', end_reason: 'expired' },
    { state: 'ended', end_reason: 'expired' },
    { state: 'active', end_reason: null },
  ]);
  const again = await runCli(['sweep', '--as-of', '2027-02-15', '--json'], t.testDatabase.env);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).delegations.expired, 0, 'a second sweep changes nothing');

  const next = await runCli(['sweep', '--as-of', '2027-02-16', '--json'], t.testDatabase.env);
  assert.equal(next.status, 0, next.stderr);
  assert.ok(JSON.parse(next.stdout).delegations.expired >= 1);
  assert.deepEqual({ ...(await state(made[2]!.customerId)) }, { state: 'ended', end_reason: 'expired' });
});
