// Signing in and out of the portal: the session cookie, CSRF on writes, the sign-in rate limit
// (per account and per address), session expiry, and changing one's own password.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, createToken, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { SESSION_COOKIE } from '../../auth/session-cookie.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

// Every sign-in counts against its client address: each test signs in from addresses of its
// own, so that the per-address limit of one test never leaks into another.
let addressCounter = 0;
function freshAddress(): string {
  addressCounter++;
  return `10.1.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

function signIn(email: string, password: string, options: { address?: string; language?: 'ja' | 'en' } = {}) {
  return t.inject({
    method: 'POST',
    url: '/v1/sessions',
    remoteAddress: options.address ?? freshAddress(),
    headers: options.language ? { 'accept-language': options.language } : {},
    payload: { email, password },
  });
}

function setCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header.find((c) => c.startsWith(`${SESSION_COOKIE}=`)) : header;
  assert.ok(value, `a ${SESSION_COOKIE} cookie is set`);
  return value;
}

/** The session of a successful sign-in, as the portal would hold it. */
function sessionOf(response: LightMyRequestResponse) {
  assert.equal(response.statusCode, 201, response.body);
  const token = /^licentia_session=([^;]+)/.exec(setCookieOf(response))![1]!;
  const headers = { cookie: `${SESSION_COOKIE}=${token}` };
  const csrfToken = response.json().csrfToken as string;
  return { token, headers, writeHeaders: { ...headers, 'x-csrf-token': csrfToken }, csrfToken };
}

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, code);
  return body;
}

const me = (headers: Record<string, string>) => t.inject({ method: 'GET', url: '/v1/me', headers });

describe('POST /v1/sessions', () => {
  let org: { id: string; name: string };
  let actor: Actor;

  before(async () => {
    org = await createOrg(t, { name: 'Sessions KK' });
    actor = await createActor(t, org.id, ['global_admin', 'billing_admin']);
  });

  test('signs in: 201, an httpOnly SameSite=Lax session cookie for the whole site, and a CSRF token', async () => {
    const response = await signIn(actor.email, actor.password);
    assert.equal(response.statusCode, 201, response.body);
    const cookie = setCookieOf(response);
    assert.match(cookie, /^licentia_session=ses_[A-Za-z0-9_-]{20,};/);
    assert.match(cookie, /;\s*HttpOnly(;|$)/i);
    assert.match(cookie, /;\s*SameSite=Lax(;|$)/i);
    assert.match(cookie, /;\s*Path=\/(;|$)/);
    const body = response.json();
    assert.equal(body.user.id, actor.userId);
    assert.equal(body.user.email, actor.email);
    assert.equal(typeof body.csrfToken, 'string');
    assert.ok(body.csrfToken.length >= 20);
    assert.equal(body.expiresAt, t.clock.now().add({ hours: t.ctx.config.sessionTtlHours }).toString({ smallestUnit: 'millisecond' }));
    // The cookie expires with the session (HTTP dates have whole seconds).
    const expires = /;\s*Expires=([^;]+)/i.exec(cookie)?.[1];
    assert.ok(expires, 'the cookie has an expiry');
    assert.equal(new Date(expires).getTime(), Math.floor(Date.parse(body.expiresAt) / 1000) * 1000);
    // The secret is neither in the body nor in the logs.
    const { token } = sessionOf(response);
    assert.ok(!response.body.includes(token));
    assert.ok(!t.logs.join('').includes(token), 'the session token never reaches the logs');
    assert.ok(!t.logs.join('').includes(actor.password), 'the password never reaches the logs');
  });

  test('the cookie identifies the user on GET /v1/me, with each organization and its roles', async () => {
    const other = await createOrg(t, { name: 'Second Org' });
    await createActor(t, other.id, ['member'], { email: actor.email });
    const session = sessionOf(await signIn(actor.email, actor.password));
    const response = await me(session.headers);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.user.id, actor.userId);
    assert.equal(body.user.email, actor.email);
    assert.equal(body.token, null);
    const organizations = body.organizations
      .map(({ effectiveRoles: _, ...o }: { id: string; name: string; kind: string; roles: string[]; effectiveRoles: string[] }) => ({ ...o, roles: [...o.roles].sort() }))
      .sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id));
    assert.deepEqual(
      organizations,
      [
        { id: org.id, name: 'Sessions KK', kind: 'customer', roles: ['billing_admin', 'global_admin'] },
        { id: other.id, name: 'Second Org', kind: 'customer', roles: ['member'] },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  test("GET /v1/me gives a reloaded portal the session's CSRF token and each organization's effective roles", async () => {
    // Signed in by the fixture: the account's sign-in limit belongs to the tests around.
    const session = await signInAs(t, actor.userId);
    const body = (await me(session.headers)).json();
    assert.equal(body.csrfToken, session.writeHeaders['x-csrf-token']);
    const own = body.organizations.find((o: { id: string }) => o.id === org.id);
    assert.deepEqual([...own.effectiveRoles].sort(), ['billing_admin', 'global_admin', 'license_admin', 'member', 'user_admin']);
    // The token read from /v1/me is the session's own: a write with it succeeds.
    const write = await t.inject({ method: 'PATCH', url: `/v1/organizations/${org.id}`, headers: { ...session.headers, 'x-csrf-token': body.csrfToken }, payload: { name: 'Sessions KK' } });
    assert.equal(write.statusCode, 200, write.body);
    // An API token has no session, and so no CSRF token.
    const token = await createToken(t, org.id, ['member']);
    const asToken = (await me(token.headers)).json();
    assert.equal(asToken.csrfToken, null);
    assert.deepEqual(asToken.organizations.map((o: { effectiveRoles: string[] }) => o.effectiveRoles), [['member']]);
  });

  test('without a cookie, GET /v1/me is 401 UNAUTHENTICATED; a forged cookie too', async () => {
    assertProblem(await me({}), 401, 'UNAUTHENTICATED');
    assertProblem(await me({ cookie: `${SESSION_COOKIE}=ses_forged` }), 401, 'UNAUTHENTICATED');
  });

  test('a write with the session cookie needs the csrfToken of that session', async () => {
    const session = sessionOf(await signIn(actor.email, actor.password));
    const patch = (headers: Record<string, string>, name: string) =>
      t.inject({ method: 'PATCH', url: `/v1/organizations/${org.id}`, headers, payload: { name } });

    assertProblem(await patch(session.headers, 'No CSRF'), 403, 'CSRF_TOKEN_INVALID');
    assertProblem(await patch({ ...session.headers, 'x-csrf-token': 'wrong-token' }, 'Wrong CSRF'), 403, 'CSRF_TOKEN_INVALID');
    // The token of another session of the same user is not this session's token.
    const another = sessionOf(await signIn(actor.email, actor.password));
    assertProblem(await patch({ ...session.headers, 'x-csrf-token': another.csrfToken }, 'Other CSRF'), 403, 'CSRF_TOKEN_INVALID');
    const unchanged = await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: session.headers });
    assert.equal(unchanged.json().name, 'Sessions KK', 'a refused write changes nothing');

    const ok = await patch(session.writeHeaders, 'Sessions KK Renamed');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().name, 'Sessions KK Renamed');
    assert.equal((await patch(session.writeHeaders, 'Sessions KK')).statusCode, 200);
  });

  test('a wrong password and an unknown email both answer 401 INVALID_CREDENTIALS with the same body', async () => {
    const wrongPassword = await signIn(actor.email, 'not the password at all');
    const unknownEmail = await signIn('nobody-here@example.com', actor.password);
    const a = assertProblem(wrongPassword, 401, 'INVALID_CREDENTIALS');
    const b = assertProblem(unknownEmail, 401, 'INVALID_CREDENTIALS');
    assert.equal(wrongPassword.headers['set-cookie'], undefined);
    assert.equal(unknownEmail.headers['set-cookie'], undefined);
    const { requestId: _a, ...restA } = a;
    const { requestId: _b, ...restB } = b;
    assert.deepEqual(restA, restB);
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  });

  test('the email is matched case- and width-insensitively', async () => {
    const user = await createActor(t, org.id, ['member']);
    const fullWidth = user.email.toUpperCase().replace('@', '＠');
    const response = await signIn(fullWidth, user.password);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().user.id, user.userId);
  });
});

describe('sign-in rate limit', () => {
  test('5 attempts per minute per account: the 6th, even from a new address with the right password, is 429 with Retry-After', async () => {
    const org = await createOrg(t);
    const victim = await createActor(t, org.id, ['member']);
    // A fresh window, partly elapsed: Retry-After is what is left of it.
    const second = Math.floor(t.clock.now().epochMilliseconds / 1000) % 60;
    t.clock.advance({ seconds: 60 + ((80 - second) % 60) });
    assert.equal(Math.floor(t.clock.now().epochMilliseconds / 1000) % 60, 20);
    for (let i = 0; i < 5; i++) {
      assertProblem(await signIn(victim.email, `wrong password ${i}`), 401, 'INVALID_CREDENTIALS');
    }
    const limited = await signIn(victim.email, victim.password, { language: 'en' });
    const body = assertProblem(limited, 429, 'RATE_LIMITED');
    assert.equal(limited.headers['set-cookie'], undefined);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${limited.headers['retry-after']}`);
    assert.equal(retryAfter, 40, 'the window started 20 s ago');
    assert.match(body.title, /^Too many attempts\. Try again in 40 seconds\./);

    const japanese = assertProblem(await signIn(victim.email, victim.password, { language: 'ja' }), 429, 'RATE_LIMITED');
    assert.match(japanese.title, /試行回数が多すぎます。40 秒後にもう一度お試しください。/);

    // Email case does not open another bucket.
    assertProblem(await signIn(victim.email.toUpperCase(), victim.password), 429, 'RATE_LIMITED');

    // Still limited just before the window ends; allowed again once it has passed.
    t.clock.advance({ seconds: 39 });
    assertProblem(await signIn(victim.email, victim.password), 429, 'RATE_LIMITED');
    t.clock.advance({ seconds: 60 });
    const again = await signIn(victim.email, victim.password);
    assert.equal(again.statusCode, 201, again.body);
  });

  test('5 attempts per minute per address: a different account from the same address is limited too', async () => {
    const org = await createOrg(t);
    const first = await createActor(t, org.id, ['member']);
    const second = await createActor(t, org.id, ['member']);
    t.clock.advance({ seconds: 60 });
    const address = freshAddress();
    for (let i = 0; i < 5; i++) {
      assertProblem(await signIn(first.email, `wrong password ${i}`, { address }), 401, 'INVALID_CREDENTIALS');
    }
    // The second account has had no attempt at all; the address has had five.
    const limited = await signIn(second.email, second.password, { address });
    assertProblem(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${limited.headers['retry-after']}`);
    // Unknown emails from the address are limited as well (probing for accounts).
    assertProblem(await signIn('unknown-person@example.com', 'whatever it is', { address }), 429, 'RATE_LIMITED');

    // From another address, the second account signs in: the limit was the address's.
    assert.equal((await signIn(second.email, second.password)).statusCode, 201);

    // After the window passes, the address may sign in again.
    t.clock.advance({ seconds: 60 });
    const again = await signIn(second.email, second.password, { address });
    assert.equal(again.statusCode, 201, again.body);
  });

  test('the limit holds from the first attempt of a window: 5 good sign-ins pass, the 6th does not', async () => {
    const org = await createOrg(t);
    const user = await createActor(t, org.id, ['member']);
    t.clock.advance({ seconds: 60 });
    for (let i = 0; i < 5; i++) assert.equal((await signIn(user.email, user.password)).statusCode, 201);
    assertProblem(await signIn(user.email, user.password), 429, 'RATE_LIMITED');
  });
});

describe('session lifetime', () => {
  let actor: Actor;
  before(async () => {
    const org = await createOrg(t);
    actor = await createActor(t, org.id, ['member']);
  });

  test('sign-out (DELETE /v1/session with CSRF) → 204, clears the cookie, and the session no longer works', async () => {
    const session = sessionOf(await signIn(actor.email, actor.password));
    const other = sessionOf(await signIn(actor.email, actor.password));
    // Sign-out is a write: it needs the CSRF token too.
    assertProblem(await t.inject({ method: 'DELETE', url: '/v1/session', headers: session.headers }), 403, 'CSRF_TOKEN_INVALID');
    assert.equal((await me(session.headers)).statusCode, 200);

    const out = await t.inject({ method: 'DELETE', url: '/v1/session', headers: session.writeHeaders });
    assert.equal(out.statusCode, 204, out.body);
    assert.equal(out.body, '');
    assert.match(setCookieOf(out), /^licentia_session=;.*Max-Age=0/i);
    assertProblem(await me(session.headers), 401, 'UNAUTHENTICATED');
    assertProblem(await t.inject({ method: 'DELETE', url: '/v1/session', headers: session.writeHeaders }), 401, 'UNAUTHENTICATED');
    // Only that session ended.
    assert.equal((await me(other.headers)).statusCode, 200);
  });

  test('a session expires after sessionTtlHours: then it is anonymous (401 on /v1/me)', async () => {
    const session = sessionOf(await signIn(actor.email, actor.password));
    const ttlHours = t.ctx.config.sessionTtlHours;
    assert.equal(ttlHours, 12, 'the default TTL');
    t.clock.advance({ hours: ttlHours });
    t.clock.advance({ seconds: -1 });
    assert.equal((await me(session.headers)).statusCode, 200, 'still valid one second before expiry');
    t.clock.advance({ seconds: 2 });
    assertProblem(await me(session.headers), 401, 'UNAUTHENTICATED');
    // An expired cookie on a write is anonymous, not a CSRF failure.
    const write = await t.inject({ method: 'DELETE', url: '/v1/session', headers: session.writeHeaders });
    assertProblem(write, 401, 'UNAUTHENTICATED');
  });

  test('a user who belongs to no organization (any more) is still signed in, with no organizations', async () => {
    const org = await createOrg(t);
    const loner = await createActor(t, org.id, ['member']);
    // The session and the memberships are read together: no membership must not mean no session.
    await t.ctx.database.db.deleteFrom('memberships').where('user_id', '=', loner.userId).execute();
    const response = await me(loner.headers);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().user.id, loner.userId);
    assert.deepEqual(response.json().organizations, []);
    // A write needs the session's CSRF token as before; with it the caller is a user (403, not 401).
    assertProblem(await t.inject({ method: 'PATCH', url: `/v1/organizations/${org.id}`, headers: loner.headers, payload: { name: 'x' } }), 403, 'CSRF_TOKEN_INVALID');
  });
});

describe('POST /v1/me/password', () => {
  test('changes the password: the old one fails, the new one works; other sessions end, the current one stays', async () => {
    const org = await createOrg(t);
    const actor = await createActor(t, org.id, ['global_admin']);
    const current = sessionOf(await signIn(actor.email, actor.password));
    const other = sessionOf(await signIn(actor.email, actor.password));
    const direct = await signInAs(t, actor.userId);
    const newPassword = 'a much better passphrase 2026';

    const changed = await t.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: current.writeHeaders,
      payload: { currentPassword: actor.password, newPassword },
    });
    assert.equal(changed.statusCode, 204, changed.body);

    assert.equal((await me(current.headers)).statusCode, 200, 'the current session stays');
    assertProblem(await me(other.headers), 401, 'UNAUTHENTICATED');
    assertProblem(await me(direct.headers), 401, 'UNAUTHENTICATED');
    assertProblem(await signIn(actor.email, actor.password), 401, 'INVALID_CREDENTIALS');
    assert.equal((await signIn(actor.email, newPassword)).statusCode, 201);

    const audit = await t.ctx.database.db.selectFrom('audit_events').selectAll()
      .where('organization_id', '=', org.id).where('action', '=', 'user.password_changed').execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit).includes(newPassword));
    assert.ok(!t.logs.join('').includes(newPassword), 'the new password never reaches the logs');
  });

  test('refuses a weak new password (422 WEAK_PASSWORD) and a wrong current one (422 CURRENT_PASSWORD_INCORRECT), changing nothing', async () => {
    const org = await createOrg(t);
    const actor = await createActor(t, org.id, ['member']);
    const current = sessionOf(await signIn(actor.email, actor.password));
    const other = sessionOf(await signIn(actor.email, actor.password));
    const change = (body: object, headers: Record<string, string> = current.writeHeaders) =>
      t.inject({ method: 'POST', url: '/v1/me/password', headers, payload: body });

    const weak = assertProblem(await change({ currentPassword: actor.password, newPassword: 'short' }), 422, 'WEAK_PASSWORD');
    assert.equal(weak.minLength, 10);
    // 422, not 401: the caller is signed in, and a portal must not read this as "signed out".
    assertProblem(await change({ currentPassword: 'not my password', newPassword: 'a perfectly fine passphrase' }), 422, 'CURRENT_PASSWORD_INCORRECT');
    assertProblem(await change({ currentPassword: actor.password, newPassword: 'a perfectly fine passphrase' }, current.headers), 403, 'CSRF_TOKEN_INVALID');

    assert.equal((await me(other.headers)).statusCode, 200, 'a refused change signs nobody out');
    assert.equal((await me(current.headers)).statusCode, 200);
    assertProblem(await signIn(actor.email, 'a perfectly fine passphrase'), 401, 'INVALID_CREDENTIALS');
    assert.equal((await signIn(actor.email, actor.password)).statusCode, 201, 'the old password still works');
  });

  test('an API token cannot change a password', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const created = await t.inject({
      method: 'POST',
      url: `/v1/organizations/${org.id}/api-tokens`,
      headers: admin.writeHeaders,
      payload: { name: 'ci', roles: ['global_admin'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const response = await t.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: { authorization: `Bearer ${created.json().token}` },
      payload: { currentPassword: admin.password, newPassword: 'a perfectly fine passphrase' },
    });
    assertProblem(response, 401, 'UNAUTHENTICATED');
  });
});
