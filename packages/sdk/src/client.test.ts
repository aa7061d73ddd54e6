// LicentiaClient against a fake server (a `fetch` that answers with tokens signed by a test
// key): what it sends, what it stores, and each typed error. The real server is exercised in
// the server's sdk-end-to-end test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LicentiaApiError, LicentiaClientError } from './client-errors.ts';
import { LicentiaClient } from './client.ts';
import { isLicenseFileError } from './errors.ts';
import { MemoryStorage } from './storage.ts';
import { at, createTestKey, DAY, FINGERPRINT, ISSUER, jwksOf, licenseClaims, sign, T0, validationClaims, type TestKey } from './testing.ts';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

type Route = (sent: Sent) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;

function fakeServer(key: TestKey, routes: Record<string, Route>) {
  const sent: Sent[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const request: Sent = {
      url: url.pathname,
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    sent.push(request);
    if (url.pathname === '/.well-known/jwks.json') return Response.json(jwksOf(key));
    const route = routes[url.pathname];
    if (!route) return Response.json({ code: 'ROUTE_NOT_FOUND' }, { status: 404 });
    const answer = await route(request);
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), { status: answer.status, headers: answer.headers ?? {} });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

function newClient(fetch: typeof globalThis.fetch, storage = new MemoryStorage(), now = { t: T0 }) {
  return new LicentiaClient({ serverUrl: 'https://licensing.example.com/', issuer: ISSUER, fingerprint: FINGERPRINT, storage, fetch, clock: () => at(now.t) });
}

async function activationRoute(key: TestKey): Promise<Route> {
  const file = await sign(key, licenseClaims());
  return async () => ({
    status: 201,
    body: {
      device: { id: 'dev_01', name: null, fingerprint: FINGERPRINT, activatedAt: at(T0).toISOString(), lastCheckInAt: null },
      deviceToken: 'dvt_secret',
      licenseFile: file,
      license: { id: 'lic_01', kind: 'key', planId: 'plan_biz_1y', state: 'active', endsOn: '2026-12-31', deviceLimit: 5, activeDevices: 1 },
    },
  });
}

describe('LicentiaClient', () => {
  it('activates with a key: installs the verified file and keeps the device token', async () => {
    const key = await createTestKey();
    const { fetch, sent } = fakeServer(key, { '/v1/activations': await activationRoute(key) });
    const storage = new MemoryStorage();
    const client = newClient(fetch, storage);
    const result = await client.activate({ key: 'BCDFG-HJKMP-QRTVW-XY234-6789B' }, { name: 'PC' });
    assert.equal(result.file.claims.sub, 'lic_01');
    const request = sent.find((s) => s.url === '/v1/activations')!;
    assert.deepEqual(request.body, { fingerprint: FINGERPRINT, key: 'BCDFG-HJKMP-QRTVW-XY234-6789B', name: 'PC' });
    assert.equal(storage.get('licentia.device_token'), 'dvt_secret');
    const status = await client.status();
    assert.deepEqual([status.activated, status.deviceId, status.checkInDue], [true, 'dev_01', false]);
  });

  it('activates with an account: the token travels as Authorization, the product in the body', async () => {
    const key = await createTestKey();
    const { fetch, sent } = fakeServer(key, { '/v1/activations': await activationRoute(key) });
    await newClient(fetch).activate({ accountToken: 'lic_abc', productId: 'prd_1' });
    const request = sent.find((s) => s.url === '/v1/activations')!;
    assert.equal(request.headers.authorization, 'Bearer lic_abc');
    assert.equal(request.body?.productId, 'prd_1');
  });

  it('check-in: a signed "no" without a file clears the stored file; a replayed answer is refused', async () => {
    const key = await createTestKey();
    let replay: string | undefined;
    const { fetch } = fakeServer(key, {
      '/v1/activations': await activationRoute(key),
      '/v1/devices/check-in': async ({ body }) => {
        const signed = replay ?? (await sign(key, validationClaims({ nonce: String(body?.nonce), valid: false, code: 'DEVICE_NOT_ACTIVATED' }, T0 + 60), {}, 'license-validation+jwt'));
        replay = signed;
        return { status: 200, body: { valid: false, code: 'DEVICE_NOT_ACTIVATED', serverTime: at(T0 + 60).toISOString(), signed, licenseFile: null } };
      },
    });
    const client = newClient(fetch);
    await client.activate({ key: 'k' });
    const result = await client.checkIn();
    assert.deepEqual([result.valid, result.code, result.file], [false, 'DEVICE_NOT_ACTIVATED', undefined]);
    assert.equal((await client.status()).file, undefined);
    await assert.rejects(client.checkIn(), (error: unknown) => isLicenseFileError(error, 'NONCE_MISMATCH'));
  });

  it('refusals are LicentiaApiError with the problem and Retry-After', async () => {
    const key = await createTestKey();
    const { fetch } = fakeServer(key, {
      '/v1/activations': async () => ({ status: 429, body: { code: 'ACTIVATION_RATE_LIMITED', title: 'Too many', retryAfterSeconds: 120 }, headers: { 'retry-after': '120' } }),
    });
    await assert.rejects(newClient(fetch).activate({ key: 'k' }), (error: unknown) => {
      assert.ok(error instanceof LicentiaApiError);
      assert.deepEqual([error.status, error.code, error.retryAfterSeconds], [429, 'ACTIVATION_RATE_LIMITED', 120]);
      return true;
    });
  });

  it('NOT_ACTIVATED without a token, NETWORK when unreachable, BAD_RESPONSE when not JSON', async () => {
    const key = await createTestKey();
    const { fetch } = fakeServer(key, { '/v1/activations': async () => ({ status: 502, body: '<html>bad gateway</html>' }) });
    const code = (expected: string) => (error: unknown) => error instanceof LicentiaClientError && error.code === expected;
    await assert.rejects(newClient(fetch).checkIn(), code('NOT_ACTIVATED'));
    await assert.rejects(newClient(fetch).activate({ key: 'k' }), code('BAD_RESPONSE'));
    const unreachable = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await assert.rejects(newClient(unreachable).activate({ key: 'k' }), code('NETWORK'));
  });

  it('a check-in is due a day after the last one', async () => {
    const key = await createTestKey();
    const { fetch } = fakeServer(key, { '/v1/activations': await activationRoute(key) });
    const now = { t: T0 };
    const client = newClient(fetch, new MemoryStorage(), now);
    await client.activate({ key: 'k' });
    now.t = T0 + DAY - 1;
    assert.equal((await client.status()).checkInDue, false);
    now.t = T0 + DAY;
    assert.equal((await client.status()).checkInDue, true);
  });
});
