// Support cases through the API (SPEC §6): opened by the customer (by license or by the PC's
// serial number) or by an agent; the proofs an approval needs (a repair report may come from the
// OEM instead of an upload); the states; every step in the customer's audit log and outbox; and
// other organizations see nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, newFingerprint } from '../devices/testing.ts';
import { createTestProduct } from '../hardware-registry/testing.ts';
import { createVendorStaff, markOemPartner, receiptUpload, repairReportUpload } from './testing.ts';

let t: TestApp;
let agent: Awaited<ReturnType<typeof createVendorStaff>>;
before(async () => {
  t = await createTestApp();
  agent = await createVendorStaff(t);
});
after(() => t.close());

async function activatedLicense(segment: 'commercial' | 'personal' = 'commercial') {
  const redeemed = await createRedeemedKey(t, { segment });
  const activation = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: redeemed.key, fingerprint: newFingerprint(), components: { board: newFingerprint() } } });
  assert.equal(activation.statusCode, 201, activation.body);
  const customer = await createActor(t, redeemed.organizationId, ['global_admin']);
  return { ...redeemed, licenseId: activation.json().license.id as string, deviceId: activation.json().device.id as string, customer, base: `/v1/organizations/${redeemed.organizationId}/support-cases` };
}

describe('opening a case', () => {
  test('by license; a motherboard case must name an active device of the license', async () => {
    const license = await activatedLicense();
    const noDevice = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement' } });
    assert.deepEqual([noDevice.statusCode, noDevice.json().code], [422, 'SUPPORT_CASE_DEVICE_REQUIRED']);
    const other = await activatedLicense();
    const foreignDevice = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement', deviceId: other.deviceId } });
    assert.equal(foreignDevice.json().code, 'SUPPORT_CASE_DEVICE_REQUIRED');
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement', deviceId: license.deviceId, description: 'New board after water damage' } });
    assert.equal(opened.statusCode, 201, opened.body);
    assert.deepEqual([opened.json().state, opened.json().openedBy, opened.json().deviceId], ['open', 'customer', license.deviceId]);
  });

  test('by the serial number of the PC the key came preinstalled on (any typing); a serial the organization does not own is not found', async () => {
    const license = await activatedLicense();
    const unit = await createTestProduct(t, agent.vendorOrganizationId, { productKeyId: license.keyId });
    const typed = `${unit.serialNumber.slice(0, 4).toLowerCase()}-${unit.serialNumber.slice(4)}`;
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { serialNumber: typed, repair: 'os_reinstall' } });
    assert.equal(opened.statusCode, 201, opened.body);
    assert.deepEqual([opened.json().licenseId, opened.json().serialNumber], [license.licenseId, unit.serialNumber]);
    const stranger = await activatedLicense();
    const notTheirs = await t.inject({ method: 'POST', url: stranger.base, headers: stranger.customer.writeHeaders, payload: { serialNumber: unit.serialNumber, repair: 'os_reinstall' } });
    assert.deepEqual([notTheirs.statusCode, notTheirs.json().code], [404, 'NOT_FOUND']);
    const bad = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { serialNumber: 'PF<3>', repair: 'os_reinstall' } });
    assert.deepEqual([bad.statusCode, bad.json().code, bad.json().problem], [422, 'HARDWARE_IDENTIFIER_INVALID', 'BAD_CHARACTERS']);
  });

  test('an agent opens a case for a customer on the phone: openedBy agent', async () => {
    const license = await activatedLicense();
    const opened = await t.inject({ method: 'POST', url: license.base, headers: agent.writeHeaders, payload: { licenseId: license.licenseId, repair: 'other' } });
    assert.deepEqual([opened.statusCode, opened.json().openedBy], [201, 'agent']);
  });
});

describe('deciding a case', () => {
  test('approval needs the receipt and, for a new board, the repair report; the case says what is missing', async () => {
    const license = await activatedLicense();
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement', deviceId: license.deviceId } });
    const caseId = opened.json().id;
    const approve = () => t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: agent.writeHeaders, payload: {} });
    const first = await approve();
    assert.deepEqual([first.statusCode, first.json().code, first.json().missing], [422, 'SUPPORT_CASE_PROOF_MISSING', ['proof_of_purchase', 'repair_report']]);
    await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: receiptUpload() });
    const detail = await t.inject({ method: 'GET', url: `${license.base}/${caseId}`, headers: license.customer.headers });
    assert.deepEqual([detail.json().attachments.length, detail.json().missing], [1, ['repair_report']]);
    assert.deepEqual((await approve()).json().missing, ['repair_report']);
    await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: repairReportUpload() });
    const approved = await approve();
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.headers['cache-control'], 'no-store');
    assert.match(approved.json().reactivationCode.code, /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    assert.equal(approved.json().case.state, 'approved');
    const upload = await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: receiptUpload() });
    assert.deepEqual([upload.statusCode, upload.json().code], [409, 'SUPPORT_CASE_STATE'], 'files only while open');
  });

  test('a repair report the OEM issued for the unit stands in for an uploaded one', async () => {
    const license = await activatedLicense();
    const oem = await createOrg(t, { kind: 'partner', name: 'Maker KK' });
    await markOemPartner(t, oem.id);
    const unit = await createTestProduct(t, oem.id, { productKeyId: license.keyId });
    const technician = await createActor(t, oem.id, ['partner_agent']);
    const report = await t.inject({
      method: 'POST',
      url: `/v1/organizations/${oem.id}/repair-reports`,
      headers: technician.writeHeaders,
      payload: { serialNumber: unit.serialNumber, repair: 'motherboard_replacement', repairedOn: '2026-11-20', replacedParts: ['motherboard'], technician: 'Bench 2' },
    });
    assert.equal(report.statusCode, 201, report.body);
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement', deviceId: license.deviceId } });
    const caseId = opened.json().id;
    await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: receiptUpload() });
    const detail = await t.inject({ method: 'GET', url: `${license.base}/${caseId}`, headers: license.customer.headers });
    assert.deepEqual(detail.json().missing, []);
    assert.equal((await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: agent.writeHeaders, payload: {} })).statusCode, 200);
  });

  test('states: a closed or rejected case cannot be decided again; every step audited and announced in the customer\'s log', async () => {
    const license = await activatedLicense();
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'os_reinstall' } });
    const caseId = opened.json().id;
    await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: receiptUpload() });
    assert.equal((await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: agent.writeHeaders, payload: { note: 'ok' } })).statusCode, 200);
    const closed = await t.inject({ method: 'POST', url: `${license.base}/${caseId}/close`, headers: license.customer.writeHeaders });
    assert.deepEqual([closed.statusCode, closed.json().state], [200, 'closed']);
    for (const action of ['approve', 'reject']) {
      const refused = await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/${action}`, headers: agent.writeHeaders, payload: {} });
      assert.deepEqual([refused.statusCode, refused.json().code], [409, 'SUPPORT_CASE_STATE']);
      assert.match(refused.json().title, /is closed: only an open or approved case/);
    }
    const db = t.ctx.database.db;
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_id']).where('organization_id', '=', license.organizationId).where('target_id', '=', caseId).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['support_case.opened', 'support_case.attachment_added', 'reactivation_code.issued', 'support_case.approved', 'support_case.closed']);
    assert.equal(audit[3]!.actor_id, agent.userId, 'the agent is named');
    const events = await db.selectFrom('outbox_events').select('type').where('organization_id', '=', license.organizationId).where('type', 'like', 'support_case.%').orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.type), ['support_case.opened', 'support_case.approved', 'support_case.closed']);
    const codes = await db.selectFrom('reactivation_codes').select('state').where('case_id', '=', caseId).execute();
    assert.deepEqual(codes.map((c) => c.state), ['revoked'], 'closing revoked the code');
  });

  test('the desk\'s queue lists open cases of every organization', async () => {
    const a = await activatedLicense();
    const b = await activatedLicense();
    const ids: string[] = [];
    for (const license of [a, b]) ids.push((await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'other' } })).json().id);
    const queue = await t.inject({ method: 'GET', url: '/v1/support-cases?state=open&limit=200', headers: agent.headers });
    const listed = queue.json().data.map((c: { id: string }) => c.id);
    for (const id of ids) assert.ok(listed.includes(id));
  });
});

describe('data deprovisioned with its license', () => {
  test('deleting a license\'s devices, then the license (as deprovisioning does), takes its cases, files, codes and device attributes along', async () => {
    const license = await activatedLicense();
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'motherboard_replacement', deviceId: license.deviceId } });
    const caseId = opened.json().id;
    for (const upload of [receiptUpload(), repairReportUpload()]) await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: upload });
    assert.equal((await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: agent.writeHeaders, payload: {} })).statusCode, 200);
    const management = await t.inject({ method: 'PUT', url: `/v1/organizations/${license.organizationId}/devices/${license.deviceId}/management`, headers: license.customer.writeHeaders, payload: { domainJoined: true, requiresAuthentication: false, enforcedAgent: false, groupPolicyEnforced: false, configuredByOrganization: false, virtualDesktopAccess: 'none', portableWorkspaceOnThirdPartyDevice: false } });
    assert.equal(management.statusCode, 200, management.body);
    const db = t.ctx.database.db;
    const org = license.organizationId;
    await db.deleteFrom('devices').where('organization_id', '=', org).execute();
    await db.deleteFrom('licenses').where('organization_id', '=', org).execute();
    for (const table of ['support_cases', 'support_case_attachments', 'reactivation_codes', 'device_management'] as const) {
      const left = await db.selectFrom(table).select('organization_id').where('organization_id', '=', org).execute();
      assert.equal(left.length, 0, table);
    }
  });
});

describe('other organizations', () => {
  test('see nothing of a case: 404 on every case route, even with a real case id', async () => {
    const license = await activatedLicense();
    const opened = await t.inject({ method: 'POST', url: license.base, headers: license.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'other' } });
    const caseId = opened.json().id;
    const upload = await t.inject({ method: 'POST', url: `${license.base}/${caseId}/attachments`, headers: license.customer.writeHeaders, payload: receiptUpload() });
    const stranger = await activatedLicense();
    // Their own organization's path with the other organization's case id.
    const own = `${stranger.base}/${caseId}`;
    for (const [method, url] of [['GET', own], ['POST', `${own}/close`], ['GET', `${own}/attachments/${upload.json().id}`]] as const) {
      const response = await t.inject({ method, url, headers: stranger.customer.writeHeaders });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
    }
    const byLicense = await t.inject({ method: 'POST', url: stranger.base, headers: stranger.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'other' } });
    assert.equal(byLicense.statusCode, 404, 'another organization\'s license is not found');
    const advice = await t.inject({ method: 'POST', url: `/v1/organizations/${stranger.organizationId}/reactivation-advice`, headers: stranger.customer.writeHeaders, payload: { licenseId: license.licenseId, repair: 'other' } });
    assert.equal(advice.statusCode, 404);
  });
});
