// Cancelling within the window, on a phone: seats ordered at the quoted prorated price and paid
// by card, the seat addition cancelled with its refund shown before confirming (and refunded
// exactly that), then the key purchase itself (refunded by the seller, so 0 here), which ends
// the subscription.
import assert from 'node:assert/strict';
import { signInAs } from '../../../server/test/support/fixtures.ts';
import { ensureTestIssuer } from '../../../server/src/modules/billing/testing.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization } from '../support/seed.ts';

export async function cancelWithinWindow({ t, open }: Portal): Promise<void> {
  await ensureTestIssuer(t);
  const { organization, person, subscriptionId, planName } = await subscribedOrganization(t, ['billing_admin'], { name: 'Refund KK', seats: 5 });
  const db = t.ctx.database.db;
  const page = await open({ viewport: PHONE });
  await signIn(page, person, `/o/${organization.id}/subscriptions/${subscriptionId}`);
  await page.getByRole('heading', { level: 1, name: planName }).waitFor();

  // A year's term bought today: 2 seats × ¥15,000 for the whole term (¥33,000 with tax), ordered
  // and paid by card.
  await page.getByLabel('Seats to add').fill('2');
  await page.getByRole('button', { name: 'Show the price', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '2 seats: ¥33,000 including tax.' }).waitFor();
  await checkPage(page, 'cancel-1-seat-quote');
  await page.getByRole('button', { name: 'Order 2 seats for ¥33,000' }).click();
  await page.getByRole('button', { name: 'Pay ¥33,000 by card' }).click();
  await page.getByRole('status').filter({ hasText: 'Paid ¥33,000.' }).waitFor();
  const seats = async () => (await db.selectFrom('subscriptions').select(['seats', 'cancelled_on']).where('id', '=', subscriptionId).executeTakeFirstOrThrow());
  assert.equal((await seats()).seats, 7);

  // Eleven hours on (within the 12-hour session), inside both 168-hour windows, on the same day.
  t.clock.advance({ hours: 11 });
  const addition = await db.selectFrom('subscription_changes').selectAll().where('subscription_id', '=', subscriptionId).where('kind', '=', 'seat_addition').executeTakeFirstOrThrow();
  const preview = await t.inject({
    method: 'POST',
    url: `/v1/organizations/${organization.id}/subscriptions/${subscriptionId}/changes/${addition.id}/cancellation-preview`,
    headers: (await signInAs(t, person.userId)).writeHeaders,
  });
  const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'JPY' }).format(preview.json().refund.amountMinor);
  assert.ok(preview.json().refund.amountMinor > 0 && preview.json().refund.amountMinor < 30_000, 'the day of cancellation counts as used');

  await page.goto(`/o/${organization.id}/subscriptions/${subscriptionId}`);
  await page.getByRole('button', { name: 'Cancel the Seat addition of Nov 21, 2036' }).click();
  const panel = page.getByRole('group', { name: 'Cancel the Seat addition of Nov 21, 2036?' });
  await panel.getByText(`Refund: ${expected}`).waitFor();
  await panel.getByText('2 seats are removed; 5 remain.').waitFor();
  await checkPage(page, 'cancel-2-seat-addition-preview');
  await assertFitsWidth(page);
  await panel.getByRole('button', { name: 'Confirm the cancellation' }).click();
  await page.getByRole('status').filter({ hasText: `Cancelled. Refund: ${expected}.` }).waitFor();
  assert.equal((await seats()).seats, 5);
  const cancelled = await db.selectFrom('subscription_changes').selectAll().where('id', '=', addition.id).executeTakeFirstOrThrow();
  assert.equal(cancelled.refunded_minor, preview.json().refund.amountMinor, 'refunded exactly what was shown');
  await page.getByText(`Cancelled; refunded ${expected}`).waitFor();

  await page.getByRole('button', { name: 'Cancel the Purchase of Nov 21, 2036' }).click();
  const purchase = page.getByRole('group', { name: 'Cancel the Purchase of Nov 21, 2036?' });
  await purchase.getByText('Refund: ¥0').waitFor();
  await purchase.getByText('Bought with a product key: the seller refunds it, not this service.').waitFor();
  await purchase.getByText(/^Users lose access at once\. Administrators keep the data until /).waitFor();
  await checkPage(page, 'cancel-3-purchase-preview');
  await purchase.getByRole('button', { name: 'Confirm the cancellation' }).click();
  await page.getByRole('status').filter({ hasText: 'Cancelled. Refund: ¥0.' }).waitFor();
  await page.locator('.badge').filter({ hasText: 'Cancelled' }).waitFor();
  assert.equal((await seats()).cancelled_on, '2036-11-21');
  await checkPage(page, 'cancel-4-cancelled');
}
