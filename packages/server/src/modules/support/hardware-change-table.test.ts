// SPEC §6's hardware-change table, every cell, end to end: the SDK's client plays a machine
// against a listening server; the machine is repaired (OS reinstalled, system disk replaced,
// motherboard replaced, or anything else); the app does what the server tells it, and the
// customer and an agent go through the support desk where the table says so. Every license
// allows one device, so any repair that took a new slot would fail with DEVICE_LIMIT_REACHED.
//
//   change \ license     business key      personal key, linked    personal key, not linked   seat (linked by nature)
//   OS reinstalled       self-service      sign in                 self-service               sign in
//   disk replaced        self-service      sign in                 self-service               sign in
//   motherboard          support code      sign in                 support code               sign in
//   anything else        nothing to do     nothing to do           nothing to do              nothing to do
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hashComponents, isLicentiaApiError, LicentiaClient, machineFingerprint, MemoryStorage, type ActivationCredential } from '@licentia/sdk';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, createSeatHolder, createUserToken } from '../devices/testing.ts';
import { createVendorStaff, obtainReactivationCode } from './testing.ts';

let t: TestApp;
let url: string;

before(async () => {
  t = await createTestApp({ logLevel: 'warn' });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  await createVendorStaff(t);
});
after(() => t.close());

/** A PC: its machine id (the app's fingerprint comes from it), its parts, and the app's storage on its disk. */
class Machine {
  machineId = randomUUID();
  board = randomUUID();
  disk = randomUUID();
  osInstall = randomUUID();
  cpu = randomUUID();
  storage = new MemoryStorage();

  app(language = 'en'): LicentiaClient {
    return new LicentiaClient({
      serverUrl: url,
      issuer: t.ctx.config.publicUrl,
      fingerprint: machineFingerprint(this.machineId, 'repairs-test'),
      components: hashComponents({ board: this.board, disk: this.disk, osInstall: this.osInstall, cpu: this.cpu }),
      storage: this.storage,
      clock: () => new Date(t.clock.now().epochMilliseconds),
      language,
    });
  }

  /** A fresh OS: a new machine id and install, and the app's stored state is gone with the old one. */
  reinstallOs(): void {
    this.machineId = randomUUID();
    this.osInstall = randomUUID();
    this.storage = new MemoryStorage();
  }

  /** A new system disk comes blank: the OS is installed on it anew. */
  replaceDisk(): void {
    this.disk = randomUUID();
    this.reinstallOs();
  }

  /** A new motherboard; the disk (OS, machine id, the app's storage) is kept. */
  replaceBoard(): void {
    this.board = randomUUID();
  }
}

type Kind = 'business' | 'personal_linked' | 'personal_unlinked' | 'seat';
type Change = 'os_reinstall' | 'disk_replacement' | 'motherboard_replacement' | 'other';

interface Setup {
  organizationId: string;
  /** What the app was first activated with (the key on the card, or the person's account). */
  first: ActivationCredential;
  /** The person's account, for licenses that have one. */
  account: ActivationCredential | undefined;
}

async function setUp(kind: Kind): Promise<Setup> {
  const plan = { devicesPerSeat: 1 };
  if (kind === 'seat') {
    const holder = await createSeatHolder(t, { plan });
    const account = { accountToken: holder.token.token, productId: holder.productId };
    return { organizationId: holder.organizationId, first: account, account };
  }
  const redeemed = await createRedeemedKey(t, { plan, segment: kind === 'business' ? 'commercial' : 'personal' });
  const first = { key: redeemed.key };
  if (kind !== 'personal_linked') return { organizationId: redeemed.organizationId, first, account: undefined };
  // The person behind the personal account links the key to their account in the portal.
  const owner = await createActor(t, redeemed.organizationId, ['global_admin']);
  const linked = await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: owner.writeHeaders, payload: { key: redeemed.key } });
  assert.equal(linked.statusCode, 201, linked.body);
  const token = await createUserToken(t, redeemed.organizationId, owner.userId);
  return { organizationId: redeemed.organizationId, first, account: { accountToken: token.token, productId: redeemed.productId } };
}

function repair(machine: Machine, change: Change): void {
  if (change === 'os_reinstall') machine.reinstallOs();
  else if (change === 'disk_replacement') machine.replaceDisk();
  else if (change === 'motherboard_replacement') machine.replaceBoard();
  else machine.cpu = randomUUID();
}

async function refusal(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isLicentiaApiError(error, code), String(error));
    assert.equal(error.status, 409);
    return true;
  });
}

const EXPECTED: Record<Kind, Record<Exclude<Change, 'other'>, 'self_service' | 'sign_in' | 'support_code'>> = {
  business: { os_reinstall: 'self_service', disk_replacement: 'self_service', motherboard_replacement: 'support_code' },
  personal_linked: { os_reinstall: 'sign_in', disk_replacement: 'sign_in', motherboard_replacement: 'sign_in' },
  personal_unlinked: { os_reinstall: 'self_service', disk_replacement: 'self_service', motherboard_replacement: 'support_code' },
  seat: { os_reinstall: 'sign_in', disk_replacement: 'sign_in', motherboard_replacement: 'sign_in' },
};

async function deviceRow(organizationId: string, deviceId: string) {
  return t.ctx.database.db.selectFrom('devices').selectAll().where('organization_id', '=', organizationId).where('id', '=', deviceId).executeTakeFirstOrThrow();
}

for (const kind of ['business', 'personal_linked', 'personal_unlinked', 'seat'] as const) {
  describe(`a ${kind} license`, () => {
    for (const change of ['os_reinstall', 'disk_replacement', 'motherboard_replacement'] as const) {
      const path = EXPECTED[kind][change];
      test(`${change}: ${path}`, async () => {
        const setup = await setUp(kind);
        const machine = new Machine();
        const before = await machine.app().activate(setup.first, { name: 'HOME-PC' });
        repair(machine, change);
        const app = machine.app();
        const newBoard = change === 'motherboard_replacement';
        if (newBoard) {
          // The app kept its token on the disk: its next check-in reports the new board.
          const checked = await app.checkIn();
          assert.deepEqual([checked.valid, checked.code, checked.file], [false, 'HARDWARE_CHANGED', undefined]);
          assert.equal((await app.status()).file, undefined, 'the stored file was cleared');
        }
        let result;
        if (path === 'self_service') {
          result = await app.activate(setup.first);
          assert.equal(result.hardwareChange?.outcome, 'SELF_SERVICE_REACTIVATION');
        } else if (path === 'sign_in') {
          // With the key on the card (when the license has one), the app is told to sign in.
          if ('key' in setup.first) await refusal(app.activate(setup.first), 'REACTIVATION_SIGN_IN_REQUIRED');
          result = await app.activate(setup.account!);
          assert.equal(result.hardwareChange?.outcome, 'REACTIVATED_BY_SIGN_IN');
        } else {
          await refusal(app.activate(setup.first), 'REACTIVATION_CODE_REQUIRED');
          const { code, caseId } = await obtainReactivationCode(t, { organizationId: setup.organizationId, licenseId: before.license.id, deviceId: before.device.id });
          result = await app.redeemReactivationCode(setup.first, code);
          assert.equal(result.hardwareChange?.outcome, 'REACTIVATED_BY_CODE');
          const supportCase = await t.ctx.database.db.selectFrom('support_cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
          assert.equal(supportCase.state, 'resolved', 'the code resolved its case');
        }
        assert.equal(result.hardwareChange?.change, newBoard ? 'board' : 'os_or_disk');
        assert.equal(result.hardwareChange?.path, path);
        assert.ok(result.hardwareChange!.message.length > 20);
        assert.equal(result.license.activeDevices, 1, 'no extra slot');
        if (newBoard) {
          assert.notEqual(result.device.id, before.device.id, 'a new board is a new device');
          assert.equal(result.hardwareChange?.replacedDeviceId, before.device.id);
          const old = await deviceRow(setup.organizationId, before.device.id);
          assert.deepEqual([old.deactivated_by, old.replaced_by_device_id], ['replaced', result.device.id], 'the old device is freed, its record kept');
        } else {
          assert.equal(result.device.id, before.device.id, 'the same board: the same device, its record reused');
          assert.equal(result.hardwareChange?.replacedDeviceId, null);
          assert.notEqual(result.device.fingerprint, before.device.fingerprint, 'a new OS install: a new fingerprint');
          assert.equal((await deviceRow(setup.organizationId, before.device.id)).fingerprint, result.device.fingerprint, 'the record now knows the new fingerprint');
        }
        // The app runs again, online and at its next check-in.
        assert.deepEqual([(await app.validate()).code, (await app.checkIn()).code], ['VALID', 'VALID']);
        const license = await t.ctx.database.db.selectFrom('licenses').select('active_devices').where('id', '=', before.license.id).executeTakeFirstOrThrow();
        assert.equal(license.active_devices, 1);
        const audited = await t.ctx.database.db.selectFrom('audit_events').select(['action', 'data']).where('organization_id', '=', setup.organizationId).where('target_id', '=', result.device.id).execute();
        assert.ok(audited.some((row) => row.action === (newBoard ? 'device.replaced' : 'device.reactivated') && JSON.parse(row.data).outcome === result.hardwareChange?.outcome), JSON.stringify(audited));
      });
    }

    test('anything else (a new CPU): nothing to do', async () => {
      const setup = await setUp(kind);
      const machine = new Machine();
      const before = await machine.app().activate(setup.first);
      repair(machine, 'other');
      const app = machine.app();
      const checked = await app.checkIn();
      assert.deepEqual([checked.valid, checked.code, checked.file?.claims.device.id], [true, 'VALID', before.device.id]);
      const again = await app.activate(setup.first);
      assert.deepEqual([again.device.id, again.hardwareChange, again.license.activeDevices], [before.device.id, null, 1]);
    });
  });
}

test('the outcome message follows the app\'s language', async () => {
  const setup = await setUp('business');
  const machine = new Machine();
  await machine.app().activate(setup.first);
  machine.reinstallOs();
  const result = await machine.app('ja').activate(setup.first);
  assert.match(result.hardwareChange!.message, /再アクティベート/);
});
