// Qualified invoices (SPEC §8) as PDF, read back with pdf.js: every required field in Japanese
// (and English on request), the reduced rate marked, tax per rate; the customer's first download
// is the original and every later one a marked copy; a cancellation's refund produces a return
// invoice with the refund date, the original sale's date and the refund and tax per rate. A page
// of each is rendered to PNG under test-results/ for a person to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { at } from '../sweeper/testing.ts';
import { pdfText, renderPagePng } from '../../pdf/testing.ts';
import { processCardRefunds } from './refund-worker.ts';
import { createBillingCustomer, createBillingPlan, ensureTestIssuer, payByTestCard, placeOrder, type BillingCustomer } from './testing.ts';

const TOKYO = 'Asia/Tokyo';
const OUT = new URL('../../../../../test-results/invoices/', import.meta.url);
let t: TestApp;
let customer: BillingCustomer;
let vendorAdmin: Actor;
let order: { id: string; number: string; invoiceId: string; lines: { applied: { subscriptionId: string; changeId: string } }[] };
let invoiceNumber: string;

before(async () => {
  t = await createTestApp();
  t.clock.set(at('2026-11-21T10:00', TOKYO));
  vendorAdmin = await createActor(t, (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, ['vendor_admin']);
  await ensureTestIssuer(t);
  customer = await createBillingCustomer(t, { name: '株式会社テスト商事' });
  const software = await createBillingPlan(t, { priceMinor: 1005 });
  const newsletter = await createBillingPlan(t, { priceMinor: 1005, taxClass: 'reduced' });
  const placed = await placeOrder(t, customer, [{ purpose: 'new_subscription', planId: software, seats: 2 }, { purpose: 'new_subscription', planId: newsletter, seats: 1 }]);
  const paid = await payByTestCard(t, customer, placed.id);
  assert.equal(paid.statusCode, 200, paid.body);
  order = paid.json().order;
  invoiceNumber = (await t.ctx.database.db.selectFrom('invoices').select('number').where('id', '=', order.invoiceId).executeTakeFirstOrThrow()).number;
});
after(() => t.close());

const compact = (text: string) => text.replace(/\s+/g, '');
const pdfUrl = (invoiceId: string, lang?: string) => `/v1/organizations/${customer.organizationId}/invoices/${invoiceId}/pdf${lang ? `?lang=${lang}` : ''}`;

async function download(invoiceId: string, headers: Record<string, string>, lang?: string) {
  const response = await t.inject({ method: 'GET', url: pdfUrl(invoiceId, lang), headers });
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.headers['content-type'], 'application/pdf');
  return response.rawPayload;
}

describe('the qualified invoice', () => {
  test('a session must send its CSRF token: a download is recorded (original, then copies)', async () => {
    const response = await t.inject({ method: 'GET', url: pdfUrl(order.invoiceId), headers: customer.admin.headers });
    assert.deepEqual([response.statusCode, response.json().code], [403, 'CSRF_TOKEN_INVALID']);
    const row = await t.ctx.database.db.selectFrom('invoices').select(['original_delivered_at', 'copies']).where('id', '=', order.invoiceId).executeTakeFirstOrThrow();
    assert.deepEqual([row.original_delivered_at, row.copies], [null, 0]);
  });

  test('the original, in Japanese, holds every field a qualified invoice requires', async () => {
    const pdf = await download(order.invoiceId, customer.admin.writeHeaders);
    const text = compact(await pdfText(pdf));
    const required = [
      '請求書（適格請求書）',
      // Issuer and registration number.
      'サンプルソフトウェア株式会社',
      '登録番号:T7010705000725',
      '東京都千代田区丸の内1-1-1',
      // Recipient.
      '株式会社テスト商事御中',
      // Numbers and dates: issue, and the transaction (the day of payment).
      `請求書番号${invoiceNumber}`,
      `注文番号${order.number}`,
      '発行日2026年11月21日(土)',
      '取引年月日2026年11月21日(土)',
      // Lines, the reduced-rate one marked.
      'オフィスビジネス',
      '新規契約・2ライセンス）',
      '新規契約・1ライセンス）※',
      '10%',
      '8%※',
      // Totals and tax per rate, rounded once per rate: 2,010 × 10 % = 201; 1,005 × 8 % = 80.4 → 80.
      '税率対象額（税抜）消費税額',
      '10%対象2,010円201円',
      '8%対象（※軽減税率）1,005円80円',
      '小計（税抜）3,015円',
      '消費税合計281円',
      '合計（税込）3,296円',
      '※は軽減税率（8%）対象品目',
      '端数処理:切り捨て',
      'お支払い方法:クレジットカード（お支払い済み）',
    ];
    for (const field of required) assert.ok(text.includes(compact(field)), `missing "${field}" in ${text}`);
    assert.ok(!text.includes('再発行'), 'the original is not marked as a copy');
    const png = await renderPagePng(pdf, new URL('invoice-ja.png', OUT).pathname);
    assert.deepEqual([png.width, png.height], [893, 1263]);
    assert.ok(png.bytes.length > 40_000, `a page with text is more than a blank one (${png.bytes.length} bytes)`);
  });

  test('every later download is a copy marked as reissued, numbered; vendor staff always get a copy', async () => {
    const second = compact(await pdfText(await download(order.invoiceId, customer.admin.writeHeaders)));
    assert.ok(second.includes('再発行（写し）'), second);
    assert.ok(second.includes('再発行1回目'), second);
    const staff = { ...vendorAdmin, ...(await signInAs(t, vendorAdmin.userId)) };
    const copy = await download(order.invoiceId, staff.writeHeaders);
    assert.ok(compact(await pdfText(copy)).includes('再発行2回目'));
    await renderPagePng(copy, new URL('invoice-ja-copy.png', OUT).pathname);
    const row = await t.ctx.database.db.selectFrom('invoices').select(['original_delivered_at', 'copies']).where('id', '=', order.invoiceId).executeTakeFirstOrThrow();
    assert.equal(row.copies, 2);
    assert.notEqual(row.original_delivered_at, null);
    const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('target_id', '=', order.invoiceId).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['invoice.issued', 'invoice.delivered', 'invoice.reissued', 'invoice.reissued']);
  });

  test('in English on request, with the same figures', async () => {
    const pdf = await download(order.invoiceId, customer.admin.writeHeaders, 'en');
    const text = compact(await pdfText(pdf));
    for (const field of [
      'Invoice (Qualified Invoice)',
      'Sample Software K.K.',
      'Registration number: T7010705000725',
      `Invoice number ${invoiceNumber}`,
      'Transaction date November 21, 2026',
      'Tax Taxable amount Consumption tax',
      '10% items ¥2,010 ¥201',
      '8% items (※ reduced rate) ¥1,005 ¥80',
      'Total (tax included) ¥3,296',
      '※ reduced tax rate (8%) item',
      'COPY (REISSUED)',
    ]) {
      assert.ok(text.includes(compact(field)), `missing "${field}" in ${text}`);
    }
    await renderPagePng(pdf, new URL('invoice-en-copy.png', OUT).pathname);
  });
});

describe('the return invoice of a refund', () => {
  test('cancelling the reduced-rate purchase the next day: refund with its tax, a return invoice naming both dates, the card refunded', async () => {
    t.clock.set(at('2026-11-22T10:00', TOKYO));
    const admin = { ...customer.admin, ...(await signInAs(t, customer.admin.userId)) };
    const { subscriptionId, changeId } = order.lines[1]!.applied;
    const cancelled = await t.inject({ method: 'POST', url: `/v1/organizations/${customer.organizationId}/subscriptions/${subscriptionId}/changes/${changeId}/cancel`, headers: admin.writeHeaders, payload: { confirm: true } });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    // 1,005 × 363 / 365 days unused = 999.49… → 999; its 8 % tax 79.92 → 79.
    assert.equal(cancelled.json().cancellation.refund.amountMinor, 999);
    const refunds = await t.inject({ method: 'GET', url: `/v1/organizations/${customer.organizationId}/refunds`, headers: admin.headers });
    assert.deepEqual(refunds.json().data.map((r: { reason: string; method: string; state: string; amount: { amountMinor: number }; tax: { amountMinor: number }; total: { amountMinor: number } }) => [r.reason, r.method, r.state, r.amount.amountMinor, r.tax.amountMinor, r.total.amountMinor]), [['cancellation', 'card', 'pending', 999, 79, 1078]]);

    const invoices = (await t.inject({ method: 'GET', url: `/v1/organizations/${customer.organizationId}/invoices`, headers: admin.headers })).json().data;
    const ret = invoices.find((i: { kind: string }) => i.kind === 'return');
    assert.deepEqual([ret.originalInvoiceId, ret.transactionDate, ret.refundDate, ret.total.amountMinor], [order.invoiceId, '2026-11-21', '2026-11-22', 1078]);
    assert.equal(ret.number, invoiceNumber.replace(/\d+$/, (n) => String(Number(n) + 1).padStart(8, '0')), 'the next number of the same issuer');
    const pdf = await download(ret.id, admin.writeHeaders);
    const text = compact(await pdfText(pdf));
    for (const field of [
      '返還請求書（適格返還請求書）',
      '登録番号:T7010705000725',
      '返還年月日2026年11月22日(日)',
      '元の取引年月日2026年11月21日(土)',
      `元の請求書番号${invoiceNumber}`,
      '8%対象（※軽減税率）999円79円',
      '返金方法:クレジットカード',
      '返還金額（税込）',
      '1,078円',
    ]) {
      assert.ok(text.includes(compact(field)), `missing "${field}" in ${text}`);
    }
    assert.ok(!text.includes('10%対象'), 'only the rate refunded');
    await renderPagePng(pdf, new URL('return-invoice-ja.png', OUT).pathname);

    // The refund worker gives the money back through the card provider, once.
    assert.equal(await processCardRefunds(t.ctx.database, t.ctx.config.billing, t.clock.now()), 1);
    assert.equal(await processCardRefunds(t.ctx.database, t.ctx.config.billing, t.clock.now()), 0);
    const after = await t.ctx.database.db.selectFrom('refunds').select(['state', 'provider_reference']).where('organization_id', '=', customer.organizationId).executeTakeFirstOrThrow();
    assert.equal(after.state, 'succeeded');
    assert.match(after.provider_reference!, /^re_test_/);
  });
});
