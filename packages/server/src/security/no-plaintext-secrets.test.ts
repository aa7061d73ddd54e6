// No password, token or session secret is ever stored or logged in plaintext (SPEC §10). The
// test uses every path that handles a secret, then dumps the database (the raw SQLite file with
// its WAL, or pg_dump on PostgreSQL, plus every row through SQL) and the logs, and greps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createActor, createOrg } from '../../test/support/fixtures.ts';
import { rawDump, sqlDump } from '../../test/support/dump.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';

let t: TestApp;
const secrets = new Map<string, string>();

before(async () => {
  t = await createTestApp({ logLevel: 'trace' });
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
  const admin = await createActor(t, vendor.id, ['vendor_admin'], { email: 'dump-admin@example.com' });
  secrets.set('password', admin.password);

  const signIn = await t.inject({
    method: 'POST',
    url: '/v1/sessions',
    headers: { 'idempotency-key': 'sign-in-1' },
    payload: { email: admin.email, password: admin.password },
  });
  assert.equal(signIn.statusCode, 201, signIn.body);
  const sessionToken = signIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const csrf = signIn.json().csrfToken as string;
  secrets.set('session token', sessionToken).set('csrf token', csrf);
  const headers = { cookie: `${SESSION_COOKIE}=${sessionToken}`, 'x-csrf-token': csrf };

  const customer = await t.inject({ method: 'POST', url: '/v1/organizations', headers, payload: { kind: 'customer', name: 'Dump KK', country: 'JP' } });
  const customerId = customer.json().id as string;
  const member = await t.inject({
    method: 'POST',
    url: `/v1/organizations/${customerId}/members`,
    headers: { ...headers, 'idempotency-key': 'member-1' },
    payload: { email: 'new-member@example.com', name: 'New Member', roles: ['global_admin'] },
  });
  assert.equal(member.statusCode, 201, member.body);
  secrets.set('generated password', member.json().initialPassword);

  const token = await t.inject({
    method: 'POST',
    url: `/v1/organizations/${vendor.id}/api-tokens`,
    headers: { ...headers, 'idempotency-key': 'token-1' },
    payload: { name: 'ci', roles: ['vendor_admin'] },
  });
  assert.equal(token.statusCode, 201, token.body);
  const apiToken = token.json().token as string;
  secrets.set('API token', apiToken).set('API token body', apiToken.slice('lic_'.length));
  // Use it, fail with a wrong one, change the password: every path that touches a secret.
  assert.equal((await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${apiToken}` } })).statusCode, 200);
  assert.equal((await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${apiToken}x` } })).statusCode, 401);
  const newPassword = 'a brand new passphrase 2026';
  const changed = await t.inject({ method: 'POST', url: '/v1/me/password', headers, payload: { currentPassword: admin.password, newPassword } });
  assert.equal(changed.statusCode, 204, changed.body);
  secrets.set('new password', newPassword);
  await t.inject({ method: 'POST', url: '/v1/sessions', payload: { email: admin.email, password: 'a wrong password guess' } });
  secrets.set('wrong password', 'a wrong password guess');
});
after(() => t.close());

test('the database holds no secret in plaintext (rows through SQL, and the raw dump)', async () => {
  const dumps = { sql: await sqlDump(t), raw: rawDump(t) };
  assert.ok(dumps.sql.includes('dump-admin@example.com'), 'the dump is real: it holds ordinary data');
  assert.ok(dumps.raw.includes('dump-admin@example.com'), 'the raw dump is real: it holds ordinary data');
  for (const [kind, dump] of Object.entries(dumps)) {
    for (const [name, secret] of secrets) {
      assert.ok(!dump.includes(secret), `the ${kind} dump contains the ${name}`);
    }
  }
});

test('the logs hold no secret, though they record every request', () => {
  const logs = t.logs.join('');
  assert.ok(logs.includes('/v1/sessions'), 'the logs are real: they record requests');
  for (const [name, secret] of secrets) assert.ok(!logs.includes(secret), `the logs contain the ${name}`);
});
