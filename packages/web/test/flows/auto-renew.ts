// Auto-renew, with the keyboard only, on a phone: turned off before the cut-off (it takes), and
// after the cut-off refused with the day it had to be done by and the alternative (cancel the
// renewal within its window), nothing changed.
import assert from 'node:assert/strict';
import { assertFitsWidth, checkPage, E2E_START, PHONE, tabTo, type Portal } from '../support/harness.ts';
import { subscribedOrganization } from '../support/seed.ts';

export async function autoRenewBeforeAndAfterCutoff({ t, open }: Portal): Promise<void> {
  const { organization, person, subscriptionId, planName } = await subscribedOrganization(t, ['billing_admin'], { name: 'Keyboard KK' });
  const autoRenew = async () => (await t.ctx.database.db.selectFrom('subscriptions').select('auto_renew').where('id', '=', subscriptionId).executeTakeFirstOrThrow()).auto_renew;
  assert.equal(await autoRenew(), 1, 'on by default for a business');

  const page = await open({ viewport: PHONE });
  await page.goto('/');
  await tabTo(page, { selector: 'input[name=email]' });
  await page.keyboard.type(person.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
  await tabTo(page, { name: planName });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: planName }).waitFor();
  // Subscribed 2036-11-21 (Tokyo): the term ends 2037-11-20, the cut-off is 30 days before.
  await page.getByText('Auto-renew is on: the subscription renews for another term on Nov 21, 2037.').waitFor();
  await page.getByText('Turning auto-renew off takes effect only if it is done by Oct 21, 2037, 30 days before the end date.').waitFor();
  await checkPage(page, 'auto-renew-1-before-cutoff');
  await assertFitsWidth(page);

  await tabTo(page, { name: 'Turn auto-renew off' });
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Auto-renew is now off.' }).waitFor();
  await page.getByText('Auto-renew is off: the subscription ends on Nov 20, 2037.').waitFor();
  assert.equal(await autoRenew(), 0);
  await checkPage(page, 'auto-renew-2-turned-off');
  await tabTo(page, { name: 'Turn auto-renew on' });
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Auto-renew is now on.' }).waitFor();
  assert.equal(await autoRenew(), 1);

  // Four days past the cut-off (a new session: the old one lasted 12 hours).
  t.clock.set('2037-10-25T01:00:00Z');
  try {
    const later = await open({ viewport: PHONE });
    await later.goto(`/o/${organization.id}/subscriptions/${subscriptionId}`);
    await later.locator('input[name=email]').fill(person.email);
    await later.locator('input[name=password]').fill(person.password);
    await later.keyboard.press('Enter');
    await later.getByRole('heading', { level: 1, name: planName }).waitFor();
    await tabTo(later, { name: 'Turn auto-renew off' });
    await later.keyboard.press('Enter');
    const refusal = later.getByRole('alert');
    await refusal.getByText('Auto-renew can no longer be turned off: the last day to do so was 2037-10-21', { exact: false }).waitFor();
    await refusal.getByText(/^It had to be turned off by Oct 21, 2037\. The renewal on Nov 21, 2037 goes ahead; you can cancel it until Nov 28, 2037/).waitFor();
    assert.equal(await autoRenew(), 1, 'the refusal changed nothing');
    await later.getByText('Auto-renew is on: the subscription renews for another term on Nov 21, 2037.').waitFor();
    await checkPage(later, 'auto-renew-3-refused-after-cutoff');
    await assertFitsWidth(later);
  } finally {
    t.clock.set(E2E_START);
  }
}
