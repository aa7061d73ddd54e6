// Members of an organization: adding (creating the user or reusing an existing one), listing,
// changing roles, removing; who may grant which role; and the rule that an organization always
// keeps a global administrator, also under concurrent changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

let addressCounter = 0;
function signIn(email: string, password: string) {
  addressCounter++;
  return t.inject({ method: 'POST', url: '/v1/sessions', remoteAddress: `10.2.0.${addressCounter}`, payload: { email, password } });
}

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, code);
  return body;
}

interface Member {
  userId: string;
  email: string;
  name: string;
  roles: string[];
}

const membersUrl = (organizationId: string) => `/v1/organizations/${organizationId}/members`;

function addMember(actor: Actor, organizationId: string, body: object) {
  return t.inject({ method: 'POST', url: membersUrl(organizationId), headers: actor.writeHeaders, payload: body });
}

function setRoles(actor: Actor, organizationId: string, userId: string, roles: string[]) {
  return t.inject({ method: 'PUT', url: `${membersUrl(organizationId)}/${userId}/roles`, headers: actor.writeHeaders, payload: { roles } });
}

function removeMember(actor: Actor, organizationId: string, userId: string) {
  return t.inject({ method: 'DELETE', url: `${membersUrl(organizationId)}/${userId}`, headers: actor.writeHeaders });
}

/** Every member, read straight from the database: userId → sorted roles. */
async function membershipsOf(organizationId: string): Promise<Map<string, string[]>> {
  const rows = await t.ctx.database.db.selectFrom('memberships').select(['user_id', 'role']).where('organization_id', '=', organizationId).execute();
  const result = new Map<string, string[]>();
  for (const row of rows) result.set(row.user_id, [...(result.get(row.user_id) ?? []), row.role].sort());
  return result;
}

async function globalAdminsOf(organizationId: string): Promise<string[]> {
  return [...(await membershipsOf(organizationId))].filter(([, roles]) => roles.includes('global_admin')).map(([id]) => id);
}

async function listAll(actor: Actor, organizationId: string): Promise<Member[]> {
  const response = await t.inject({ method: 'GET', url: `${membersUrl(organizationId)}?limit=200`, headers: actor.headers });
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.json().nextCursor, null);
  return response.json().data;
}

describe('a global admin manages the members', () => {
  let org: { id: string };
  let admin: Actor;
  before(async () => {
    org = await createOrg(t, { name: 'Members KK' });
    admin = await createActor(t, org.id, ['global_admin']);
  });

  test('adds a new email: the user is created and its generated initialPassword signs in', async () => {
    const response = await addMember(admin, org.id, { email: 'New.Person@Example.com', name: ' New Person ', roles: ['member', 'license_admin'] });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.member.email, 'new.person@example.com', 'stored normalized');
    assert.equal(body.member.name, 'New Person');
    assert.deepEqual([...body.member.roles].sort(), ['license_admin', 'member']);
    assert.match(body.member.userId, /^usr_/);
    assert.equal(typeof body.initialPassword, 'string');
    assert.ok(body.initialPassword.length >= 10);

    const user = await t.ctx.database.db.selectFrom('users').selectAll().where('id', '=', body.member.userId).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(user).includes(body.initialPassword), 'the password is stored only as a hash');
    assert.ok(!t.logs.join('').includes(body.initialPassword), 'the initial password never reaches the logs');

    const signedIn = await signIn('new.person@example.com', body.initialPassword);
    assert.equal(signedIn.statusCode, 201, signedIn.body);
    assert.equal(signedIn.json().user.id, body.member.userId);

    const audit = await t.ctx.database.db.selectFrom('audit_events').selectAll()
      .where('organization_id', '=', org.id).where('action', '=', 'member.added').where('target_id', '=', body.member.userId).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, admin.userId);
  });

  test('adds a new email with a given password: no initialPassword in the answer, and that password signs in', async () => {
    const response = await addMember(admin, org.id, { email: 'chosen@example.com', name: 'Chosen', roles: ['member'], password: 'chosen password 123' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().initialPassword, undefined);
    assert.equal((await signIn('chosen@example.com', 'chosen password 123')).statusCode, 201);
  });

  test('a new user with a weak password is refused (422 WEAK_PASSWORD) and nothing is created', async () => {
    const response = await addMember(admin, org.id, { email: 'weak@example.com', name: 'Weak', roles: ['member'], password: 'short' });
    assertProblem(response, 422, 'WEAK_PASSWORD');
    const user = await t.ctx.database.db.selectFrom('users').select('id').where('email', '=', 'weak@example.com').executeTakeFirst();
    assert.equal(user, undefined);
  });

  test('lists members with their roles; limit=1 pages through every member exactly once', async () => {
    const pagedOrg = await createOrg(t);
    const pagedAdmin = await createActor(t, pagedOrg.id, ['global_admin']);
    for (let i = 0; i < 4; i++) {
      const roles = i % 2 === 0 ? ['member'] : ['billing_admin', 'member'];
      assert.equal((await addMember(pagedAdmin, pagedOrg.id, { email: `paged${i}@example.com`, name: `Paged ${i}`, roles })).statusCode, 201);
    }
    const all = await listAll(pagedAdmin, pagedOrg.id);
    assert.equal(all.length, 5);
    const expected = await membershipsOf(pagedOrg.id);
    for (const member of all) assert.deepEqual([...member.roles].sort(), expected.get(member.userId), member.email);
    assert.deepEqual(all.find((m) => m.userId === pagedAdmin.userId)?.roles, ['global_admin']);
    assert.deepEqual([...(all.find((m) => m.email === 'paged1@example.com')?.roles ?? [])].sort(), ['billing_admin', 'member']);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const url: string = `${membersUrl(pagedOrg.id)}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await t.inject({ method: 'GET', url, headers: pagedAdmin.headers });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { data: Member[]; nextCursor: string | null };
      assert.ok(body.data.length <= 1);
      seen.push(...body.data.map((m) => m.userId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    assert.equal(cursor, null, 'the last page says so');
    assert.equal(seen.length, 5);
    assert.deepEqual([...seen].sort(), all.map((m) => m.userId).sort());
  });

  test('replaces a member\'s roles', async () => {
    const added = (await addMember(admin, org.id, { email: 'roles@example.com', name: 'Roles', roles: ['member'] })).json();
    const response = await setRoles(admin, org.id, added.member.userId, ['license_admin', 'billing_admin']);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual([...response.json().roles].sort(), ['billing_admin', 'license_admin']);
    assert.deepEqual((await membershipsOf(org.id)).get(added.member.userId), ['billing_admin', 'license_admin']);
    const listed = (await listAll(admin, org.id)).find((m) => m.userId === added.member.userId);
    assert.deepEqual([...(listed?.roles ?? [])].sort(), ['billing_admin', 'license_admin']);

    assertProblem(await setRoles(admin, org.id, added.member.userId, []), 400, 'VALIDATION_FAILED');
    assertProblem(await setRoles(admin, org.id, 'usr_nobody', ['member']), 404, 'NOT_FOUND');
  });

  test('removes a member: gone from the list, and the organization is gone for them', async () => {
    const added = (await addMember(admin, org.id, { email: 'leaving@example.com', name: 'Leaving', roles: ['member'] })).json();
    const session = await signIn('leaving@example.com', added.initialPassword);
    const cookie = { cookie: String(session.headers['set-cookie']).split(';')[0]! };
    assert.equal((await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: cookie })).statusCode, 200);

    const removed = await removeMember(admin, org.id, added.member.userId);
    assert.equal(removed.statusCode, 204, removed.body);
    assert.ok(!(await listAll(admin, org.id)).some((m) => m.userId === added.member.userId));
    assertProblem(await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: cookie }), 404, 'NOT_FOUND');
    assertProblem(await removeMember(admin, org.id, added.member.userId), 404, 'NOT_FOUND');
    // The user still exists and may be added again.
    assert.equal((await addMember(admin, org.id, { email: 'leaving@example.com', name: 'Leaving', roles: ['member'] })).json().member.userId, added.member.userId);
  });
});

describe('the last global admin', () => {
  test('cannot be removed or demoted (409 LAST_GLOBAL_ADMIN); with a second global admin, both work', async () => {
    const org = await createOrg(t);
    const only = await createActor(t, org.id, ['global_admin', 'billing_admin']);

    const removeSelf = await removeMember(only, org.id, only.userId);
    const body = assertProblem(removeSelf, 409, 'LAST_GLOBAL_ADMIN');
    assert.match(body.title, /at least one global administrator/);
    assertProblem(await setRoles(only, org.id, only.userId, ['billing_admin']), 409, 'LAST_GLOBAL_ADMIN');
    assert.deepEqual(await globalAdminsOf(org.id), [only.userId], 'nothing changed');
    assert.deepEqual((await membershipsOf(org.id)).get(only.userId), ['billing_admin', 'global_admin']);

    // Keeping global_admin while changing the other roles is fine.
    assert.equal((await setRoles(only, org.id, only.userId, ['global_admin'])).statusCode, 200);

    const second = (await addMember(only, org.id, { email: `second-admin-${Date.now()}@example.com`, name: 'Second', roles: ['global_admin'] })).json();
    const demoted = await setRoles(only, org.id, only.userId, ['member']);
    assert.equal(demoted.statusCode, 200, demoted.body);
    assert.deepEqual(await globalAdminsOf(org.id), [second.member.userId]);

    // Now the second one is the last: the (former) admin cannot do anything about it any more.
    assertProblem(await removeMember(only, org.id, second.member.userId), 403, 'ROLE_REQUIRED');
  });

  test('removing one of two global admins works', async () => {
    const org = await createOrg(t);
    const a = await createActor(t, org.id, ['global_admin']);
    const b = await createActor(t, org.id, ['global_admin']);
    assert.equal((await removeMember(a, org.id, b.userId)).statusCode, 204);
    assert.deepEqual(await globalAdminsOf(org.id), [a.userId]);
    assertProblem(await removeMember(a, org.id, a.userId), 409, 'LAST_GLOBAL_ADMIN');
  });

  test('two global admins demoting each other at the same time: exactly one succeeds, one global admin remains', async () => {
    for (let round = 0; round < 5; round++) {
      const org = await createOrg(t);
      const a = await createActor(t, org.id, ['global_admin']);
      const b = await createActor(t, org.id, ['global_admin']);
      const [ab, ba] = await Promise.all([setRoles(a, org.id, b.userId, ['member']), setRoles(b, org.id, a.userId, ['member'])]);
      const statuses = [ab.statusCode, ba.statusCode];
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${ab.body} / ${ba.body}`);
      // The loser either saw the winner's change (409) or had already lost its role (403).
      const loser = ab.statusCode === 200 ? ba : ab;
      assert.ok(['LAST_GLOBAL_ADMIN', 'ROLE_REQUIRED'].includes(loser.json().code), loser.body);
      const admins = await globalAdminsOf(org.id);
      assert.equal(admins.length, 1, `round ${round}`);
      assert.equal(admins[0], ab.statusCode === 200 ? a.userId : b.userId, 'the winner is the one left');
    }
  });

  test('two global admins each removing themselves at the same time: one global admin remains', async () => {
    for (let round = 0; round < 3; round++) {
      const org = await createOrg(t);
      const a = await createActor(t, org.id, ['global_admin']);
      const b = await createActor(t, org.id, ['global_admin']);
      const [ra, rb] = await Promise.all([removeMember(a, org.id, a.userId), removeMember(b, org.id, b.userId)]);
      assert.deepEqual([ra.statusCode, rb.statusCode].sort(), [204, 409], `round ${round}: ${ra.body} / ${rb.body}`);
      assert.equal((await globalAdminsOf(org.id)).length, 1);
    }
  });
});

describe('who may grant which role', () => {
  let org: { id: string };
  let admin: Actor;
  let userAdmin: Actor;
  before(async () => {
    org = await createOrg(t);
    admin = await createActor(t, org.id, ['global_admin']);
    userAdmin = await createActor(t, org.id, ['user_admin']);
  });

  test('a user_admin adds a member', async () => {
    const response = await addMember(userAdmin, org.id, { email: 'by-user-admin@example.com', name: 'By UA', roles: ['member'] });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json().member.roles, ['member']);
  });

  for (const role of ['global_admin', 'billing_admin'] as const) {
    test(`a user_admin cannot grant ${role}: 403 ROLE_REQUIRED naming global_admin, nothing created`, async () => {
      const email = `escalate-${role}@example.com`;
      const body = assertProblem(await addMember(userAdmin, org.id, { email, name: 'Escalate', roles: ['member', role] }), 403, 'ROLE_REQUIRED');
      assert.deepEqual(body.roles, ['global_admin']);
      assert.match(body.title, /global_admin/);
      const user = await t.ctx.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      assert.equal(user, undefined);

      // Nor through changing roles: not another member's, not their own.
      const member = (await addMember(admin, org.id, { email: `target-${role}@example.com`, name: 'Target', roles: ['member'] })).json().member;
      assertProblem(await setRoles(userAdmin, org.id, member.userId, ['member', role]), 403, 'ROLE_REQUIRED');
      assertProblem(await setRoles(userAdmin, org.id, userAdmin.userId, ['user_admin', role]), 403, 'ROLE_REQUIRED');
      assert.deepEqual((await membershipsOf(org.id)).get(member.userId), ['member']);
      assert.deepEqual((await membershipsOf(org.id)).get(userAdmin.userId), ['user_admin']);
    });
  }

  test('a user_admin cannot demote or remove a global admin', async () => {
    const other = (await addMember(admin, org.id, { email: 'other-ga@example.com', name: 'Other GA', roles: ['global_admin'] })).json().member;
    assertProblem(await setRoles(userAdmin, org.id, other.userId, ['member']), 403, 'ROLE_REQUIRED');
    assertProblem(await removeMember(userAdmin, org.id, other.userId), 403, 'ROLE_REQUIRED');
    assert.deepEqual((await membershipsOf(org.id)).get(other.userId), ['global_admin']);
  });

  test('a member cannot read or change the members (403 ROLE_REQUIRED)', async () => {
    const member = await createActor(t, org.id, ['member']);
    assertProblem(await t.inject({ method: 'GET', url: membersUrl(org.id), headers: member.headers }), 403, 'ROLE_REQUIRED');
    assertProblem(await addMember(member, org.id, { email: 'by-member@example.com', name: 'X', roles: ['member'] }), 403, 'ROLE_REQUIRED');
  });

  test('a role of another kind of organization: 422 ROLE_NOT_FOR_ORGANIZATION', async () => {
    const body = assertProblem(await addMember(admin, org.id, { email: 'vendorish@example.com', name: 'V', roles: ['vendor_admin'] }), 422, 'ROLE_NOT_FOR_ORGANIZATION');
    assert.equal(body.role, 'vendor_admin');
    assert.equal(body.kind, 'customer');
    assert.match(body.title, /vendor_admin.*customer/);
    assertProblem(await addMember(admin, org.id, { email: 'partnerish@example.com', name: 'P', roles: ['member', 'partner_admin'] }), 422, 'ROLE_NOT_FOR_ORGANIZATION');
    assertProblem(await setRoles(admin, org.id, userAdmin.userId, ['support_agent']), 422, 'ROLE_NOT_FOR_ORGANIZATION');

    const partner = await createOrg(t, { kind: 'partner' });
    const partnerAdmin = await createActor(t, partner.id, ['partner_admin']);
    assertProblem(await addMember(partnerAdmin, partner.id, { email: 'p-ga@example.com', name: 'P', roles: ['global_admin'] }), 422, 'ROLE_NOT_FOR_ORGANIZATION');
    assert.equal((await addMember(partnerAdmin, partner.id, { email: 'p-agent@example.com', name: 'P', roles: ['partner_agent'] })).statusCode, 201);
  });
});

test('an address that is not an email, even after normalization, is 422 EMAIL_INVALID and creates nothing', async () => {
  const org = await createOrg(t);
  const admin = await createActor(t, org.id, ['global_admin']);
  for (const email of ['no-at-sign.example.com', 'two@@example.com', 'spaces in@example.com', 'user@localhost']) {
    const response = await addMember(admin, org.id, { email, name: 'Nobody', roles: ['member'] });
    assert.equal(response.statusCode, 422, `${email}: ${response.body}`);
    assert.equal(response.json().code, 'EMAIL_INVALID');
  }
  const users = await t.ctx.database.db.selectFrom('users').select('id').where('name', '=', 'Nobody').execute();
  assert.equal(users.length, 0);
});

describe('adding an existing user', () => {
  test('the same email in any case adds roles to the one existing user', async () => {
    const home = await createOrg(t);
    const existing = await createActor(t, home.id, ['member'], { email: 'user@example.com' });
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);

    // Full-width, as a Japanese IME types it: NFKC makes it the same address.
    const first = await addMember(admin, org.id, { email: 'ＵＳＥＲ@ＥＸＡＭＰＬＥ.ＣＯＭ', name: 'Someone Else', roles: ['member'] });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().member.userId, existing.userId);
    assert.equal(first.json().member.email, 'user@example.com');
    assert.equal(first.json().initialPassword, undefined, 'no password for an existing user');

    const second = await addMember(admin, org.id, { email: 'User@Example.Com', name: 'Again', roles: ['license_admin'] });
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json().member.userId, existing.userId);
    assert.deepEqual([...second.json().member.roles].sort(), ['license_admin', 'member'], 'roles are added, not replaced');

    const users = await t.ctx.database.db.selectFrom('users').select('id').where('email', '=', 'user@example.com').execute();
    assert.equal(users.length, 1);
    assert.deepEqual((await membershipsOf(org.id)).get(existing.userId), ['license_admin', 'member']);
    assert.deepEqual((await membershipsOf(home.id)).get(existing.userId), ['member'], 'the other organization is untouched');
  });

  test('another organization\'s admin cannot set an existing user\'s password or name by adding them', async () => {
    const home = await createOrg(t);
    const existing = await createActor(t, home.id, ['global_admin'], { email: `victim-${Date.now()}@example.com` });
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const response = await addMember(admin, org.id, { email: existing.email, name: 'Renamed', roles: ['member'], password: 'attacker chosen password' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().member.userId, existing.userId);
    assert.notEqual(response.json().member.name, 'Renamed');
    assertProblem(await signIn(existing.email, 'attacker chosen password'), 401, 'INVALID_CREDENTIALS');
    assert.equal((await signIn(existing.email, existing.password)).statusCode, 201);
  });
});

describe('another organization', () => {
  test('a global admin of one organization sees and changes nothing of another (404)', async () => {
    const mine = await createOrg(t);
    const theirs = await createOrg(t);
    const me = await createActor(t, mine.id, ['global_admin']);
    const them = await createActor(t, theirs.id, ['global_admin']);
    const before = await membershipsOf(theirs.id);

    assertProblem(await t.inject({ method: 'GET', url: membersUrl(theirs.id), headers: me.headers }), 404, 'NOT_FOUND');
    assertProblem(await addMember(me, theirs.id, { email: 'intruder@example.com', name: 'I', roles: ['global_admin'] }), 404, 'NOT_FOUND');
    assertProblem(await setRoles(me, theirs.id, them.userId, ['member']), 404, 'NOT_FOUND');
    assertProblem(await removeMember(me, theirs.id, them.userId), 404, 'NOT_FOUND');
    // Through my own organization's URL, their member is no member of mine.
    assertProblem(await setRoles(me, mine.id, them.userId, ['member']), 404, 'NOT_FOUND');
    assertProblem(await removeMember(me, mine.id, them.userId), 404, 'NOT_FOUND');
    assert.deepEqual(await membershipsOf(theirs.id), before);
  });
});
