// The demo app, `licentia-client`, as a person runs it: a real process against a listening
// server, its state in a directory. It plays one device through activation, status, online
// validation, check-in and deactivation; a second machine on a full license is told which
// devices it can free; only hashes of the components leave the machine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { REPO_ROOT } from '../../../test/support/server-process.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createRedeemedKey, newFingerprint } from './testing.ts';

const CLIENT = join(REPO_ROOT, 'packages/sdk/src/demo/licentia-client.ts');
const RAW_BOARD = 'MB-SERIAL-0042-XYZ';

let t: TestApp;
let url: string;
let dir: string;

before(async () => {
  t = await createTestApp({ logLevel: 'warn' });
  // The client reads the real clock; the server's must agree with it.
  t.clock.set(Temporal.Now.instant());
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'licentia-client-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(args: string[], device = 'one'): Promise<{ code: number; stdout: string; stderr: string }> {
  const common = ['--server', url, '--issuer', t.ctx.config.publicUrl, '--state-dir', join(dir, device)];
  return new Promise((resolve) => {
    execFile(process.execPath, [CLIENT, ...args, ...common], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('a device through its life: activate, status, validate, check in, deactivate', async () => {
  const { key, organizationId } = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 } });
  const activated = await client(['activate', '--key', key, '--name', 'DEMO-PC', '--board', RAW_BOARD, '--disk', 'DISK-7']);
  assert.equal(activated.code, 0, activated.stderr);
  assert.match(activated.stdout, /^Activated dev_\w+ on license lic_\w+ \(key; 1 of 1 devices\)/);
  assert.match(activated.stdout, new RegExp(`key …${key.slice(-5)}`));

  const state = join(dir, 'one', 'state.json');
  assert.equal(statSync(state).mode & 0o777, 0o600, 'the device token is a credential');
  assert.ok(!readFileSync(state, 'utf8').includes(RAW_BOARD), 'raw component values stay out of the state');
  const device = await t.ctx.database.db.selectFrom('devices').selectAll().where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  assert.equal(device.name, 'DEMO-PC');
  assert.ok(device.board_hash && device.board_hash !== RAW_BOARD && device.board_hash.length === 43, 'the server holds a hash');
  assert.ok(device.fingerprint.length === 43, 'the default fingerprint: HMAC of the machine id');

  const status = await client(['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).file.claims.license.state, 'active');

  const validated = await client(['validate']);
  assert.deepEqual([validated.code, validated.stdout.split(' (')[0]], [0, 'Valid: VALID']);
  const checkedIn = await client(['check-in']);
  assert.equal(checkedIn.code, 0, checkedIn.stderr);
  assert.match(checkedIn.stdout, /^Valid: VALID/);

  const second = await client(['activate', '--key', key, '--fingerprint', newFingerprint()], 'two');
  assert.equal(second.code, 1);
  assert.match(second.stderr, /DEVICE_LIMIT_REACHED/);
  assert.match(second.stderr, new RegExp(`Devices you can free:\\n  ${device.id}  DEMO-PC`));

  const deactivated = await client(['deactivate']);
  assert.equal(deactivated.code, 0, deactivated.stderr);
  const after = await client(['status']);
  assert.equal(after.code, 1);
  assert.match(after.stdout, /License file: none/);
  assert.equal((await client(['activate', '--key', key, '--fingerprint', newFingerprint()], 'two')).code, 0, 'the slot was freed');
});

test('usage: --help is 0, a wrong command or missing credential is 2', async () => {
  assert.equal((await client(['--help'])).code, 0);
  assert.equal((await client(['fly'])).code, 2);
  const missing = await client(['activate']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /activate needs --key/);
});
