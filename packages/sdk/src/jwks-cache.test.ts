import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LicenseFileError } from './errors.ts';
import { JwksCache } from './jwks-cache.ts';
import { MemoryStorage } from './storage.ts';
import { createTestKey, FINGERPRINT, ISSUER, jwksOf, licenseClaims, sign, T0, at } from './testing.ts';
import type { TestKey } from './testing.ts';
import { verifyLicenseFile } from './verify.ts';

let a: TestKey;
let b: TestKey;

before(async () => {
  a = await createTestKey();
  b = await createTestKey();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A fake server whose published set the test changes, counting fetches. */
function server(initial: unknown) {
  const state = { published: initial, fetches: 0, down: false };
  const fetch = async () => {
    state.fetches++;
    if (state.down) throw new Error('network down');
    return structuredClone(state.published);
  };
  return { state, fetch };
}

describe('JwksCache', () => {
  it('fetches once and serves from the cache until maxAge', async () => {
    const { state, fetch } = server(jwksOf(a));
    const clock = { now: 0 };
    const cache = new JwksCache({ fetch, clock: () => clock.now, maxAgeMs: HOUR });
    await cache.keySet();
    await cache.keySetFor(a.kid);
    clock.now = HOUR - 1;
    await cache.keySet();
    assert.equal(state.fetches, 1);
    clock.now = HOUR;
    await cache.keySet();
    assert.equal(state.fetches, 2);
  });

  it('shares one request between concurrent callers', async () => {
    const { state, fetch } = server(jwksOf(a));
    const cache = new JwksCache({ fetch });
    await Promise.all([cache.keySet(), cache.keySet(), cache.keySetFor(a.kid), cache.refresh()]);
    assert.equal(state.fetches, 1);
  });

  it('refetches for an unknown kid at most once per interval', async () => {
    const { state, fetch } = server(jwksOf(a));
    const clock = { now: 0 };
    const cache = new JwksCache({ fetch, clock: () => clock.now, unknownKidRefetchIntervalMs: 5 * MINUTE });
    await cache.keySet();
    await cache.keySetFor('made-up-1');
    await cache.keySetFor('made-up-2');
    await cache.keySetFor('made-up-3');
    assert.equal(state.fetches, 2, 'one initial fetch, one refetch for the first unknown kid');
    state.published = jwksOf(b, a); // the server rotates
    clock.now = 5 * MINUTE;
    const set = await cache.keySetFor(b.kid);
    assert.equal(state.fetches, 3);
    assert.ok(set.keys.some((key) => key.kid === b.kid));
  });

  it('verifies a file signed by a newly rotated key (refetch on unknown kid)', async () => {
    const { state, fetch } = server(jwksOf(a));
    const cache = new JwksCache({ fetch });
    await cache.keySet();
    state.published = jwksOf(b, a);
    const jws = await sign(b, licenseClaims());
    const result = await verifyLicenseFile(jws, { jwks: cache, issuer: ISSUER, deviceFingerprint: FINGERPRINT, now: at(T0) });
    assert.equal(result.kid, b.kid);
  });

  it('falls back to the stale set when the server is unreachable', async () => {
    const { state, fetch } = server(jwksOf(a));
    const clock = { now: 0 };
    const cache = new JwksCache({ fetch, clock: () => clock.now, maxAgeMs: HOUR });
    await cache.keySet();
    state.down = true;
    clock.now = 10 * HOUR;
    assert.equal((await cache.keySet()).keys[0]?.kid, a.kid);
  });

  it('JWKS_UNAVAILABLE with nothing cached and no network, or when the server sends junk', async () => {
    const { state, fetch } = server(jwksOf(a));
    state.down = true;
    await assert.rejects(new JwksCache({ fetch }).keySet(), (e: unknown) => e instanceof LicenseFileError && e.code === 'JWKS_UNAVAILABLE');
    const junk = new JwksCache({ fetch: async () => ({ not: 'a jwks' }) });
    await assert.rejects(junk.keySet(), (e: unknown) => e instanceof LicenseFileError && e.code === 'JWKS_UNAVAILABLE');
  });

  it('survives a restart through storage, so an app starting offline can verify', async () => {
    const storage = new MemoryStorage();
    const online = server(jwksOf(a));
    await new JwksCache({ fetch: online.fetch, storage }).keySet();
    const offline = server(jwksOf(a));
    offline.state.down = true;
    const cache = new JwksCache({ fetch: offline.fetch, storage, maxAgeMs: 0 });
    assert.equal((await cache.keySet()).keys[0]?.kid, a.kid);
  });

  it('keeps only Ed25519 signature keys, public members only', async () => {
    const published = {
      keys: [
        { ...a.publicJwk, d: 'should-not-survive' },
        { kty: 'RSA', kid: 'rsa', n: 'x', e: 'AQAB' },
        { ...b.publicJwk, use: 'enc' },
        { ...b.publicJwk, kid: 'dup', alg: 'ES256' },
      ],
    };
    const set = await new JwksCache({ fetch: async () => published }).keySet();
    assert.deepEqual(set.keys, [{ kty: 'OKP', crv: 'Ed25519', x: a.publicJwk.x, kid: a.kid, alg: 'EdDSA', use: 'sig' }]);
  });
});
