// Seats through the API (SPEC §5): assign up to the total, refuse over-assignment (also when two
// admins race for the last seat), keep assignments but mark them unlicensed when seats shrink,
// and refuse assignments while the plan's subscription is disabled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan } from '../../../test/support/catalog-fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { getPlan } from '../catalog/plans.ts';
import { getOrganization } from '../organizations/store.ts';
import { createSubscription } from '../subscriptions/service.ts';
import { subscriptionPlanOf } from '../subscriptions/plan.ts';
import { seatStanding } from './service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function organizationWithSeats(seats: number) {
  const org = await createOrg(t);
  const admin = await createActor(t, org.id, ['global_admin']);
  const { planId } = await createTestPlan(t, { termMonths: 12 });
  const plan = subscriptionPlanOf((await getPlan(t.ctx.database.db, planId))!);
  const organization = (await getOrganization(t.ctx.database.db, org.id))!;
  const subscription = await inTransaction(t.ctx.database.db, (tx) =>
    createSubscription(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { organization, plan, seats, trial: false }, { source: 'key', amountMinor: 0 }),
  );
  return { org, admin, planId, subscription };
}

function assign(actor: Actor, orgId: string, planId: string, userId: string) {
  return t.inject({ method: 'POST', url: `/v1/organizations/${orgId}/seats/${planId}/assignments`, headers: actor.writeHeaders, payload: { userId } });
}

async function summary(actor: Actor, orgId: string) {
  const response = await t.inject({ method: 'GET', url: `/v1/organizations/${orgId}/seats`, headers: actor.headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().data[0];
}

describe('assigning seats', () => {
  test('up to the total; the next is NO_SEATS_AVAILABLE in both languages; assigning twice is harmless', async () => {
    const { org, admin, planId } = await organizationWithSeats(2);
    const users = [admin, await createActor(t, org.id, ['member']), await createActor(t, org.id, ['member'])];
    assert.equal((await assign(admin, org.id, planId, users[0]!.userId)).statusCode, 201);
    assert.equal((await assign(admin, org.id, planId, users[0]!.userId)).statusCode, 200, 'already assigned');
    assert.equal((await assign(admin, org.id, planId, users[1]!.userId)).statusCode, 201);
    for (const [language, pattern] of [['en', /All 2 seats of this plan are assigned/], ['ja', /2 席はすべて割り当て済み/]] as const) {
      const full = await t.inject({ method: 'POST', url: `/v1/organizations/${org.id}/seats/${planId}/assignments`, headers: { ...admin.writeHeaders, 'accept-language': language }, payload: { userId: users[2]!.userId } });
      assert.equal(full.statusCode, 409);
      assert.equal(full.json().code, 'NO_SEATS_AVAILABLE');
      assert.match(full.json().title, pattern);
    }
    assert.deepEqual(await summary(admin, org.id), { planId, total: 2, assigned: 2, available: 0, state: 'active' });
    const freed = await t.inject({ method: 'DELETE', url: `/v1/organizations/${org.id}/seats/${planId}/assignments/${users[1]!.userId}`, headers: admin.writeHeaders });
    assert.equal(freed.statusCode, 204);
    assert.equal((await assign(admin, org.id, planId, users[2]!.userId)).statusCode, 201);
  });

  test('two admins racing for the last seat: exactly one gets it', async () => {
    for (let round = 0; round < 5; round++) {
      const { org, admin, planId } = await organizationWithSeats(1);
      const other = await createActor(t, org.id, ['license_admin']);
      const [a, b] = await Promise.all([assign(admin, org.id, planId, admin.userId), assign(other, org.id, planId, other.userId)]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [201, 409], `round ${round}: ${a.body} / ${b.body}`);
      assert.equal((await summary(admin, org.id)).assigned, 1);
    }
  });

  test('only members can hold a seat; a member without an admin role cannot assign', async () => {
    const { org, admin, planId } = await organizationWithSeats(3);
    const stranger = await createActor(t, (await createOrg(t)).id, ['member']);
    assert.equal((await assign(admin, org.id, planId, stranger.userId)).statusCode, 404);
    const member = await createActor(t, org.id, ['member']);
    const refused = await assign(member, org.id, planId, member.userId);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'ROLE_REQUIRED');
  });

  test('a subscription of 10,000,000 seats assigns like one of 10 (a counter, no scan)', async () => {
    const { org, admin, planId } = await organizationWithSeats(10_000_000);
    assert.equal((await assign(admin, org.id, planId, admin.userId)).statusCode, 201);
    assert.deepEqual(await summary(admin, org.id), { planId, total: 10_000_000, assigned: 1, available: 9_999_999, state: 'active' });
  });
});

/** Five seats, each assigned to a member of its own: the first `tied` at one instant, the rest a second apart. */
async function fiveAssigned(options: { tied: number }) {
  const made = await organizationWithSeats(5);
  const { org, admin, planId } = made;
  const members = [admin, ...(await Promise.all([1, 2, 3, 4].map(() => createActor(t, org.id, ['member']))))];
  for (const [index, member] of members.entries()) {
    assert.equal((await assign(admin, org.id, planId, member.userId)).statusCode, 201);
    if (index >= options.tied - 1) t.clock.advance({ seconds: 1 });
  }
  return { ...made, members };
}

describe('when seats shrink or the subscription lapses', () => {
  test('assignments stay, the most recent beyond the total are unlicensed, and nothing new can be assigned', async () => {
    const { org, admin, planId, subscription } = await organizationWithSeats(3);
    const members = [admin, await createActor(t, org.id, ['member']), await createActor(t, org.id, ['member'])];
    for (const m of members) {
      assert.equal((await assign(admin, org.id, planId, m.userId)).statusCode, 201);
      t.clock.advance({ seconds: 1 });
    }
    await t.ctx.database.db.updateTable('subscriptions').set({ seats: 2 }).where('id', '=', subscription.id).execute();
    const listed = await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}/seats/${planId}/assignments`, headers: admin.headers });
    assert.deepEqual(listed.json().data.map((a: { userId: string; licensed: boolean }) => [a.userId, a.licensed]), [
      [members[0]!.userId, true],
      [members[1]!.userId, true],
      [members[2]!.userId, false],
    ]);
    const extra = await createActor(t, org.id, ['member']);
    assert.equal((await assign(admin, org.id, planId, extra.userId)).json().code, 'NO_SEATS_AVAILABLE');
    // Assigning again what is held answers 200 and how it stands, as the list does.
    for (const [member, licensed] of [[members[0]!, true], [members[2]!, false]] as const) {
      const again = await assign(admin, org.id, planId, member.userId);
      assert.deepEqual([again.statusCode, again.json().licensed], [200, licensed]);
    }
  });

  test('seatStanding agrees with the list for every total, ties on the same instant included', async () => {
    // Three at one instant (ordered by user id among themselves), then one a second later, then one more.
    const { org, admin, planId, subscription } = await fiveAssigned({ tied: 3 });
    const outsider = await createActor(t, org.id, ['member']);
    const db = t.ctx.database.db;
    for (const total of [5, 4, 3, 2, 1, 0]) {
      await db.updateTable('subscriptions').set({ seats: total }).where('id', '=', subscription.id).execute();
      const listed = await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}/seats/${planId}/assignments`, headers: admin.headers });
      const expected: Array<[string, string]> = listed.json().data.map((a: { userId: string; licensed: boolean }) => [a.userId, a.licensed ? 'licensed' : 'unlicensed']);
      assert.equal(expected.filter(([, standing]) => standing === 'licensed').length, total);
      const actual: Array<[string, string]> = [];
      for (const [userId] of expected) actual.push([userId, await seatStanding(db, { organizationId: org.id, planId, userId, totalSeats: total })]);
      assert.deepEqual(actual, expected, `total ${total}`);
      assert.equal(await seatStanding(db, { organizationId: org.id, planId, userId: outsider.userId, totalSeats: total }), 'unassigned');
    }
  });

  test('the list comes a page at a time, licensed across pages as in one list, and only the users asked for', async () => {
    // Two at one instant (ordered by user id between themselves), then one per second.
    const { org, admin, planId, subscription, members } = await fiveAssigned({ tied: 2 });
    await t.ctx.database.db.updateTable('subscriptions').set({ seats: 3 }).where('id', '=', subscription.id).execute();
    const url = `/v1/organizations/${org.id}/seats/${planId}/assignments`;
    const whole = (await t.inject({ method: 'GET', url, headers: admin.headers })).json();
    assert.equal(whole.nextCursor, null);
    const expected = whole.data.map((a: { userId: string; licensed: boolean }) => [a.userId, a.licensed]);
    assert.deepEqual(expected.map(([, licensed]: [string, boolean]) => licensed), [true, true, true, false, false]);
    assert.deepEqual(new Set(expected.map(([userId]: [string]) => userId)), new Set(members.map((m) => m.userId)));

    const paged: Array<[string, boolean]> = [];
    const cursors: Array<string | null> = [];
    let cursor: string | undefined;
    do {
      const page = await t.inject({ method: 'GET', url, headers: admin.headers, query: { limit: '2', ...(cursor ? { cursor } : {}) } });
      assert.equal(page.statusCode, 200, page.body);
      paged.push(...page.json().data.map((a: { userId: string; licensed: boolean }) => [a.userId, a.licensed] as [string, boolean]));
      cursors.push(page.json().nextCursor);
      cursor = page.json().nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(paged, expected);
    assert.equal(cursors.length, 3, 'pages of 2, 2 and 1');

    const asked = [expected[1][0], expected[4][0]];
    const only = await t.inject({ method: 'GET', url, headers: admin.headers, query: { userIds: `${asked.join(',')},usr_nobody` } });
    assert.deepEqual(only.json().data.map((a: { userId: string; licensed: boolean }) => [a.userId, a.licensed]), [[asked[0], true], [asked[1], false]]);
    assert.deepEqual((await t.inject({ method: 'GET', url, headers: admin.headers, query: { userIds: '' } })).json(), { data: [], nextCursor: null });

    const tooMany = Array.from({ length: 201 }, (_, i) => `usr_${i}`).join(',');
    for (const [language, title] of [['en', /more than 200 users/], ['ja', /リクエストの内容が正しくありません/]] as const) {
      const refused = await t.inject({ method: 'GET', url, headers: { ...admin.headers, 'accept-language': language }, query: { userIds: tooMany } });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().code, 'VALIDATION_FAILED');
      assert.match(refused.json().title, title);
    }
  });

  test('a subscription that has not started yet gives no seats until its start day', async () => {
    const { org, admin, planId, subscription } = await organizationWithSeats(2);
    const db = t.ctx.database.db;
    await db.insertInto('subscriptions').values({ ...subscription, id: `${subscription.id}_next`, start_date: '2027-11-21', end_date: '2028-11-20', seats: 5 }).execute();
    assert.equal((await summary(admin, org.id)).total, 2, 'the successor starting next year adds nothing today');
    t.clock.set('2027-11-20T15:00:00Z');
    admin.headers = (await signInAs(t, admin.userId)).headers;
    assert.equal((await summary(admin, org.id)).total, 7, 'from its start day (Tokyo) it counts');
    t.clock.set('2026-11-21T00:30:00Z');
  });

  test('a disabled subscription (E+31) refuses new assignments with SEATS_NOT_ASSIGNABLE', async () => {
    const { org, admin, planId, subscription } = await organizationWithSeats(5);
    // Ended 31 days ago in Tokyo: the grace of 30 days is over.
    await t.ctx.database.db.updateTable('subscriptions').set({ end_date: '2026-10-21' }).where('id', '=', subscription.id).execute();
    const refused = await assign(admin, org.id, planId, admin.userId);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'SEATS_NOT_ASSIGNABLE');
    assert.match(refused.json().title, /disabled/);
    await t.ctx.database.db.updateTable('subscriptions').set({ end_date: '2026-10-22' }).where('id', '=', subscription.id).execute();
    assert.equal((await assign(admin, org.id, planId, admin.userId)).statusCode, 201, 'E+30 is still grace: seats can be assigned');
  });
});
