// Switching a key-bought subscription to direct billing, on a phone: the price of one full term
// with the start the day after the current end shown first, an order paid by card through the
// local test provider; then the direct subscription exists from that day, the key one no longer
// renews, and its page offers no second switch.
import assert from 'node:assert/strict';
import { ensureTestIssuer } from '../../../server/src/modules/billing/testing.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization } from '../support/seed.ts';

export async function switchToDirectBillingByCard({ t, open }: Portal): Promise<void> {
  await ensureTestIssuer(t);
  const { organization, person, subscriptionId, planName } = await subscribedOrganization(t, ['global_admin'], { name: 'Direct KK', seats: 5 });
  const db = t.ctx.database.db;

  const page = await open({ viewport: PHONE });
  await signIn(page, person, `/o/${organization.id}/subscriptions/${subscriptionId}`);
  await page.getByRole('heading', { level: 1, name: planName }).waitFor();
  const section = page.getByRole('region', { name: 'Switch to direct billing' });
  await section.getByText('Paid by Nov 20, 2037, it starts the day after').waitFor();
  await section.getByRole('button', { name: 'Show the price of direct billing' }).click();
  // The key term is Nov 21, 2036 – Nov 20, 2037: direct billing for the next full term, 5 seats × ¥15,000 plus 10 % tax.
  await section.getByRole('status').filter({ hasText: 'Direct billing from Nov 21, 2037 to Nov 20, 2038: ¥82,500 including tax.' }).waitFor();
  await checkPage(page, 'direct-1-quote');
  await assertFitsWidth(page);
  await section.getByRole('button', { name: 'Order direct billing for ¥82,500' }).click();

  await page.getByRole('heading', { level: 1, name: /^Order WB-\d{14}-\d{9}$/ }).waitFor();
  assert.equal((await db.selectFrom('subscriptions').select('id').where('organization_id', '=', organization.id).execute()).length, 1, 'nothing before payment');
  await page.getByRole('button', { name: 'Pay ¥82,500 by card' }).click();
  await page.getByRole('status').filter({ hasText: 'Paid ¥82,500. The order is applied and its invoice issued.' }).waitFor();

  const direct = await db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organization.id).where('billing_mode', '=', 'direct').executeTakeFirstOrThrow();
  assert.deepEqual([direct.start_date, direct.end_date, direct.seats], ['2037-11-21', '2038-11-20', 5]);
  await page.goto(new URL(`/o/${organization.id}/subscriptions/${subscriptionId}`, page.url()).toString());
  await page.getByRole('heading', { level: 1, name: planName }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Switch to direct billing' }).count(), 0, 'no second switch is offered');
  await checkPage(page, 'direct-2-switched');
}
