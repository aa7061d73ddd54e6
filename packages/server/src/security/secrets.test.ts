// The server's master secret: generated once into the data directory, private to the server's
// user, the same for every process that starts on that directory at the same moment.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runNode, simultaneousScript } from '../../test/support/node-child.ts';
import { loadServerSecrets, secretsFromMaster } from './secrets.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-secret-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o777;
const fingerprint = (secrets: ReturnType<typeof loadServerSecrets>) => secrets.derive('csrf').toString('hex');

describe('the generated server secret', () => {
  it('is made on first start in a private directory (0700) as a private file (0600), and read back on later starts', () => {
    const dataDir = join(tempDir(), 'data');
    const first = loadServerSecrets({ dataDir });
    const path = join(dataDir, 'secret.key');
    assert.equal(mode(dataDir), 0o700);
    assert.equal(mode(path), 0o600);
    assert.equal(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').length, 32);
    assert.equal(first.source, path);
    assert.equal(fingerprint(loadServerSecrets({ dataDir })), fingerprint(first), 'the second start uses the same secret');
  });

  it('tightens a secret file an operator copied in with looser permissions', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'secret.key');
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    loadServerSecrets({ dataDir });
    assert.equal(mode(path), 0o600);
  });

  it('concurrent first starts (separate processes) end with one secret and no temporary files', async () => {
    const modulePath = new URL('./secrets.ts', import.meta.url).href;
    const script = simultaneousScript(`import { loadServerSecrets } from ${JSON.stringify(modulePath)};`, "loadServerSecrets({ dataDir: dir }).derive('csrf').toString('hex')");
    for (let round = 0; round < 4; round++) {
      const dataDir = tempDir();
      const startAt = Date.now() + 400;
      const seen = await Promise.all(Array.from({ length: 4 }, () => runNode(['--input-type=module', '-e', script, dataDir, String(startAt)])));
      assert.equal(new Set(seen).size, 1, `round ${round}: every process must derive from the same secret, got ${seen.join(', ')}`);
      assert.deepEqual(readdirSync(dataDir), ['secret.key']);
      assert.equal(fingerprint(loadServerSecrets({ dataDir })), seen[0]);
    }
  });
});

describe('a configured secret (LICENTIA_SECRET)', () => {
  it('is used as given, and nothing is written to the data directory', () => {
    const dataDir = tempDir();
    const master = randomBytes(32);
    const secrets = loadServerSecrets({ dataDir, configured: master.toString('base64') });
    assert.equal(secrets.source, 'LICENTIA_SECRET');
    assert.equal(fingerprint(secrets), fingerprint(secretsFromMaster(master, 'same')));
    assert.deepEqual(readdirSync(dataDir), []);
  });

  it('is refused when shorter than 32 bytes', () => {
    assert.throws(() => loadServerSecrets({ dataDir: tempDir(), configured: randomBytes(16).toString('base64') }), /at least 32 bytes/);
  });

  it('derives a different key for each purpose', () => {
    const secrets = secretsFromMaster(randomBytes(32), 'test');
    const keys = (['idempotency-seal', 'csrf', 'product-key-hmac', 'key-batch-seal', 'webhook-secret-seal'] as const).map((p) => secrets.derive(p).toString('hex'));
    assert.equal(new Set(keys).size, keys.length);
  });
});
