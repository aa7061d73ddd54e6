// Test support only: small real files (a PNG, a JPEG, a PDF), vendor staff, a case ready to be
// decided, and the whole customer-and-agent dance that ends with a reactivation code.
import assert from 'node:assert/strict';
import type { TestApp, FixtureContext } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { toStoredInstant } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { hashToken } from '../../security/tokens.ts';
import { createRedeemedKey, newFingerprint } from '../devices/testing.ts';
import { insertDevice, lockLicense } from '../devices/store.ts';
import { findVendorOrganizationId } from '../organizations/store.ts';
import { addAttachment, openCase } from './cases.ts';
import { checkUpload } from './uploads.ts';

const SYSTEM = { kind: 'anonymous' as const };

/** A 1×1 PNG, a tiny JPEG (SOI, APP0 JFIF, EOI) and a one-page PDF: real headers, real files. */
export const SAMPLE_FILES = {
  png: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'),
};

export const RECEIPT = { model: 'LX-900', purchaseDate: '2026-04-01', serialNumber: 'PF-3ABC12' };

export function receiptUpload(file: Buffer = SAMPLE_FILES.jpeg, mediaType = 'image/jpeg') {
  return { kind: 'proof_of_purchase', fileName: 'receipt.jpg', mediaType, contentBase64: file.toString('base64'), receipt: RECEIPT };
}

export function repairReportUpload() {
  return { kind: 'repair_report', fileName: 'repair-report.pdf', mediaType: 'application/pdf', contentBase64: SAMPLE_FILES.pdf.toString('base64') };
}

/** The vendor organization (made once per database) and a member of it with `role`. */
export async function createVendorStaff(t: FixtureContext, role: 'support_agent' | 'vendor_admin' = 'support_agent'): Promise<Actor & { vendorOrganizationId: string }> {
  const vendorOrganizationId = (await findVendorOrganizationId(t.ctx.database.db)) ?? (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id;
  return { ...(await createActor(t, vendorOrganizationId, [role])), vendorOrganizationId };
}

export async function markOemPartner(t: FixtureContext, organizationId: string): Promise<void> {
  await t.ctx.database.db.insertInto('oem_partners').values({ organization_id: organizationId, created_at: toStoredInstant(t.clock.now()) }).onConflict((oc) => oc.doNothing()).execute();
}

/**
 * Through the API, as the customer and an agent do: open a case about the device, upload the
 * receipt and the repair report, approve. Returns the code the agent reads to the customer.
 */
export async function obtainReactivationCode(
  t: TestApp,
  input: { organizationId: string; licenseId: string; deviceId: string; repair?: string; customer?: Actor; agent?: Actor },
) {
  const customer = input.customer ?? (await createActor(t, input.organizationId, ['global_admin']));
  const agent = input.agent ?? (await createVendorStaff(t));
  const base = `/v1/organizations/${input.organizationId}/support-cases`;
  const opened = await t.inject({ method: 'POST', url: base, headers: customer.writeHeaders, payload: { licenseId: input.licenseId, deviceId: input.deviceId, repair: input.repair ?? 'motherboard_replacement' } });
  assert.equal(opened.statusCode, 201, opened.body);
  const caseId: string = opened.json().id;
  for (const upload of [receiptUpload(), repairReportUpload()]) {
    const uploaded = await t.inject({ method: 'POST', url: `${base}/${caseId}/attachments`, headers: customer.writeHeaders, payload: upload });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
  }
  const approved = await t.inject({ method: 'POST', url: `/v1/support-cases/${caseId}/approve`, headers: agent.writeHeaders, payload: { note: 'Receipt and repair report match the unit.' } });
  assert.equal(approved.statusCode, 200, approved.body);
  const { code, expiresAt } = approved.json().reactivationCode as { code: string; expiresAt: string };
  return { caseId, code, expiresAt, customer, agent };
}

/**
 * A case straight through the services, for generated tests (the permission matrix): a key
 * license of the organization with one active device, an open motherboard case about it holding
 * a receipt and a repair report, so that it can be read, added to, approved, rejected or closed.
 */
export async function createTestCase(t: FixtureContext, organizationId: string): Promise<{ caseId: string; attachmentId: string; licenseId: string }> {
  const redeemed = await createRedeemedKey(t, { organizationId });
  const db = t.ctx.database.db;
  const now = t.clock.now();
  const audit = { principal: SYSTEM, now };
  return inTransaction(db, async (tx) => {
    const subject = { kind: 'key' as const, organizationId, planId: redeemed.planId, productKeyId: redeemed.keyId };
    const license = await lockLicense(tx, t.ctx.database.dialect, subject, 1, now);
    await tx.updateTable('licenses').set({ active_devices: 1 }).where('organization_id', '=', organizationId).where('id', '=', license.id).execute();
    const device = await insertDevice(tx, license, { fingerprint: newFingerprint(), components: { board: newFingerprint() }, name: 'Repaired PC', tokenHash: hashToken(`dvt_${newFingerprint()}`) }, now);
    const context = { tx, dialect: t.ctx.database.dialect, audit };
    const supportCase = await openCase(context, { organizationId, reference: { licenseId: license.id }, repair: 'motherboard_replacement', deviceId: device.id, openedBy: 'customer' });
    const receipt = await addAttachment(context, supportCase, { kind: 'proof_of_purchase', fileName: 'receipt.png', upload: checkUpload({ contentBase64: SAMPLE_FILES.png.toString('base64'), mediaType: 'image/png' }, 1 << 20), receipt: RECEIPT });
    await addAttachment(context, { ...supportCase, attachment_count: 1 }, { kind: 'repair_report', fileName: 'report.pdf', upload: checkUpload({ contentBase64: SAMPLE_FILES.pdf.toString('base64'), mediaType: 'application/pdf' }, 1 << 20) });
    return { caseId: supportCase.id, attachmentId: receipt.id, licenseId: license.id };
  });
}
