// The portal at `/`: its files with the right types, validators, caching and CSP; index.html
// for page paths (the browser's router); never for API paths, which keep their problem details.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';
import { PORTAL_CSP } from './routes.ts';

const INDEX = '<!doctype html><html lang="ja"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

let dir: string;
let t: TestApp;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'licentia-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.source-hash'), 'not for browsers');
  t = await createTestApp({ portalDir: dir });
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built portal', () => {
  test('/ is index.html: revalidated on every use, with a CSP that allows no inline code', async () => {
    const response = await t.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, INDEX);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.equal(response.headers['content-security-policy'], PORTAL_CSP);
    assert.match(PORTAL_CSP, /script-src 'self'(;|$)/);
    assert.doesNotMatch(PORTAL_CSP, /unsafe-inline|unsafe-eval/);
    assert.match(PORTAL_CSP, /frame-ancestors 'none'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    const etag = response.headers.etag as string;
    assert.match(etag, /^"[\w-]{22}"$/);
    const again = await t.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  test('a page path of the portal (a deep link, a reload) is index.html too', async () => {
    for (const url of ['/sign-in', '/o/org_01ABC/subscriptions/sub_01XYZ', '/vendor/key-batches?page=2']) {
      const response = await t.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.body, INDEX, url);
      assert.equal(response.headers['content-security-policy'], PORTAL_CSP, url);
    }
  });

  test('hashed assets are cached for a year, and gzipped for browsers that accept it', async () => {
    const plain = await t.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.body, SCRIPT);
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['content-security-policy'], undefined);
    const gzipped = await t.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gzipped.headers.vary, 'accept-encoding');
    assert.ok(gzipped.rawPayload.length < SCRIPT.length / 10);
    assert.equal(gunzipSync(gzipped.rawPayload).toString(), SCRIPT);
    const svg = await t.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    assert.equal(svg.headers['cache-control'], 'no-cache');
  });

  test('a missing file is a 404, never the page (a browser would run HTML as a script); dotfiles are not served', async () => {
    for (const url of ['/assets/index-Missing0.js', '/favicon.ico', '/.source-hash', '/assets/']) {
      const response = await t.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().code, 'ROUTE_NOT_FOUND', url);
    }
  });

  test('HEAD answers the headers of GET', async () => {
    const response = await t.inject({ method: 'HEAD', url: '/o/org_1/devices' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(response.body, '');
  });
});

describe('the API keeps its paths', () => {
  test('unknown API paths answer problem details, never the page', async () => {
    for (const url of ['/v1', '/v1/', '/v1/no-such-thing', '/v1/organizations/org_1/nothing', '/.well-known/nothing', '/docs/nothing-here.js', '/healthz/deeper']) {
      const response = await t.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', url);
      assert.equal(response.json().code, 'ROUTE_NOT_FOUND', url);
    }
    const post = await t.inject({ method: 'POST', url: '/', payload: {} });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().code, 'ROUTE_NOT_FOUND');
  });

  test('the API, its reference, health and the JWKS still answer', async () => {
    assert.equal((await t.inject({ method: 'GET', url: '/healthz' })).json().status, 'ok');
    assert.equal((await t.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    assert.equal((await t.inject({ method: 'GET', url: '/openapi.json' })).json().openapi, '3.1.0');
    assert.match((await t.inject({ method: 'GET', url: '/docs/' })).body, /swagger/i);
    assert.ok(Array.isArray((await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys));
    assert.equal((await t.inject({ method: 'GET', url: '/v1/countries' })).statusCode, 200);
    const me = await t.inject({ method: 'GET', url: '/v1/me' });
    assert.equal(me.statusCode, 401);
    assert.equal(me.json().code, 'UNAUTHENTICATED');
  });
});

test('without a build, / says how to build the portal (in Japanese and English) and the API still works', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'licentia-portal-empty-'));
  const bare = await createTestApp({ portalDir: empty });
  try {
    const response = await bare.inject({ method: 'GET', url: '/o/org_1/subscriptions' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(response.body, /npm run build:web/);
    assert.match(response.body, /ビルド/);
    assert.equal(response.headers['content-security-policy'], PORTAL_CSP);
    assert.equal((await bare.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  } finally {
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  }
});

describe("the portal's settings", () => {
  test('the test provider names its payment methods and how each ends; Stripe names none; the largest file follows the configuration; signed-in only', async () => {
    const person = await createActor(t, (await createOrg(t)).id, ['member']);
    const settings = await t.inject({ method: 'GET', url: '/v1/portal/settings', headers: person.headers });
    assert.equal(settings.statusCode, 200, settings.body);
    assert.deepEqual(settings.json(), {
      cardPayments: {
        provider: 'test',
        testPaymentMethods: [
          { id: 'pm_card_visa', outcome: 'succeeded' },
          { id: 'pm_card_chargeDeclined', outcome: 'declined' },
          { id: 'pm_card_visa_chargeDeclinedInsufficientFunds', outcome: 'declined' },
          { id: 'pm_card_authenticationRequired', outcome: 'authentication_required' },
        ],
      },
      attachmentMaxBytes: 5 * 1024 * 1024,
    });
    assert.equal((await t.inject({ method: 'GET', url: '/v1/portal/settings' })).statusCode, 401);

    const stripe = await createTestApp({ attachmentMaxBytes: 1000, billing: { cardProvider: 'stripe', stripe: { apiBase: 'http://127.0.0.1:9', secretKey: 'sk_test_x', webhookSecrets: ['whsec_x'] } } });
    try {
      const other = await createActor(stripe, (await createOrg(stripe)).id, ['member']);
      assert.deepEqual((await stripe.inject({ method: 'GET', url: '/v1/portal/settings', headers: other.headers })).json(), { cardPayments: { provider: 'stripe', testPaymentMethods: [] }, attachmentMaxBytes: 1000 });
    } finally {
      await stripe.close();
    }
  });
});
