// SPEC §6's hardware-change table with `licentia-client` playing the device: real processes
// against a listening server, the machine's state in a directory (an OS reinstall or a new disk
// starts from an empty one; a new board keeps it), raw component values that the client hashes.
// Every cell: OS reinstall, disk replacement and motherboard replacement (and a new CPU) for a
// business key, a personal key linked to an account, a personal key not linked, and a seat.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { REPO_ROOT } from '../../../test/support/server-process.ts';
import { createRedeemedKey, createSeatHolder, createUserToken, newFingerprint } from '../devices/testing.ts';
import { createVendorStaff, obtainReactivationCode } from './testing.ts';

const CLIENT = join(REPO_ROOT, 'packages/sdk/src/demo/licentia-client.ts');

let t: TestApp;
let url: string;
let dir: string;

before(async () => {
  t = await createTestApp({ logLevel: 'warn' });
  // The client reads the real clock; the server's must agree with it.
  t.clock.set(Temporal.Now.instant());
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'licentia-client-repairs-'));
  await createVendorStaff(t);
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A PC as the client sees it: its fingerprint (from the OS install), raw part serials, and the state directory on its disk. */
class Machine {
  fingerprint = newFingerprint();
  board = `MB-${randomUUID()}`;
  disk = `DISK-${randomUUID()}`;
  os = `OS-${randomUUID()}`;
  cpu = `CPU-${randomUUID()}`;
  stateDir = join(dir, randomUUID());

  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const machine = ['--fingerprint', this.fingerprint, '--board', this.board, '--disk', this.disk, '--os-install', this.os, '--cpu', this.cpu];
    const common = ['--server', url, '--issuer', t.ctx.config.publicUrl, '--state-dir', this.stateDir, '--lang', 'en'];
    return new Promise((resolve) => {
      execFile(process.execPath, [CLIENT, ...args, ...machine, ...common], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  repair(change: Change): void {
    if (change === 'motherboard_replacement') this.board = `MB-${randomUUID()}`;
    else if (change === 'other') this.cpu = `CPU-${randomUUID()}`;
    else {
      // A fresh OS (on a new disk, or the same one): a new fingerprint, and the state is gone.
      if (change === 'disk_replacement') this.disk = `DISK-${randomUUID()}`;
      this.os = `OS-${randomUUID()}`;
      this.fingerprint = newFingerprint();
      this.stateDir = join(dir, randomUUID());
    }
  }
}

type Change = 'os_reinstall' | 'disk_replacement' | 'motherboard_replacement' | 'other';
type Kind = 'business' | 'personal_linked' | 'personal_unlinked' | 'seat';

const TABLE: Record<Kind, Record<Change, 'self_service' | 'sign_in' | 'support_code' | 'nothing_to_do'>> = {
  business: { os_reinstall: 'self_service', disk_replacement: 'self_service', motherboard_replacement: 'support_code', other: 'nothing_to_do' },
  personal_linked: { os_reinstall: 'sign_in', disk_replacement: 'sign_in', motherboard_replacement: 'sign_in', other: 'nothing_to_do' },
  personal_unlinked: { os_reinstall: 'self_service', disk_replacement: 'self_service', motherboard_replacement: 'support_code', other: 'nothing_to_do' },
  seat: { os_reinstall: 'sign_in', disk_replacement: 'sign_in', motherboard_replacement: 'sign_in', other: 'nothing_to_do' },
};

async function license(kind: Kind): Promise<{ organizationId: string; first: string[]; account: string[] | undefined }> {
  if (kind === 'seat') {
    const holder = await createSeatHolder(t, { plan: { devicesPerSeat: 1 } });
    const account = ['--account-token', holder.token.token, '--product', holder.productId];
    return { organizationId: holder.organizationId, first: account, account };
  }
  const redeemed = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 }, segment: kind === 'business' ? 'commercial' : 'personal' });
  const first = ['--key', redeemed.key];
  if (kind !== 'personal_linked') return { organizationId: redeemed.organizationId, first, account: undefined };
  const owner = await createActor(t, redeemed.organizationId, ['global_admin']);
  assert.equal((await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: owner.writeHeaders, payload: { key: redeemed.key } })).statusCode, 201);
  const token = await createUserToken(t, redeemed.organizationId, owner.userId);
  return { organizationId: redeemed.organizationId, first, account: ['--account-token', token.token, '--product', redeemed.productId] };
}

const activatedLine = /^Activated (dev_\w+) on license (lic_\w+) \(\w+; 1 of 1 devices\)/;

for (const kind of ['business', 'personal_linked', 'personal_unlinked', 'seat'] as const) {
  test(`licentia-client: every repair on a ${kind} license`, async () => {
    for (const change of ['os_reinstall', 'disk_replacement', 'motherboard_replacement', 'other'] as const) {
      const path = TABLE[kind][change];
      const context = `${kind} / ${change} → ${path}`;
      const setup = await license(kind);
      const machine = new Machine();
      const first = await machine.run(['activate', ...setup.first, '--name', 'HOME-PC']);
      assert.equal(first.code, 0, `${context}: ${first.stderr}`);
      const [, deviceId, licenseId] = activatedLine.exec(first.stdout)!;
      machine.repair(change);
      if (change === 'motherboard_replacement') {
        const checkIn = await machine.run(['check-in']);
        assert.deepEqual([checkIn.code, checkIn.stdout.split(' (')[0]], [1, 'Not valid: HARDWARE_CHANGED'], context);
      }
      let done;
      if (path === 'nothing_to_do') {
        const checkIn = await machine.run(['check-in']);
        assert.equal(checkIn.code, 0, `${context}: ${checkIn.stdout}`);
        done = await machine.run(['activate', ...setup.first]);
        assert.doesNotMatch(done.stdout, /Repair:/, context);
      } else if (path === 'self_service') {
        done = await machine.run(['activate', ...setup.first]);
        assert.match(done.stdout, /Repair: SELF_SERVICE_REACTIVATION — The operating system or system disk of this device changed/, context);
      } else if (path === 'sign_in') {
        if (setup.first[0] === '--key') {
          const refused = await machine.run(['activate', ...setup.first]);
          assert.equal(refused.code, 1, context);
          assert.match(refused.stderr, /REACTIVATION_SIGN_IN_REQUIRED: The hardware of this device changed, and this license is linked to an account\.\nSign in in the app/, context);
        }
        done = await machine.run(['activate', ...setup.account!]);
        assert.match(done.stdout, /Repair: REACTIVATED_BY_SIGN_IN/, context);
      } else {
        const refused = await machine.run(['activate', ...setup.first]);
        assert.equal(refused.code, 1, context);
        assert.match(refused.stderr, /REACTIVATION_CODE_REQUIRED: .*\nOpen a support case with the proof of purchase and the repair completion report/, context);
        const { code } = await obtainReactivationCode(t, { organizationId: setup.organizationId, licenseId: licenseId!, deviceId: deviceId! });
        done = await machine.run(['activate', ...setup.first, '--reactivation-code', code]);
        assert.match(done.stdout, new RegExp(`Repair: REACTIVATED_BY_CODE \\(replaces ${deviceId}\\)`), context);
      }
      assert.equal(done.code, 0, `${context}: ${done.stderr}`);
      const [, after] = activatedLine.exec(done.stdout) ?? [];
      assert.ok(after, `${context}: one device of one, no extra slot: ${done.stdout}`);
      if (change === 'motherboard_replacement') assert.notEqual(after, deviceId, `${context}: a new board is a new device`);
      else assert.equal(after, deviceId, `${context}: the same board is the same device`);
      const validated = await machine.run(['validate']);
      assert.deepEqual([validated.code, validated.stdout.split(' (')[0]], [0, 'Valid: VALID'], context);
    }
  });
}
