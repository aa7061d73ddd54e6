// API tokens: shown once, stored hashed, acting with their own roles only (never more than
// their creator's), needing no CSRF, revocable at once, optionally expiring, and confined to
// their organization.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, createToken, type Actor } from '../../../test/support/fixtures.ts';
import { inTransaction } from '../../db/transaction.ts';
import { ERROR_CATALOG, fillTemplate } from '../../errors/catalog.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { createApiToken } from './service.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, code);
  return body;
}

const tokensUrl = (organizationId: string) => `/v1/organizations/${organizationId}/api-tokens`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function createVia(headers: Record<string, string>, organizationId: string, body: object) {
  return t.inject({ method: 'POST', url: tokensUrl(organizationId), headers, payload: body });
}

function rename(headers: Record<string, string>, organizationId: string, name: string) {
  return t.inject({ method: 'PATCH', url: `/v1/organizations/${organizationId}`, headers, payload: { name } });
}

describe('creating and listing', () => {
  let org: { id: string };
  let admin: Actor;
  before(async () => {
    org = await createOrg(t);
    admin = await createActor(t, org.id, ['global_admin', 'billing_admin']);
  });

  test('a global admin creates a token: 201, the lic_ secret only in that response, a displayPrefix in the list', async () => {
    const created = await createVia(admin.writeHeaders, org.id, { name: 'ERP sync', roles: ['billing_admin'] });
    assert.equal(created.statusCode, 201, created.body);
    const { apiToken, token } = created.json();
    assert.match(token, /^lic_[A-Za-z0-9_-]{40,}$/);
    assert.match(apiToken.id, /^tok_/);
    assert.equal(apiToken.organizationId, org.id);
    assert.equal(apiToken.name, 'ERP sync');
    assert.deepEqual(apiToken.roles, ['billing_admin']);
    assert.equal(apiToken.expiresAt, null);
    assert.equal(apiToken.revokedAt, null);
    assert.ok(token.startsWith(apiToken.displayPrefix));
    assert.ok(apiToken.displayPrefix.startsWith('lic_'));
    assert.ok(apiToken.displayPrefix.length < token.length / 2, 'the prefix is far too short to use');

    const list = await t.inject({ method: 'GET', url: tokensUrl(org.id), headers: admin.headers });
    assert.equal(list.statusCode, 200, list.body);
    const listed = list.json().data.find((row: { id: string }) => row.id === apiToken.id);
    assert.deepEqual(listed, apiToken);
    assert.ok(!list.body.includes(token), 'the list never shows the secret');

    const row = await t.ctx.database.db.selectFrom('api_tokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    assert.ok(!Object.values(row).some((value) => typeof value === 'string' && value.includes(token)), 'stored only hashed');
    assert.ok(!t.logs.join('').includes(token), 'the secret never reaches the logs');

    const audit = await t.ctx.database.db.selectFrom('audit_events').selectAll()
      .where('organization_id', '=', org.id).where('action', '=', 'api_token.created').where('target_id', '=', apiToken.id).execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit).includes(token));
  });

  test('roles beyond the creator\'s are refused: TOKEN_ROLES_EXCEED_CALLER naming them, nothing created', async () => {
    // Through the API every caller allowed to create tokens (the organization's administrator,
    // or a token of it) holds every role of its organization, so the rule is checked on the service.
    const count = async () => (await t.ctx.database.db.selectFrom('api_tokens').select('id').where('organization_id', '=', org.id).execute()).length;
    const before = await count();
    await assert.rejects(
      inTransaction(t.ctx.database.db, (tx) =>
        createApiToken(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, org.id, { userId: admin.userId, roles: new Set(['billing_admin']) }, {
          name: 'too much',
          roles: ['billing_admin', 'license_admin', 'global_admin'],
        }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'TOKEN_ROLES_EXCEED_CALLER');
        assert.deepEqual(error.details.roles, ['license_admin', 'global_admin']);
        return true;
      },
    );
    assert.equal(await count(), before);
    assert.equal(ERROR_CATALOG.TOKEN_ROLES_EXCEED_CALLER.status, 403);
    assert.equal(fillTemplate(ERROR_CATALOG.TOKEN_ROLES_EXCEED_CALLER.title.en, { roles: ['license_admin'] }), 'A token cannot have roles its creator does not have: license_admin.');
  });

  test('a token may create a token within its own roles, without CSRF', async () => {
    const { token } = (await createVia(admin.writeHeaders, org.id, { name: 'admin only', roles: ['global_admin'] })).json();
    const minted = await createVia(bearer(token), org.id, { name: 'same', roles: ['global_admin'] });
    assert.equal(minted.statusCode, 201, minted.body);
    assert.match(minted.json().token, /^lic_/);
  });

  test('a role of another kind of organization is refused (422), an expiry in the past too', async () => {
    assertProblem(await createVia(admin.writeHeaders, org.id, { name: 'x', roles: ['vendor_admin'] }), 422, 'ROLE_NOT_FOR_ORGANIZATION');
    const past = t.clock.now().subtract({ seconds: 1 }).toString();
    assertProblem(await createVia(admin.writeHeaders, org.id, { name: 'x', roles: ['global_admin'], expiresAt: past }), 400, 'VALIDATION_FAILED');
  });

  test('only administrators manage tokens (403 for a billing admin without global_admin)', async () => {
    const billing = await createActor(t, org.id, ['billing_admin']);
    assertProblem(await createVia(billing.writeHeaders, org.id, { name: 'x', roles: ['billing_admin'] }), 403, 'ROLE_REQUIRED');
    assertProblem(await t.inject({ method: 'GET', url: tokensUrl(org.id), headers: billing.headers }), 403, 'ROLE_REQUIRED');
  });

  test('creating with the session cookie needs CSRF', async () => {
    assertProblem(await createVia(admin.headers, org.id, { name: 'x', roles: ['global_admin'] }), 403, 'CSRF_TOKEN_INVALID');
  });
});

describe('acting with a token', () => {
  test('a token acts with its own roles only: member cannot PATCH the organization, global_admin can, without CSRF', async () => {
    const org = await createOrg(t, { name: 'Token KK' });
    const admin = await createActor(t, org.id, ['global_admin', 'member']);
    const memberToken = (await createVia(admin.writeHeaders, org.id, { name: 'reader', roles: ['member'] })).json().token as string;
    const adminToken = (await createVia(admin.writeHeaders, org.id, { name: 'writer', roles: ['global_admin'] })).json().token as string;

    const read = await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: bearer(memberToken) });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().name, 'Token KK');

    const refused = assertProblem(await rename(bearer(memberToken), org.id, 'By member token'), 403, 'ROLE_REQUIRED');
    assert.ok(refused.roles.includes('global_admin'));
    assertProblem(await t.inject({ method: 'GET', url: tokensUrl(org.id), headers: bearer(memberToken) }), 403, 'ROLE_REQUIRED');

    const renamed = await rename(bearer(adminToken), org.id, 'By admin token');
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().name, 'By admin token');

    const audit = await t.ctx.database.db.selectFrom('audit_events').selectAll()
      .where('organization_id', '=', org.id).where('action', '=', 'organization.updated').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_type, 'token');

    const me = await t.inject({ method: 'GET', url: '/v1/me', headers: bearer(memberToken) });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().user, null);
    assert.equal(me.json().token.organizationId, org.id);
    assert.deepEqual(me.json().organizations.map((o: { id: string; roles: string[] }) => [o.id, o.roles]), [[org.id, ['member']]]);
  });

  test('a bearer token wins over a session cookie: the request gets the token\'s roles, not the user\'s', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin', 'member']);
    const { token } = (await createVia(admin.writeHeaders, org.id, { name: 'reader', roles: ['member'] })).json();
    assertProblem(await rename({ ...admin.writeHeaders, ...bearer(token) }, org.id, 'Mixed'), 403, 'ROLE_REQUIRED');
  });

  test('revoking a token: 401 UNAUTHENTICATED at once; revoking again is harmless', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const { apiToken, token } = (await createVia(admin.writeHeaders, org.id, { name: 'short-lived', roles: ['global_admin'] })).json();
    assert.equal((await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: bearer(token) })).statusCode, 200);

    const revoked = await t.inject({ method: 'DELETE', url: `${tokensUrl(org.id)}/${apiToken.id}`, headers: admin.writeHeaders });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().revokedAt, t.clock.now().toString({ smallestUnit: 'millisecond' }));

    assertProblem(await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: bearer(token) }), 401, 'UNAUTHENTICATED');
    assertProblem(await rename(bearer(token), org.id, 'After revoke'), 401, 'UNAUTHENTICATED');
    const again = await t.inject({ method: 'DELETE', url: `${tokensUrl(org.id)}/${apiToken.id}`, headers: admin.writeHeaders });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().revokedAt, revoked.json().revokedAt);
    const list = (await t.inject({ method: 'GET', url: tokensUrl(org.id), headers: admin.headers })).json();
    assert.equal(list.data.find((row: { id: string }) => row.id === apiToken.id).revokedAt, revoked.json().revokedAt);
    assertProblem(await t.inject({ method: 'DELETE', url: `${tokensUrl(org.id)}/tok_nothing`, headers: admin.writeHeaders }), 404, 'NOT_FOUND');
  });

  test('an expiring token works until expiresAt and is 401 from then on', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const expiresAt = t.clock.now().add({ hours: 1 });
    const created = await createVia(admin.writeHeaders, org.id, { name: 'one hour', roles: ['global_admin'], expiresAt: expiresAt.toString() });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().apiToken.expiresAt, expiresAt.toString({ smallestUnit: 'millisecond' }));
    const token = created.json().token as string;
    const get = () => t.inject({ method: 'GET', url: `/v1/organizations/${org.id}`, headers: bearer(token) });

    t.clock.advance({ minutes: 59, seconds: 59 });
    assert.equal((await get()).statusCode, 200, 'one second before expiry');
    t.clock.advance({ seconds: 1 });
    assertProblem(await get(), 401, 'UNAUTHENTICATED');
    t.clock.advance({ hours: 24 });
    assertProblem(await get(), 401, 'UNAUTHENTICATED');
  });

  test('expiresInDays counts from the server\'s clock; with expiresAt as well, or out of 1–3650, it is refused', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const created = await createVia(admin.writeHeaders, org.id, { name: 'thirty days', roles: ['global_admin'], expiresInDays: 30 });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().apiToken.expiresAt, t.clock.now().add({ hours: 24 * 30 }).toString({ smallestUnit: 'millisecond' }));
    const both = { name: 'x', roles: ['global_admin'], expiresInDays: 1, expiresAt: t.clock.now().add({ hours: 1 }).toString() };
    assertProblem(await createVia(admin.writeHeaders, org.id, both), 400, 'VALIDATION_FAILED');
    for (const days of [0, 3651, 1.5]) {
      assertProblem(await createVia(admin.writeHeaders, org.id, { name: 'x', roles: ['global_admin'], expiresInDays: days }), 400, 'VALIDATION_FAILED');
    }
    const tokens = (await t.inject({ method: 'GET', url: tokensUrl(org.id), headers: admin.headers })).json().data;
    assert.deepEqual(tokens.map((row: { name: string }) => row.name), ['thirty days'], 'nothing stored by a refusal');
  });

  test('malformed or unknown bearer credentials: 401 UNAUTHENTICATED, never anonymous access', async () => {
    const org = await createOrg(t);
    const { token } = await createToken(t, org.id, ['member']);
    for (const authorization of ['Bearer nope', 'Bearer ', 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer lic_${'x'.repeat(43)}`, `Bearer ${token}x`, `Token ${token}`, token]) {
      const response = await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization } });
      assertProblem(response, 401, 'UNAUTHENTICATED');
    }
    // The scheme is case-insensitive; the token itself works.
    assert.equal((await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `bearer ${token}` } })).statusCode, 200);
  });

  test('a token of organization A cannot see or touch organization B (404)', async () => {
    const a = await createOrg(t);
    const b = await createOrg(t, { name: 'Other Org' });
    const bAdmin = await createActor(t, b.id, ['global_admin']);
    const { token } = await createToken(t, a.id, ['global_admin']);
    const bToken = await createToken(t, b.id, ['member']);
    const headers = bearer(token);

    assertProblem(await t.inject({ method: 'GET', url: `/v1/organizations/${b.id}`, headers }), 404, 'NOT_FOUND');
    assertProblem(await rename(headers, b.id, 'Hijacked'), 404, 'NOT_FOUND');
    assertProblem(await t.inject({ method: 'GET', url: tokensUrl(b.id), headers }), 404, 'NOT_FOUND');
    assertProblem(await createVia(headers, b.id, { name: 'x', roles: ['global_admin'] }), 404, 'NOT_FOUND');
    assertProblem(await t.inject({ method: 'DELETE', url: `${tokensUrl(b.id)}/${bToken.id}`, headers }), 404, 'NOT_FOUND');
    assertProblem(await t.inject({ method: 'GET', url: `/v1/organizations/${b.id}/members`, headers }), 404, 'NOT_FOUND');
    // B's token cannot be revoked through A's URL either.
    assertProblem(await t.inject({ method: 'DELETE', url: `${tokensUrl(a.id)}/${bToken.id}`, headers }), 404, 'NOT_FOUND');

    const list = await t.inject({ method: 'GET', url: '/v1/organizations', headers });
    assert.deepEqual(list.json().data.map((o: { id: string }) => o.id), [a.id]);
    assert.equal((await t.inject({ method: 'GET', url: `/v1/organizations/${b.id}`, headers: bAdmin.headers })).json().name, 'Other Org');
    assert.equal((await t.inject({ method: 'GET', url: '/v1/me', headers: bToken.headers })).statusCode, 200, 'B\'s token is untouched');
  });
});
