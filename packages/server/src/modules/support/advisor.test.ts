// The reactivation advisor through the API (SPEC §6): the answer comes from the real license
// (its column, its state, the account it is linked to) and the real case (opened, files, code),
// in both languages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, createSeatHolder, newFingerprint } from '../devices/testing.ts';
import { createTestProduct } from '../hardware-registry/testing.ts';
import { createVendorStaff, receiptUpload, repairReportUpload } from './testing.ts';

let t: TestApp;
let agent: Awaited<ReturnType<typeof createVendorStaff>>;
before(async () => {
  t = await createTestApp();
  agent = await createVendorStaff(t);
});
after(() => t.close());

async function keyLicense(segment: 'commercial' | 'personal') {
  const redeemed = await createRedeemedKey(t, { segment });
  const activation = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: redeemed.key, fingerprint: newFingerprint(), components: { board: newFingerprint() } } });
  const owner = await createActor(t, redeemed.organizationId, ['global_admin'], { email: `taro.${Date.now()}@example.jp` });
  return { ...redeemed, owner, licenseId: activation.json().license.id as string, deviceId: activation.json().device.id as string };
}

async function advise(organizationId: string, headers: Record<string, string>, payload: object) {
  const response = await t.inject({ method: 'POST', url: `/v1/organizations/${organizationId}/reactivation-advice`, headers, payload });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

const progress = (advice: { steps: { code: string; done: boolean }[] }) => advice.steps.map((s) => `${s.code}${s.done ? ':done' : ''}`);

describe('the advisor answers from the data', () => {
  test('a business key after a motherboard replacement: the support path, and its progress as the case moves on', async () => {
    const license = await keyLicense('commercial');
    const ask = () => advise(license.organizationId, license.owner.writeHeaders, { licenseId: license.licenseId, repair: 'motherboard_replacement' });
    const before = await ask();
    assert.deepEqual([before.column, before.change, before.path, before.blocked, before.caseId], ['business', 'board', 'support_code', false, null]);
    assert.deepEqual(progress(before), ['OPEN_SUPPORT_CASE', 'UPLOAD_PROOF_OF_PURCHASE', 'UPLOAD_REPAIR_REPORT', 'WAIT_FOR_APPROVAL', 'ENTER_REACTIVATION_CODE']);
    assert.match(before.steps[1].text.ja, /領収書/);
    assert.match(before.steps[1].text.en, /receipt/);

    const base = `/v1/organizations/${license.organizationId}/support-cases`;
    const caseId = (await t.inject({ method: 'POST', url: base, headers: license.owner.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement', deviceId: license.deviceId } })).json().id;
    await t.inject({ method: 'POST', url: `${base}/${caseId}/attachments`, headers: license.owner.writeHeaders, payload: receiptUpload() });
    const opened = await ask();
    assert.equal(opened.caseId, caseId);
    assert.deepEqual(progress(opened), ['OPEN_SUPPORT_CASE:done', 'UPLOAD_PROOF_OF_PURCHASE:done', 'UPLOAD_REPAIR_REPORT', 'WAIT_FOR_APPROVAL', 'ENTER_REACTIVATION_CODE']);

    await t.inject({ method: 'POST', url: `${base}/${caseId}/attachments`, headers: license.owner.writeHeaders, payload: repairReportUpload() });
    const approval = (await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: agent.writeHeaders, payload: {} })).json();
    const approved = await ask();
    assert.deepEqual(progress(approved), ['OPEN_SUPPORT_CASE:done', 'UPLOAD_PROOF_OF_PURCHASE:done', 'UPLOAD_REPAIR_REPORT:done', 'WAIT_FOR_APPROVAL:done', 'ENTER_REACTIVATION_CODE']);
    assert.ok(approved.steps[4].text.en.includes(approval.reactivationCode.expiresAt), 'the code\'s expiry, from the data');

    const fingerprint = newFingerprint();
    const redeemed = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: license.key, fingerprint, components: { board: newFingerprint() }, reactivationCode: approval.reactivationCode.code } });
    assert.equal(redeemed.statusCode, 201, redeemed.body);
    assert.ok((await ask()).steps.every((s: { done: boolean }) => s.done), 'resolved: every step done');
  });

  test('a personal key linked to an account: sign in with it (the address masked); not linked: self-service after an OS reinstall', async () => {
    const license = await keyLicense('personal');
    const unlinked = await advise(license.organizationId, license.owner.writeHeaders, { licenseId: license.licenseId, repair: 'os_reinstall' });
    assert.deepEqual([unlinked.column, unlinked.path, progress(unlinked)], ['personal_unlinked', 'self_service', ['ACTIVATE_FROM_APP']]);
    const link = await t.inject({ method: 'POST', url: '/v1/me/linked-licenses', headers: license.owner.writeHeaders, payload: { key: license.key } });
    assert.equal(link.statusCode, 201, link.body);
    const linked = await advise(license.organizationId, license.owner.writeHeaders, { licenseId: license.licenseId, repair: 'motherboard_replacement' });
    assert.deepEqual([linked.column, linked.path, progress(linked)], ['personal_linked', 'sign_in', ['SIGN_IN_WITH_LINKED_ACCOUNT', 'OLD_DEVICE_FREED']]);
    assert.match(linked.steps[0].text.en, /\(t\*\*\*@example\.jp\)/);
    assert.ok(!JSON.stringify(linked).includes(license.owner.email), 'the address itself is not shown');
  });

  test('a seat: sign in; anything else: nothing to do; a cancelled subscription: renew first', async () => {
    const holder = await createSeatHolder(t);
    const admin = await createActor(t, holder.organizationId, ['license_admin']);
    const activation = await t.inject({ method: 'POST', url: '/v1/activations', headers: holder.token.headers, payload: { productId: holder.productId, fingerprint: newFingerprint() } });
    const licenseId = activation.json().license.id;
    const seat = await advise(holder.organizationId, admin.writeHeaders, { licenseId, repair: 'disk_replacement' });
    assert.deepEqual([seat.column, seat.path], ['personal_linked', 'sign_in']);
    assert.deepEqual(progress(await advise(holder.organizationId, admin.writeHeaders, { licenseId, repair: 'other' })), ['NOTHING_TO_DO:done']);
    await t.ctx.database.db.updateTable('subscriptions').set({ cancelled_on: '2026-11-21' }).where('id', '=', holder.subscriptionId).execute();
    const blocked = await advise(holder.organizationId, admin.writeHeaders, { licenseId, repair: 'motherboard_replacement' });
    assert.deepEqual([blocked.blocked, progress(blocked)], [true, ['RENEW_FIRST']]);
    assert.match(blocked.steps[0].text.en, /is cancelled/);
  });

  test('by the PC\'s serial number, for a support agent too', async () => {
    const license = await keyLicense('commercial');
    const unit = await createTestProduct(t, agent.vendorOrganizationId, { productKeyId: license.keyId });
    const advice = await advise(license.organizationId, agent.writeHeaders, { serialNumber: unit.serialNumber.toLowerCase(), repair: 'disk_replacement' });
    assert.deepEqual([advice.licenseId, advice.path], [license.licenseId, 'self_service']);
    const neither = await t.inject({ method: 'POST', url: `/v1/organizations/${license.organizationId}/reactivation-advice`, headers: agent.writeHeaders, payload: { repair: 'other' } });
    assert.deepEqual([neither.statusCode, neither.json().code], [400, 'VALIDATION_FAILED']);
  });
});
