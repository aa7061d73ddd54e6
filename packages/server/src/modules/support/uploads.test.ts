// Uploads to support cases: the type is what the bytes are (JPEG, PNG, PDF), not what the
// uploader says; empty, oversized, unreadable, mistyped and unknown files are refused with a
// clear error in both languages and leave nothing behind (no file, no counter, no audit row);
// a case holds at most 10 files, also when uploads race; a file comes back byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor } from '../../../test/support/fixtures.ts';
import { createRedeemedKey, newFingerprint } from '../devices/testing.ts';
import { ATTACHMENTS_PER_CASE } from './cases.ts';
import { receiptUpload, repairReportUpload, SAMPLE_FILES } from './testing.ts';
import { detectMediaType, uploadBodyLimit } from './uploads.ts';

const LIMIT = 4096;
let t: TestApp;
before(async () => {
  t = await createTestApp({ attachmentMaxBytes: LIMIT });
});
after(() => t.close());

async function openCase() {
  const redeemed = await createRedeemedKey(t);
  const activation = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key: redeemed.key, fingerprint: newFingerprint() } });
  const customer = await createActor(t, redeemed.organizationId, ['license_admin']);
  const base = `/v1/organizations/${redeemed.organizationId}/support-cases`;
  const opened = await t.inject({ method: 'POST', url: base, headers: customer.writeHeaders, payload: { licenseId: activation.json().license.id, repair: 'disk_replacement' } });
  assert.equal(opened.statusCode, 201, opened.body);
  return { organizationId: redeemed.organizationId, caseId: opened.json().id as string, url: `${base}/${opened.json().id}/attachments`, customer };
}

async function nothingStored(organizationId: string, caseId: string) {
  const db = t.ctx.database.db;
  const files = await db.selectFrom('support_case_attachments').select('id').where('organization_id', '=', organizationId).execute();
  const supportCase = await db.selectFrom('support_cases').select('attachment_count').where('id', '=', caseId).executeTakeFirstOrThrow();
  const audited = await db.selectFrom('audit_events').select('id').where('organization_id', '=', organizationId).where('action', '=', 'support_case.attachment_added').execute();
  assert.deepEqual([files.length, supportCase.attachment_count, audited.length], [0, 0, 0], 'nothing half-stored');
}

describe('refused uploads', () => {
  const cases: { name: string; payload: () => object; status: number; code: string; en: RegExp; ja: RegExp }[] = [
    {
      name: 'an empty file',
      payload: () => ({ ...receiptUpload(), contentBase64: '' }),
      status: 422,
      code: 'ATTACHMENT_EMPTY',
      en: /is empty/,
      ja: /空です/,
    },
    {
      name: 'a file one byte over the limit',
      payload: () => ({ ...receiptUpload(), contentBase64: Buffer.concat([SAMPLE_FILES.jpeg, Buffer.alloc(LIMIT + 1 - SAMPLE_FILES.jpeg.length)]).toString('base64') }),
      status: 413,
      code: 'ATTACHMENT_TOO_LARGE',
      en: new RegExp(`${LIMIT + 1} bytes; at most ${LIMIT} bytes`),
      ja: new RegExp(`${LIMIT} バイトまで`),
    },
    {
      name: 'an HTML page declared as a JPEG',
      payload: () => ({ ...receiptUpload(), contentBase64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64') }),
      status: 415,
      code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      en: /not a JPEG or PNG photo or a PDF/,
      ja: /JPEG・PNG の写真または PDF 文書ではありません/,
    },
    {
      name: 'a Windows executable declared as a PDF',
      payload: () => ({ ...repairReportUpload(), contentBase64: Buffer.from('MZ\x90\x00\x03\x00\x00\x00').toString('base64') }),
      status: 415,
      code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      en: /not a JPEG or PNG/,
      ja: /ではありません/,
    },
    {
      name: 'a PDF declared as a PNG',
      payload: () => ({ ...receiptUpload(SAMPLE_FILES.pdf, 'image/png') }),
      status: 422,
      code: 'ATTACHMENT_TYPE_MISMATCH',
      en: /declared as image\/png but its content is application\/pdf/,
      ja: /image\/png として送信されましたが、内容は application\/pdf です/,
    },
    {
      name: 'content that is not base64',
      payload: () => ({ ...receiptUpload(), contentBase64: '/9j/4AAQ!!!' }),
      status: 400,
      code: 'ATTACHMENT_ENCODING_INVALID',
      en: /not valid base64/,
      ja: /base64 ではありません/,
    },
  ];
  for (const refused of cases) {
    test(`${refused.name}: ${refused.status} ${refused.code}, in English and Japanese, and nothing stored`, async () => {
      const { organizationId, caseId, url, customer } = await openCase();
      for (const [language, pattern] of [['en', refused.en], ['ja', refused.ja]] as const) {
        const response = await t.inject({ method: 'POST', url, headers: { ...customer.writeHeaders, 'accept-language': language }, payload: refused.payload() });
        assert.equal(response.statusCode, refused.status, response.body);
        assert.equal(response.json().code, refused.code);
        assert.match(`${response.json().title} ${response.json().detail}`, pattern);
      }
      await nothingStored(organizationId, caseId);
    });
  }

  test('a proof of purchase without the receipt\'s facts is refused; so is a request past the body limit', async () => {
    const { organizationId, caseId, url, customer } = await openCase();
    const { receipt: _receipt, ...withoutReceipt } = receiptUpload();
    const missing = await t.inject({ method: 'POST', url, headers: customer.writeHeaders, payload: withoutReceipt });
    assert.deepEqual([missing.statusCode, missing.json().code, missing.json().errors[0].pointer], [400, 'VALIDATION_FAILED', '/receipt']);
    const huge = 'A'.repeat(uploadBodyLimit(LIMIT) + 10);
    const tooBig = await t.inject({ method: 'POST', url, headers: customer.writeHeaders, payload: { ...receiptUpload(), contentBase64: huge } });
    assert.deepEqual([tooBig.statusCode, tooBig.json().code], [413, 'BODY_TOO_LARGE']);
    await nothingStored(organizationId, caseId);
  });
});

describe('accepted uploads', () => {
  test('a JPEG receipt, a PNG and a PDF report are stored with their detected type and hash, and come back byte for byte', async () => {
    const { organizationId, url, customer } = await openCase();
    const uploads = [receiptUpload(SAMPLE_FILES.jpeg, 'image/jpeg'), receiptUpload(SAMPLE_FILES.png, 'image/png'), repairReportUpload()];
    const files = [SAMPLE_FILES.jpeg, SAMPLE_FILES.png, SAMPLE_FILES.pdf];
    for (let i = 0; i < uploads.length; i++) {
      const response = await t.inject({ method: 'POST', url, headers: customer.writeHeaders, payload: uploads[i]! });
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.sizeBytes, files[i]!.length);
      const download = await t.inject({ method: 'GET', url: `${url}/${body.id}`, headers: customer.headers });
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], body.mediaType);
      assert.equal(download.headers['x-content-type-options'], 'nosniff');
      assert.match(String(download.headers['content-disposition']), /^attachment;/);
      assert.deepEqual(download.rawPayload, files[i]);
    }
    const receipt = (await t.inject({ method: 'POST', url, headers: customer.writeHeaders, payload: receiptUpload() })).json().receipt;
    assert.deepEqual(receipt, { model: 'LX-900', purchaseDate: '2026-04-01', serialNumber: 'PF3ABC12' }, 'the serial number in its canonical form');
    const audited = await t.ctx.database.db.selectFrom('audit_events').select('data').where('organization_id', '=', organizationId).where('action', '=', 'support_case.attachment_added').execute();
    assert.equal(audited.length, 4);
    assert.match(JSON.parse(audited[0]!.data).sha256, /^[0-9a-f]{64}$/);
  });

  test('the type is read from the first bytes', () => {
    assert.equal(detectMediaType(SAMPLE_FILES.jpeg), 'image/jpeg');
    assert.equal(detectMediaType(SAMPLE_FILES.png), 'image/png');
    assert.equal(detectMediaType(SAMPLE_FILES.pdf), 'application/pdf');
    assert.equal(detectMediaType(SAMPLE_FILES.png.subarray(0, 7)), undefined, 'a truncated signature is no PNG');
    assert.equal(detectMediaType(Buffer.from('GIF89a')), undefined);
  });

  test(`a case holds ${ATTACHMENTS_PER_CASE} files, also when ${ATTACHMENTS_PER_CASE + 5} uploads race`, async () => {
    const { organizationId, caseId, url, customer } = await openCase();
    const responses = await Promise.all(
      Array.from({ length: ATTACHMENTS_PER_CASE + 5 }, () => t.inject({ method: 'POST', url, headers: customer.writeHeaders, payload: receiptUpload() })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [...Array(ATTACHMENTS_PER_CASE).fill(201), ...Array(5).fill(409)]);
    assert.ok(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'ATTACHMENT_LIMIT_REACHED'));
    const stored = await t.ctx.database.db.selectFrom('support_case_attachments').select('id').where('organization_id', '=', organizationId).where('case_id', '=', caseId).execute();
    assert.equal(stored.length, ATTACHMENTS_PER_CASE);
  });
});
