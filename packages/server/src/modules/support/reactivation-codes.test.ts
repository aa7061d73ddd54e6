// Reactivation codes (SPEC §6): one-time, expiring, bound to one license; failed attempts are
// limited per license and per client address; issuing again or ending the case revokes the
// code; and the code is never stored or logged in plaintext.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { rawDump, sqlDump } from '../../../test/support/dump.ts';
import { signInAs } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, newFingerprint } from '../devices/testing.ts';
import { createVendorStaff, obtainReactivationCode } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ logLevel: 'trace', reactivationCodeTtlHours: 72, reactivationCodeFailureLimit: 3, keyEntryFailureLimit: 1000 });
  await createVendorStaff(t);
});
after(() => t.close());

const board = () => newFingerprint();

/** Each test plays devices at its own address: failed codes are also counted per client address. */
let address = 0;
beforeEach(() => {
  address++;
});

function activate(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.inject({ method: 'POST', url: '/v1/activations', headers, payload, remoteAddress: `192.0.2.${address}` });
}

/** A business key with one device; returns what a motherboard replacement needs. */
async function repairedMachine(options: { seats?: number } = {}) {
  const redeemed = await createRedeemedKey(t, { plan: { devicesPerSeat: 1 }, seats: options.seats ?? 1 });
  const fingerprint = newFingerprint();
  const first = await activate({ key: redeemed.key, fingerprint, components: { board: board() } });
  assert.equal(first.statusCode, 201, first.body);
  const body = first.json();
  return { ...redeemed, fingerprint, licenseId: body.license.id as string, deviceId: body.device.id as string };
}

describe('a reactivation code', () => {
  test('works once: the repaired machine activates with it; the same code again is REACTIVATION_CODE_USED', async () => {
    const machine = await repairedMachine();
    const newBoard = { board: board() };
    const refused = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: newBoard });
    assert.deepEqual([refused.statusCode, refused.json().code], [409, 'REACTIVATION_CODE_REQUIRED']);
    const { code } = await obtainReactivationCode(t, machine);
    const redeemed = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: newBoard, reactivationCode: code.toLowerCase().replaceAll('-', ' ') });
    assert.equal(redeemed.statusCode, 201, redeemed.body);
    assert.equal(redeemed.json().hardwareChange.outcome, 'REACTIVATED_BY_CODE');
    // The board is replaced once more: the spent code does not move the license again.
    const again = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: code });
    assert.deepEqual([again.statusCode, again.json().code], [409, 'REACTIVATION_CODE_USED']);
    const row = await t.ctx.database.db.selectFrom('reactivation_codes').selectAll().where('organization_id', '=', machine.organizationId).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.redeemed_device_id], ['redeemed', redeemed.json().device.id]);
  });

  test('only for its license: the code of one license is INVALID on another, and spends nothing', async () => {
    const mine = await repairedMachine();
    const other = await repairedMachine();
    const { code } = await obtainReactivationCode(t, mine);
    const wrong = await activate({ key: other.key, fingerprint: other.fingerprint, components: { board: board() }, reactivationCode: code }, { 'accept-language': 'ja' });
    assert.deepEqual([wrong.statusCode, wrong.json().code], [422, 'REACTIVATION_CODE_INVALID']);
    assert.match(wrong.json().title, /このライセンスには使用できません/);
    const right = await activate({ key: mine.key, fingerprint: mine.fingerprint, components: { board: board() }, reactivationCode: code });
    assert.equal(right.statusCode, 201, 'still good for its own license');
  });

  test('not after it expires (72 hours here): REACTIVATION_CODE_EXPIRED with the moment; a new approval issues a fresh one', async () => {
    const machine = await repairedMachine();
    const { code, caseId, expiresAt, agent } = await obtainReactivationCode(t, machine);
    assert.equal(Date.parse(expiresAt) - t.clock.now().epochMilliseconds, 72 * 3600_000);
    t.clock.advance({ hours: 72 });
    const late = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: code });
    assert.deepEqual([late.statusCode, late.json().code, late.json().expiredAt], [422, 'REACTIVATION_CODE_EXPIRED', expiresAt]);
    // Three days later the agent signs in anew.
    const reissued = await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: (await signInAs(t, agent.userId)).writeHeaders, payload: {} });
    assert.equal(reissued.statusCode, 200, reissued.body);
    const fresh = reissued.json().reactivationCode.code;
    assert.notEqual(fresh, code);
    assert.equal((await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: fresh })).statusCode, 201);
    t.clock.set('2026-11-21T00:30:00Z');
  });

  test('issuing again revokes the previous code; rejecting the case revokes the live one', async () => {
    const machine = await repairedMachine();
    const first = await obtainReactivationCode(t, machine);
    const second = await t.inject({ method: 'POST', url: `/v1/support-cases/${first.caseId}/approve`, headers: first.agent.writeHeaders, payload: {} });
    const secondCode = second.json().reactivationCode.code;
    const stale = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: first.code });
    assert.equal(stale.json().code, 'REACTIVATION_CODE_INVALID');
    const rejected = await t.inject({ method: 'POST', url: `/v1/support-cases/${first.caseId}/reject`, headers: first.agent.writeHeaders, payload: { note: 'The receipt names another serial number.' } });
    assert.deepEqual([rejected.statusCode, rejected.json().state, rejected.json().decisionNote], [200, 'rejected', 'The receipt names another serial number.']);
    const afterReject = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: secondCode });
    assert.equal(afterReject.json().code, 'REACTIVATION_CODE_INVALID');
    const states = await t.ctx.database.db.selectFrom('reactivation_codes').select('state').where('case_id', '=', first.caseId).orderBy('id').execute();
    assert.deepEqual(states.map((s) => s.state), ['revoked', 'revoked']);
  });

  test('failed attempts are limited per license (3 an hour here), then 429 even for the right code; each failure is audited', async () => {
    const machine = await repairedMachine();
    const { code } = await obtainReactivationCode(t, machine);
    for (const guess of ['BCDF-GHJK-MPQR-TVWX', 'BCDF-GHJK-MPQR-TVWY', 'not a code']) {
      const wrong = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: guess });
      assert.equal(wrong.json().code, 'REACTIVATION_CODE_INVALID');
    }
    const limited = await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: code });
    assert.deepEqual([limited.statusCode, limited.json().code], [429, 'RATE_LIMITED']);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    const refusals = await t.ctx.database.db.selectFrom('audit_events').select('data').where('organization_id', '=', machine.organizationId).where('action', '=', 'reactivation_code.refused').execute();
    assert.equal(refusals.length, 3);
    const elsewhere = await t.inject({ method: 'POST', url: '/v1/activations', remoteAddress: '198.51.100.7', payload: { key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: code } });
    assert.equal(elsewhere.json().code, 'RATE_LIMITED', "the limit is the license's, from any address");
    t.clock.advance({ hours: 1 });
    assert.equal((await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: code })).statusCode, 201, 'an hour later the right code works');
    t.clock.set('2026-11-21T00:30:00Z');
  });

  test('a machine the license cannot recognize (new board and a new disk) is the case\'s device, by the code', async () => {
    const machine = await repairedMachine();
    const { code } = await obtainReactivationCode(t, machine);
    const unknown = { key: machine.key, fingerprint: newFingerprint(), components: { board: board() } };
    assert.deepEqual([(await activate(unknown)).json().code], ['DEVICE_LIMIT_REACHED'], 'without the code: a new machine on a full license');
    const moved = await activate({ ...unknown, reactivationCode: code });
    assert.equal(moved.statusCode, 201, moved.body);
    assert.deepEqual([moved.json().hardwareChange.replacedDeviceId, moved.json().license.activeDevices], [machine.deviceId, 1]);
  });

  test('appears nowhere in the database or the logs', async () => {
    const machine = await repairedMachine();
    const { code } = await obtainReactivationCode(t, machine);
    await activate({ key: machine.key, fingerprint: machine.fingerprint, components: { board: board() }, reactivationCode: code }, { 'idempotency-key': 'redeem-1' });
    const places = { rows: await sqlDump(t), 'raw database': rawDump(t), logs: t.logs.join('\n') };
    for (const [place, text] of Object.entries(places)) {
      for (const form of [code, code.replaceAll('-', '')]) assert.ok(!text.includes(form), `the reactivation code is in the ${place}`);
    }
  });
});
