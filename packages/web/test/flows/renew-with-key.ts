// Renewing with a key, from the subscription's own page: the redemption starts with the
// organization chosen, the review shows the next term, and the subscription then ends a year later.
import assert from 'node:assert/strict';
import { createTestKeys } from '../../../server/test/support/key-fixtures.ts';
import { checkPage, E2E_REDEEM_BY, enterKeys, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization } from '../support/seed.ts';

export async function renewWithKey({ t, open }: Portal): Promise<void> {
  const { organization, person, planId, subscriptionId, planName } = await subscribedOrganization(t, ['global_admin'], { name: 'Renewal KK' });
  const { keys } = await createTestKeys(t, planId, { kind: 'renewal', redeemBy: E2E_REDEEM_BY });
  const page = await open();
  await signIn(page, person, `/o/${organization.id}/subscriptions/${subscriptionId}`);
  await page.getByRole('link', { name: 'Enter a renewal key' }).click();
  await enterKeys(page, [keys[0]!.key]);
  assert.equal(await page.getByLabel('Renewal KK', { exact: true }).isChecked(), true, 'the organization comes chosen');
  await page.getByRole('button', { name: 'Review' }).click();
  const effects = page.getByRole('region', { name: 'What will happen' });
  await effects.getByText('Renewed').waitFor();
  // Renewed ahead: the new term follows the current one (nothing paid is lost), so the
  // subscription runs from its start to a year after its current end.
  await effects.getByText('Nov 21, 2036 – Nov 20, 2038').waitFor();
  await checkPage(page, 'renew-1-review');
  await page.getByLabel('I understand that completing uses these keys up; it cannot be undone.').check();
  await page.getByRole('button', { name: 'Complete the redemption' }).click();
  await page.getByRole('link', { name: 'See the subscriptions of Renewal KK' }).click();
  await page.getByRole('link', { name: planName }).click();
  await page.getByText('Nov 21, 2036 – Nov 20, 2038').first().waitFor();
  const subscription = await t.ctx.database.db.selectFrom('subscriptions').select('end_date').where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  assert.equal(subscription.end_date, '2038-11-20');
  await checkPage(page, 'renew-2-renewed');
}
