// The hardware product registry (SPEC §6): CSV import (all or nothing, updating known units),
// lookup by serial number, product number or IMEI however typed, the preinstalled license; OEM
// partners marked by the vendor keep their own registry and issue repair reports as PDF.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';
import { createTestKeys } from '../../../test/support/key-fixtures.ts';
import { createRedeemedKey, newFingerprint } from '../devices/testing.ts';
import { pdfText } from '../../pdf/testing.ts';
import { createVendorStaff } from '../support/testing.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof createVendorStaff>>;
let agent: Awaited<ReturnType<typeof createVendorStaff>>;
before(async () => {
  t = await createTestApp();
  admin = await createVendorStaff(t, 'vendor_admin');
  agent = await createVendorStaff(t);
});
after(() => t.close());

const IMEI = '490154203237518';

function importCsv(url: string, headers: Record<string, string>, csv: string) {
  return t.inject({ method: 'POST', url, headers, payload: { csv } });
}

async function lookup(identifier: string, headers = agent.headers, url = '/v1/hardware-products') {
  const response = await t.inject({ method: 'GET', url: `${url}?identifier=${encodeURIComponent(identifier)}`, headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().data as { id: string; serialNumber: string | null; model: string; ownerOrganizationId: string; preinstalledLicense: Record<string, unknown> | null }[];
}

describe("the vendor's registry", () => {
  test('a CSV import; lookup by serial, product number or IMEI as people type them; the preinstalled license and where it went', async () => {
    const redeemed = await createRedeemedKey(t);
    const activation = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: redeemed.key, fingerprint: newFingerprint() } });
    const csv = [
      'serial_number,product_number,imei,model,purchase_date,seller,product_key',
      `PF-3ABC12,5ZG63EA#ABJ,${IMEI},"LX-900, 14 inch",2026-04-01,Example Denki,${redeemed.key}`,
      'PF-3ABC13,5ZG63EA#ABJ,,LX-900,,,',
    ].join('\r\n');
    const imported = await importCsv('/v1/hardware-products/import', admin.writeHeaders, csv);
    assert.deepEqual([imported.statusCode, imported.json()], [200, { created: 2, updated: 0 }]);
    for (const typed of ['pf3abc12', 'ＰＦ－３ＡＢＣ１２', '49-015420-323751-8', '49/015420/323751/8']) {
      const found = await lookup(typed);
      assert.deepEqual(found.map((p) => p.serialNumber), ['PF3ABC12'], typed);
      assert.deepEqual(found[0]!.preinstalledLicense, { productKeyId: redeemed.keyId, keyLast5: redeemed.key.slice(-5), redeemedOrganizationId: redeemed.organizationId, licenseId: activation.json().license.id });
    }
    assert.equal((await lookup('5zg63ea#abj')).length, 2, 'a product number names a model: every unit of it');
    assert.equal((await lookup('PF3ABC12'))[0]!.model, 'LX-900, 14 inch');
    const again = await importCsv('/v1/hardware-products/import', admin.writeHeaders, 'serial_number,model\nPF3ABC13,LX-910\n');
    assert.deepEqual(again.json(), { created: 0, updated: 1 }, 'a known unit is updated');
    assert.equal((await lookup('PF3ABC13'))[0]!.model, 'LX-910');
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('data').where('organization_id', '=', admin.vendorOrganizationId).where('action', '=', 'hardware_products.imported').execute();
    assert.equal(audit.length, 2);
  });

  test('a file with bad lines changes nothing and names each problem and its line', async () => {
    const csv = [
      'serial_number,imei,model,purchase_date,product_key',
      'OK-0001,,LX-900,2026-04-01,', // line 2: fine
      'OK-0002,490154203237519,LX-900,,', // 3: IMEI check digit
      'OK-0003,,,2026-02-30,', // 4: no model, no such date
      ',,LX-900,,', // 5: neither serial nor IMEI
      'OK-0001,,LX-900,,BCDFG-HJKMP-QRTVW-XY234-6789B', // 6: a duplicate, a key with a typo
    ].join('\n');
    const response = await importCsv('/v1/hardware-products/import', admin.writeHeaders, csv);
    assert.deepEqual([response.statusCode, response.json().code], [422, 'HARDWARE_IMPORT_INVALID']);
    assert.deepEqual(response.json().errors, [
      { line: 3, column: 'imei', problem: 'IMEI_CHECK_FAILED' },
      { line: 4, column: 'model', problem: 'REQUIRED' },
      { line: 4, column: 'purchase_date', problem: 'NOT_A_DATE' },
      { line: 5, column: null, problem: 'SERIAL_NUMBER_OR_IMEI_REQUIRED' },
      { line: 6, column: 'product_key', problem: 'KEY_CHECK_FAILED' },
      { line: 6, column: 'serial_number', problem: 'DUPLICATE_OF_LINE_2' },
    ]);
    assert.deepEqual(await lookup('OK-0001'), [], 'nothing was imported');
    const unknownColumn = await importCsv('/v1/hardware-products/import', admin.writeHeaders, 'serial,model\nA,B\n');
    assert.deepEqual(unknownColumn.json().errors, [{ line: 1, column: null, problem: 'UNKNOWN_COLUMN:serial' }, { line: 1, column: null, problem: 'MISSING_COLUMNS' }]);
  });

  test('support agents look up; only administrators import', async () => {
    const refused = await importCsv('/v1/hardware-products/import', agent.writeHeaders, 'serial_number,model\nX1,Y\n');
    assert.deepEqual([refused.statusCode, refused.json().code], [403, 'ROLE_REQUIRED']);
  });
});

describe('OEM partners', () => {
  test('the vendor marks a partner; it imports its own units (with keys made for it only), looks them up, and issues a repair report as PDF', async () => {
    const oem = await createOrg(t, { kind: 'partner', name: 'Maker Industries' });
    const oemAdmin = await createActor(t, oem.id, ['partner_admin']);
    const oemAgent = await createActor(t, oem.id, ['partner_agent']);
    const own = `/v1/organizations/${oem.id}/hardware-products`;
    const before = await importCsv(`${own}/import`, oemAdmin.writeHeaders, 'serial_number,model\nMK-1,M\n');
    assert.deepEqual([before.statusCode, before.json().code], [403, 'OEM_PARTNER_REQUIRED'], 'not yet an OEM');
    const customer = await createOrg(t);
    const notPartner = await t.inject({ method: 'POST', url: '/v1/oem-partners', headers: admin.writeHeaders, payload: { partnerOrganizationId: customer.id } });
    assert.deepEqual([notPartner.statusCode, notPartner.json().code], [422, 'NOT_A_PARTNER_ORGANIZATION']);
    const marked = await t.inject({ method: 'POST', url: '/v1/oem-partners', headers: admin.writeHeaders, payload: { partnerOrganizationId: oem.id } });
    assert.deepEqual([marked.statusCode, marked.json().name], [201, 'Maker Industries']);

    // Keys of a batch made for this OEM may be preinstalled; the vendor's other keys may not.
    const { planId } = await createRedeemedKey(t);
    const { keys: theirs } = await createTestKeys(t, planId);
    await t.ctx.database.db.updateTable('key_batches').set({ partner_organization_id: oem.id }).where('id', '=', (await t.ctx.database.db.selectFrom('product_keys').select('batch_id').where('id', '=', theirs[0]!.id).executeTakeFirstOrThrow()).batch_id).execute();
    const { keys: notTheirs } = await createTestKeys(t, planId);
    const wrongKey = await importCsv(`${own}/import`, oemAdmin.writeHeaders, `serial_number,model,product_key\nMK-1,MX-1,${notTheirs[0]!.key}\n`);
    assert.deepEqual(wrongKey.json().errors, [{ line: 2, column: 'product_key', problem: 'KEY_UNKNOWN' }]);
    const imported = await importCsv(`${own}/import`, oemAdmin.writeHeaders, `serial_number,imei,model,product_key\nMK-1,${IMEI},MX-1,${theirs[0]!.key}\n`);
    assert.deepEqual(imported.json(), { created: 1, updated: 0 });
    assert.equal((await importCsv(`${own}/import`, oemAgent.writeHeaders, 'serial_number,model\nMK-2,M\n')).statusCode, 403, 'agents look up, administrators import');

    const mine = await lookup('mk-1', oemAgent.headers, own);
    assert.deepEqual(mine.map((p) => [p.serialNumber, p.ownerOrganizationId]), [['MK1', oem.id]]);
    assert.deepEqual(await lookup('PF3ABC12', oemAgent.headers, own), [], 'the vendor\'s units are not the OEM\'s');
    assert.ok((await lookup(IMEI)).some((p) => p.ownerOrganizationId === oem.id), 'the vendor\'s desk finds the OEM\'s units');

    const report = await t.inject({
      method: 'POST',
      url: `/v1/organizations/${oem.id}/repair-reports`,
      headers: oemAgent.writeHeaders,
      payload: { imei: IMEI, repair: 'motherboard_replacement', repairedOn: '2026-11-20', replacedParts: ['motherboard', 'CMOS battery'], technician: '大阪サービスセンター 山田', notes: 'Board 7T-44 fitted' },
    });
    assert.equal(report.statusCode, 201, report.body);
    assert.deepEqual([report.json().serialNumber, report.json().imei, report.json().repair], ['MK1', IMEI, 'motherboard_replacement']);
    const pdf = await t.inject({ method: 'GET', url: `/v1/organizations/${oem.id}/repair-reports/${report.json().id}/pdf`, headers: oemAgent.headers });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.rawPayload.subarray(-8).toString(), /%%EOF/);
    assert.equal(createHash('sha256').update(pdf.rawPayload).digest('hex'), report.json().pdfSha256);
    // Read back as a viewer's search and copy see it: every label in both languages, and what the
    // OEM typed, Japanese included, exactly.
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    for (const shown of [
      '修理完了報告書', 'Repair Completion Report', '型番 / Model', 'MX-1', 'MK1', IMEI, 'マザーボードの交換 / Motherboard replaced', '2026-11-20',
      'motherboard, CMOS battery', '担当 / Technician', '大阪サービスセンター 山田', 'Maker Industries', '製造元が Licentia を通じて発行しました',
    ]) {
      assert.ok(text.includes(shown), `the PDF shows ${shown}: ${text}`);
    }
    const seenByDesk = await t.inject({ method: 'GET', url: `/v1/repair-reports?identifier=mk-1`, headers: agent.headers });
    assert.deepEqual(seenByDesk.json().data.map((r: { id: string }) => r.id), [report.json().id]);
    const deskPdf = await t.inject({ method: 'GET', url: `/v1/repair-reports/${report.json().id}/pdf`, headers: agent.headers });
    assert.deepEqual(deskPdf.rawPayload, pdf.rawPayload);
    const unknownUnit = await t.inject({ method: 'POST', url: `/v1/organizations/${oem.id}/repair-reports`, headers: oemAgent.writeHeaders, payload: { serialNumber: 'PF3ABC12', repair: 'other', repairedOn: '2026-11-20', replacedParts: [], technician: 'x' } });
    assert.deepEqual([unknownUnit.statusCode, unknownUnit.json().code], [404, 'NOT_FOUND'], 'only units of its own registry');

    assert.equal((await t.inject({ method: 'DELETE', url: `/v1/oem-partners/${oem.id}`, headers: admin.writeHeaders })).statusCode, 204);
    assert.equal((await t.inject({ method: 'GET', url: own, headers: oemAgent.headers })).json().code, 'OEM_PARTNER_REQUIRED');
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', oem.id).where('action', 'not like', 'organization.%').where('action', 'not like', 'member.%').orderBy('id').execute();
    // The partner's own creation (its partner ID) first, then the OEM's story.
    assert.deepEqual(audit.map((a) => a.action), ['partner.created', 'oem_partner.marked', 'hardware_products.imported', 'repair_report.issued', 'oem_partner.unmarked']);
  });
});
