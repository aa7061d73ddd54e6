import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { calculateJwkThumbprint } from 'jose';
import { Temporal } from 'temporal-polyfill';
import { runNode, simultaneousScript } from '../../../test/support/node-child.ts';
import {
  generateSigningKeySet,
  jwkThumbprint,
  loadOrCreateSigningKeys,
  rotateSigningKeySet,
  SIGNING_KEYS_FILE,
  SigningKeysError,
} from './signing-keys.ts';

const NOW = Temporal.Instant.from('2026-01-15T00:00:00Z');
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-signing-keys-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('loadOrCreateSigningKeys (data directory)', () => {
  it('creates one active Ed25519 key on first use, in a 0600 file', () => {
    const dir = join(tempDir(), 'data'); // does not exist yet
    const ring = loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const path = join(dir, SIGNING_KEYS_FILE);
    assert.equal(mode(path), 0o600);
    assert.equal(ring.source, path);
    const [key, ...rest] = ring.keys();
    assert.equal(rest.length, 0);
    assert.equal(key?.status, 'active');
    assert.equal(key?.createdAt, '2026-01-15T00:00:00Z');
    assert.equal(ring.activeSigningKey().kid, key?.kid);
    assert.equal(ring.activeSigningKey().privateKey.asymmetricKeyType, 'ed25519');
  });

  it('reads the same keys on a second load', () => {
    const dir = tempDir();
    const first = loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const second = loadOrCreateSigningKeys({ dataDir: dir, now: NOW.add({ hours: 1 }) });
    assert.deepEqual(second.publicJwks(), first.publicJwks());
    assert.deepEqual(second.keys(), first.keys());
  });

  it('tightens a key file an operator left readable by others', () => {
    const dir = tempDir();
    loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const path = join(dir, SIGNING_KEYS_FILE);
    chmodSync(path, 0o644);
    loadOrCreateSigningKeys({ dataDir: dir });
    assert.equal(mode(path), 0o600);
  });

  it('concurrent first starts (separate processes) end with one key set', async () => {
    const modulePath = new URL('./signing-keys.ts', import.meta.url).href;
    // Each child waits for the same instant, then loads: maximizes the chance of a real race.
    const script = simultaneousScript(`import { loadOrCreateSigningKeys } from ${JSON.stringify(modulePath)};`, 'loadOrCreateSigningKeys({ dataDir: dir }).activeSigningKey().kid');
    for (let round = 0; round < 4; round++) {
      const dir = tempDir();
      const startAt = Date.now() + 400;
      const kids = await Promise.all(
        Array.from({ length: 4 }, () => runNode(['--input-type=module', '-e', script, dir, String(startAt)])),
      );
      assert.equal(new Set(kids).size, 1, `round ${round}: every process must see the same key, got ${kids.join(', ')}`);
      assert.deepEqual(readdirSync(dir), [SIGNING_KEYS_FILE], 'no temporary files are left behind');
      assert.equal(loadOrCreateSigningKeys({ dataDir: dir }).activeSigningKey().kid, kids[0]);
    }
  });

  it('refuses a damaged key file with a clear message', () => {
    const dir = tempDir();
    writeFileSync(join(dir, SIGNING_KEYS_FILE), '{"version":1,', { mode: 0o600 });
    assert.throws(() => loadOrCreateSigningKeys({ dataDir: dir }), /not valid JSON/);
  });
});

describe('loadOrCreateSigningKeys (configured)', () => {
  it('uses the configured document and writes nothing to the data directory', () => {
    const dir = tempDir();
    const document = generateSigningKeySet(NOW);
    const ring = loadOrCreateSigningKeys({ dataDir: dir, configured: JSON.stringify(document) });
    assert.equal(ring.activeSigningKey().kid, document.keys[0]?.kid);
    assert.equal(ring.source, 'LICENTIA_LICENSE_SIGNING_KEYS');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses bad documents without echoing key material', () => {
    const good = generateSigningKeySet(NOW);
    const [key] = good.keys;
    assert.ok(key);
    const other = generateSigningKeySet(NOW).keys[0];
    assert.ok(other);
    const cases: [unknown, RegExp][] = [
      [{ version: 2, keys: good.keys }, /expected/],
      [{ version: 1, keys: [] }, /no keys/],
      [{ version: 1, keys: [key, { ...other, status: 'active' }] }, /exactly one key must be active/],
      [{ version: 1, keys: [{ ...key, status: 'retired' }] }, /exactly one key must be active/],
      [{ version: 1, keys: [key, { ...key, status: 'retired' }] }, /appears twice/],
      [{ version: 1, keys: [{ ...key, jwk: { ...key.jwk, x: other.jwk.x } }] }, /x does not belong to d/],
      [{ version: 1, keys: [{ ...key, jwk: { ...key.jwk, crv: 'Ed448' } }] }, /Ed25519/],
      [{ version: 1, keys: [{ ...key, status: 'revoked' }] }, /status/],
    ];
    for (const [document, message] of cases) {
      assert.throws(
        () => loadOrCreateSigningKeys({ dataDir: tempDir(), configured: JSON.stringify(document) }),
        (error: unknown) => {
          assert.ok(error instanceof SigningKeysError);
          assert.match(error.message, message);
          assert.ok(!error.message.includes(key.jwk.d) && !error.message.includes(other.jwk.d));
          return true;
        },
      );
    }
    assert.throws(() => loadOrCreateSigningKeys({ dataDir: tempDir(), configured: '{' }), /not valid JSON/);
  });

  it('refuses to rotate a configured ring (the configuration is the source of truth)', () => {
    const ring = loadOrCreateSigningKeys({ dataDir: tempDir(), configured: JSON.stringify(generateSigningKeySet(NOW)) });
    assert.throws(() => ring.rotate(NOW), /LICENTIA_LICENSE_SIGNING_KEYS/);
  });
});

describe('kid', () => {
  it('is the RFC 7638 thumbprint (as jose computes it)', async () => {
    const key = generateSigningKeySet(NOW).keys[0];
    assert.ok(key);
    assert.equal(key.kid, jwkThumbprint(key.jwk));
    assert.equal(key.kid, await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.jwk.x }));
  });
});

describe('rotation', () => {
  it('adds a new active key, retires the old one, and saves both (0600)', () => {
    const dir = tempDir();
    const ring = loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const old = ring.activeSigningKey().kid;
    const added = ring.rotate(NOW.add({ hours: 24 }));
    assert.notEqual(added.kid, old);
    assert.equal(ring.activeSigningKey().kid, added.kid);
    assert.deepEqual(
      ring.keys().map((k) => [k.kid, k.status, k.retiredAt]),
      [
        [added.kid, 'active', undefined],
        [old, 'retired', '2026-01-16T00:00:00Z'],
      ],
    );
    assert.deepEqual(ring.publicJwks().keys.map((k) => k.kid), [added.kid, old]);
    assert.equal(mode(join(dir, SIGNING_KEYS_FILE)), 0o600);
    assert.deepEqual(loadOrCreateSigningKeys({ dataDir: dir }).keys(), ring.keys());
    assert.deepEqual(readdirSync(dir), [SIGNING_KEYS_FILE]);
  });

  it('starts from the file, so a rotation made by another process is not lost', () => {
    const dir = tempDir();
    const server = loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const cli = loadOrCreateSigningKeys({ dataDir: dir });
    const byCli = cli.rotate(NOW.add({ hours: 1 }));
    server.rotate(NOW.add({ hours: 2 }));
    assert.equal(server.keys().length, 3);
    assert.ok(server.keys().some((k) => k.kid === byCli.kid));
  });

  it('rotateSigningKeySet produces the next configuration value', () => {
    const first = generateSigningKeySet(NOW);
    const next = rotateSigningKeySet(first, NOW.add({ hours: 24 }));
    const ring = loadOrCreateSigningKeys({ dataDir: tempDir(), configured: JSON.stringify(next) });
    assert.deepEqual(ring.keys().map((k) => k.status), ['active', 'retired']);
    assert.equal(first.keys[0]?.status, 'active', 'the input document is not modified');
  });

  it('prunes retired keys only after every file they signed has expired', () => {
    const ring = loadOrCreateSigningKeys({ dataDir: tempDir(), now: NOW });
    const old = ring.activeSigningKey().kid;
    ring.rotate(NOW);
    const lifetime = 37 * 86_400;
    assert.deepEqual(ring.pruneRetired(NOW.add({ seconds: lifetime }), lifetime), []);
    assert.deepEqual(ring.pruneRetired(NOW.add({ seconds: lifetime + 1 }), lifetime), [old]);
    assert.deepEqual(ring.keys().map((k) => k.status), ['active']);
  });

  it('never removes the active key', () => {
    const ring = loadOrCreateSigningKeys({ dataDir: tempDir(), now: NOW });
    assert.throws(() => ring.removeRetired(ring.activeSigningKey().kid), /active key cannot be removed/);
    assert.throws(() => ring.removeRetired('nope'), /no license signing key/);
  });
});

describe('publicJwks', () => {
  it('property: after any rotations and removals, only public members are published', () => {
    const dir = tempDir();
    const ring = loadOrCreateSigningKeys({ dataDir: dir, now: NOW });
    const file = join(dir, SIGNING_KEYS_FILE);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), (operations) => {
        for (const rotate of operations) {
          const retired = ring.keys().find((k) => k.status === 'retired');
          if (rotate || !retired) ring.rotate(NOW);
          else ring.removeRetired(retired.kid);
        }
        const jwks = ring.publicJwks();
        const text = JSON.stringify(jwks);
        assert.ok(!/"d"/.test(text), 'no private member d');
        const secrets = (JSON.parse(readFileSync(file, 'utf8')) as { keys: { jwk: { d: string } }[] }).keys.map((k) => k.jwk.d);
        for (const d of secrets) assert.ok(!text.includes(d), 'no private key value anywhere');
        for (const key of jwks.keys) {
          assert.deepEqual(Object.keys(key).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
          assert.deepEqual([key.kty, key.crv, key.alg, key.use], ['OKP', 'Ed25519', 'EdDSA', 'sig']);
        }
        assert.equal(jwks.keys.length, ring.keys().length);
        assert.ok(!JSON.stringify(ring.keys()).includes('"d"'));
      }),
      { numRuns: 25 },
    );
  });
});
