// `licentia signing-keys list|rotate|prune`, run as an operator runs them: a rotation keeps the
// retired key published beside the new one, a server started afterwards signs with the new key,
// and pruning refuses what would break files still in use.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { runCli, showRun } from '../../../test/support/server-process.ts';
import { generateSigningKeySet, loadOrCreateSigningKeys, SIGNING_KEYS_FILE, SigningKeyRing } from './signing-keys.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-signing-cli-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const KID = /^[A-Za-z0-9_-]{43}$/;

describe('with the key file of the data directory', () => {
  test('list, rotate, then prune: the old key stays published until its files have expired', async () => {
    const dir = dataDir();
    const env = { LICENTIA_DATA_DIR: dir };
    const listed = await runCli(['signing-keys', 'list'], env);
    assert.equal(listed.status, 0, showRun(listed));
    const [first] = listed.stdout.trim().split('\n');
    const firstKid = first!.split(/\s+/)[0]!;
    assert.match(firstKid, KID);
    assert.match(first!, /active/);
    assert.doesNotMatch(listed.stdout, /"d"/, 'no private key is printed');

    const rotated = await runCli(['signing-keys', 'rotate'], env);
    assert.equal(rotated.status, 0, showRun(rotated));
    const ring = loadOrCreateSigningKeys({ dataDir: dir });
    const [active, retired] = ring.keys();
    assert.equal(retired!.kid, firstKid);
    assert.deepEqual([active!.status, retired!.status], ['active', 'retired']);
    assert.match(rotated.stdout, new RegExp(`new active key ${active!.kid}`));
    assert.deepEqual(ring.publicJwks().keys.map((k) => k.kid), [active!.kid, firstKid], 'both are published');
    assert.equal(ring.activeSigningKey().kid, active!.kid, 'a server started now signs with the new key');
    assert.equal(statSync(join(dir, SIGNING_KEYS_FILE)).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), [SIGNING_KEYS_FILE]);

    const early = await runCli(['signing-keys', 'prune'], env);
    assert.equal(early.status, 0, showRun(early));
    assert.match(early.stdout, /no retired key can be removed yet/);
    assert.equal(loadOrCreateSigningKeys({ dataDir: dir }).keys().length, 2);

    // Kids are base64url thumbprints and may begin with "-": the usage says --kid=<kid>.
    const dashed = await runCli(['signing-keys', 'prune', '--kid=-NoSuchKid'], env);
    assert.equal(dashed.status, 1, showRun(dashed));
    assert.match(dashed.stderr, /no license signing key -NoSuchKid/);
    const activeRefused = await runCli(['signing-keys', 'prune', `--kid=${active!.kid}`], env);
    assert.equal(activeRefused.status, 1, showRun(activeRefused));
    assert.match(activeRefused.stderr, /the active key cannot be removed; rotate first/);
    const removed = await runCli(['signing-keys', 'prune', `--kid=${firstKid}`], env);
    assert.equal(removed.status, 0, showRun(removed));
    assert.deepEqual(loadOrCreateSigningKeys({ dataDir: dir }).keys().map((k) => k.kid), [active!.kid]);
  });
});

describe('with LICENTIA_LICENSE_SIGNING_KEYS', () => {
  test('rotate writes nothing and prints the new value to set on every server; prune refuses', async () => {
    const dir = dataDir();
    const configured = generateSigningKeySet(Temporal.Instant.from('2026-01-01T00:00:00Z'));
    const env = { LICENTIA_DATA_DIR: dir, LICENTIA_LICENSE_SIGNING_KEYS: JSON.stringify(configured) };
    const rotated = await runCli(['signing-keys', 'rotate'], env);
    assert.equal(rotated.status, 0, showRun(rotated));
    assert.match(rotated.stderr, /Set LICENTIA_LICENSE_SIGNING_KEYS on every server/);
    const ring = new SigningKeyRing(JSON.parse(rotated.stdout), { source: 'printed' });
    assert.deepEqual(ring.keys().map((k) => k.status), ['active', 'retired']);
    assert.equal(ring.keys()[1]!.kid, configured.keys[0]!.kid);
    assert.deepEqual(readdirSync(dir), [], 'nothing is written');
    const prune = await runCli(['signing-keys', 'prune'], env);
    assert.equal(prune.status, 2, showRun(prune));
    assert.match(prune.stderr, /change that value instead/);
  });
});
