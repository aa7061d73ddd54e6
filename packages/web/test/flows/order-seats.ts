// Ordering seats, on a phone: the price with its tax shown first, an order paid by card through
// the local test provider (the seats are added only then), its invoice downloaded as a PDF (the
// original); then seats ordered by bank transfer (order number, due date and account shown,
// nothing added), and the vendor recording the transfer, which applies them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createActor } from '../../../server/test/support/fixtures.ts';
import { ensureTestIssuer } from '../../../server/src/modules/billing/testing.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization, uniqueEmail } from '../support/seed.ts';

export async function orderSeatsPayByCardDownloadInvoice({ t, open }: Portal, vendorOrganizationId: string): Promise<void> {
  await ensureTestIssuer(t);
  const { organization, person, subscriptionId, planName } = await subscribedOrganization(t, ['billing_admin'], { name: 'Order KK', seats: 5 });
  const db = t.ctx.database.db;
  const seats = async () => (await db.selectFrom('subscriptions').select('seats').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).seats;

  const page = await open({ viewport: PHONE });
  await signIn(page, person, `/o/${organization.id}/subscriptions/${subscriptionId}`);
  await page.getByRole('heading', { level: 1, name: planName }).waitFor();
  // A year's term bought today: 2 seats × ¥15,000 for the whole term, plus 10 % tax.
  await page.getByLabel('Seats to add').fill('2');
  await page.getByRole('button', { name: 'Show the price', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '2 seats: ¥33,000 including tax.' }).waitFor();
  const lines = page.getByRole('region', { name: 'What is ordered' });
  await lines.getByText('Nov 21, 2036 – Nov 20, 2037').waitFor();
  await page.getByText('Consumption tax 10% on ¥30,000').waitFor();
  assert.equal(await page.getByLabel('Card', { exact: true }).isChecked(), true);
  await checkPage(page, 'order-1-quote');
  await assertFitsWidth(page);
  await page.getByRole('button', { name: 'Order 2 seats for ¥33,000' }).click();

  const title = page.getByRole('heading', { level: 1, name: /^Order WB-20361121093000-\d{9}$/ });
  await title.waitFor();
  await page.getByText('Awaiting payment', { exact: true }).waitFor();
  assert.equal(await seats(), 5, 'nothing is added before payment');
  await page.getByText('This server uses the local test provider: no card is charged anywhere.', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Test card').inputValue(), 'pm_card_visa');
  await checkPage(page, 'order-2-pay-by-card');
  await page.getByRole('button', { name: 'Pay ¥33,000 by card' }).click();
  await page.getByRole('status').filter({ hasText: 'Paid ¥33,000. The order is applied and its invoice issued.' }).waitFor();
  await page.getByText('Paid', { exact: true }).waitFor();
  assert.equal(await seats(), 7);

  await page.getByRole('link', { name: 'See the invoice and download it' }).first().click();
  await page.getByRole('heading', { level: 1, name: /^Invoice INV-\d{8}$/ }).waitFor();
  await page.getByText('Not downloaded yet: the first download is the original.').waitFor();
  await checkPage(page, 'order-3-invoice');
  await assertFitsWidth(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the PDF (Japanese)' }).click()]);
  const pdf = readFileSync((await download.path())!);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(download.suggestedFilename(), /^INV-\d{8}\.pdf$/);
  await page.getByText('The original was downloaded; further downloads are copies marked as reissued (0 so far).').waitFor();
  const invoice = await db.selectFrom('invoices').selectAll().where('organization_id', '=', organization.id).executeTakeFirstOrThrow();
  assert.equal(invoice.total_minor, 33_000);
  await page.getByRole('link', { name: 'Invoices', exact: true }).click();
  const invoiceRow = page.getByRole('region', { name: 'Invoices' }).locator('tr', { hasText: invoice.number });
  await invoiceRow.getByText('Qualified invoice').waitFor();
  await invoiceRow.getByText('¥33,000').waitFor();

  // By bank transfer: the order waits for the money, which names the order.
  await page.getByRole('link', { name: 'Subscriptions' }).click();
  await page.getByRole('link', { name: planName }).click();
  await page.getByLabel('Seats to add').fill('1');
  await page.getByRole('button', { name: 'Show the price', exact: true }).click();
  await page.getByLabel('Bank transfer', { exact: true }).check();
  await page.getByRole('button', { name: /^Order 1 seats for ¥/ }).click();
  const bank = page.getByRole('region', { name: 'Pay by bank transfer' });
  await bank.getByText(/by Nov 28, 2036 to the account below, with the order number WB-\d{14}-\d{9} as the transfer’s reference/).waitFor();
  await bank.getByText('Mizuho Bank, Head Office, ordinary 1234567').waitFor();
  const pending = await db.selectFrom('orders').selectAll().where('organization_id', '=', organization.id).where('status', '=', 'pending_payment').executeTakeFirstOrThrow();
  await bank.getByText(pending.number, { exact: true }).waitFor();
  await checkPage(page, 'order-4-bank-transfer');
  await assertFitsWidth(page);
  assert.equal(await seats(), 7);

  // The vendor records the transfer.
  const vendorAdmin = await createActor(t, vendorOrganizationId, ['vendor_admin'], { email: uniqueEmail('cashier') });
  const desk = await open();
  await signIn(desk, vendorAdmin);
  await desk.getByRole('link', { name: 'Orders and payments' }).click();
  await desk.getByRole('button', { name: `Record a transfer for order ${pending.number}` }).click();
  await desk.getByLabel('The bank’s reference of the transfer').fill('MIZUHO-20361122-0001');
  await desk.getByLabel('Received on').fill('2036-11-22');
  await checkPage(desk, 'order-5-record-transfer');
  await desk.getByRole('button', { name: /^Record the transfer of ¥/ }).click();
  await desk.getByRole('status').filter({ hasText: `Recorded: order ${pending.number} is paid and applied.` }).waitFor();
  assert.equal(await seats(), 8);
}
