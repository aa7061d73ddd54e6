// Bad input of every kind gets problem+json with a stable code, in the caller's language, and
// changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../test/support/fixtures.ts';

let t: TestApp;
let vendorAdmin: Actor;

before(async () => {
  t = await createTestApp({ bodyLimitBytes: 2048 });
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
  vendorAdmin = await createActor(t, vendor.id, ['vendor_admin']);
});
after(() => t.close());

async function organizationCount(): Promise<number> {
  const row = await t.ctx.database.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function assertProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string) {
  assert.equal(response.statusCode, status);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.equal(body.type, `urn:licentia:problem:${code}`);
  assert.match(body.requestId, /^req_/);
  assert.equal(response.headers['x-request-id'], body.requestId);
  return body;
}

const CASES = [
  {
    name: 'malformed JSON',
    code: 'MALFORMED_JSON',
    status: 400,
    request: { payload: '{"kind": "customer", "name": ', headers: { 'content-type': 'application/json' } },
    en: /not valid JSON/,
    ja: /正しい JSON ではありません/,
  },
  {
    name: 'a wrong type',
    code: 'VALIDATION_FAILED',
    status: 400,
    request: { payload: { kind: 'customer', name: 42, country: 'JP' } },
    en: /not valid: body\/name must be string/,
    ja: /正しくありません: body\/name must be string/,
  },
  {
    name: 'an unknown property',
    code: 'VALIDATION_FAILED',
    status: 400,
    request: { payload: { kind: 'customer', name: 'X', country: 'JP', colour: 'red' } },
    en: /body\/colour must NOT have additional properties/,
    ja: /body\/colour/,
  },
  {
    name: 'an oversized body',
    code: 'BODY_TOO_LARGE',
    status: 413,
    request: { payload: { kind: 'customer', name: 'x'.repeat(5000), country: 'JP' } },
    en: /larger than 2048 bytes/,
    ja: /上限 \(2048 バイト\)/,
  },
  {
    name: 'an unsupported content type',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    request: { payload: 'kind=customer', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    en: /not accepted: application\/x-www-form-urlencoded/,
    ja: /受け付けられません/,
  },
] as const;

describe('bad input to POST /v1/organizations', () => {
  for (const c of CASES) {
    for (const language of ['en', 'ja'] as const) {
      test(`${c.name} → ${c.code} in ${language}, nothing created`, async () => {
        const before = await organizationCount();
        const headers: Record<string, string> = { ...vendorAdmin.writeHeaders, 'accept-language': language === 'ja' ? 'ja-JP,ja;q=0.9,en;q=0.5' : 'en-US' };
        if ('headers' in c.request) Object.assign(headers, c.request.headers);
        const response = await t.inject({ method: 'POST', url: '/v1/organizations', headers, payload: c.request.payload });
        const body = assertProblem(response, c.status, c.code);
        assert.match(body.title, c[language]);
        assert.equal(typeof body.detail === 'string' || body.detail === undefined, true);
        assert.equal(await organizationCount(), before);
      });
    }
  }

  test('a validation problem lists each wrong field with a JSON pointer', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/organizations',
      headers: vendorAdmin.writeHeaders,
      payload: { kind: 'reseller', name: '', country: 'JP' },
    });
    const body = assertProblem(response, 400, 'VALIDATION_FAILED');
    const pointers = body.errors.map((e: { pointer: string }) => e.pointer);
    assert.ok(pointers.includes('/kind'), JSON.stringify(body.errors));
    assert.ok(pointers.includes('/name'), JSON.stringify(body.errors));
  });
});

describe('unknown routes', () => {
  for (const [language, pattern] of [['en', /There is no such endpoint: GET \/v1\/nothing-here/], ['ja', /そのエンドポイントはありません/]] as const) {
    test(`answer ROUTE_NOT_FOUND in ${language}`, async () => {
      const response = await t.inject({ method: 'GET', url: '/v1/nothing-here?x=1', headers: { 'accept-language': language } });
      const body = assertProblem(response, 404, 'ROUTE_NOT_FOUND');
      assert.match(body.title, pattern);
      assert.equal(body.path, '/v1/nothing-here');
    });
  }
});

test('Accept-Language follows q-values, and falls back to English', async () => {
  const ask = async (header?: string) =>
    (await t.inject({ method: 'GET', url: '/v1/none', headers: header ? { 'accept-language': header } : {} })).json().title as string;
  assert.match(await ask('en;q=0.4, ja;q=0.8'), /エンドポイント/);
  assert.match(await ask('fr-FR, en;q=0.5'), /no such endpoint/);
  assert.match(await ask('fr-FR'), /no such endpoint/);
  assert.match(await ask(), /no such endpoint/);
});
