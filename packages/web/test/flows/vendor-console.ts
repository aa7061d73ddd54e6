// The rest of the vendor's console: the catalog (a product and a plan made in the portal), the
// simulation clock (a sandbox organization, a redemption into it at simulated time, days
// advanced, and the timeline of what happened), and the vendor's own API tokens and webhooks.
import assert from 'node:assert/strict';
import { createActor } from '../../../server/test/support/fixtures.ts';
import { createTestKeys } from '../../../server/test/support/key-fixtures.ts';
import { checkPage, createApiToken, E2E_REDEEM_BY, enterKeys, signIn, type Portal } from '../support/harness.ts';
import { uniqueEmail } from '../support/seed.ts';

export async function vendorConsole({ t, open }: Portal, vendorOrganizationId: string): Promise<void> {
  const admin = await createActor(t, vendorOrganizationId, ['vendor_admin'], { email: uniqueEmail('console') });
  const page = await open();
  await signIn(page, admin);
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByLabel('Name in English').fill('Photo Studio');
  await page.getByLabel('Name in Japanese').fill('フォト スタジオ');
  await page.getByRole('button', { name: 'Create the product' }).click();
  await page.getByText('Product Photo Studio created.').waitFor();
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Photo Studio' });
  await page.getByLabel('SKU', { exact: true }).fill('photo-1m');
  await page.getByLabel('Term', { exact: true }).selectOption({ label: '1 month' });
  await page.getByLabel('Currency', { exact: true }).selectOption('USD');
  await page.getByLabel('Price per seat per term').fill('19.999');
  await page.getByRole('button', { name: 'Create the plan' }).click();
  await page.getByText('Enter an amount with at most 2 decimals.').waitFor();
  await page.getByLabel('Price per seat per term').fill('19.99');
  await page.getByRole('button', { name: 'Create the plan' }).click();
  await page.getByText('Plan PHOTO-1M created.').waitFor();
  const row = page.getByRole('region', { name: 'Photo Studio' }).locator('tr', { hasText: 'PHOTO-1M' });
  await row.getByText('$19.99').waitFor();
  const plan = await t.ctx.database.db.selectFrom('plans').selectAll().where('sku', '=', 'PHOTO-1M').executeTakeFirstOrThrow();
  assert.equal(plan.price_minor, 1999);
  await checkPage(page, 'console-1-catalog');

  await page.getByRole('link', { name: 'Simulation clock' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Renewal rehearsal');
  await page.getByLabel('Starts at (UTC)').fill('2037-01-10T01:00');
  await page.getByRole('button', { name: 'Create the simulation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Renewal rehearsal' }).waitFor();
  await page.getByLabel('Organization name').fill('Sandbox KK');
  await page.getByRole('button', { name: 'Add a sandbox organization' }).click();
  await page.getByText('Sandbox organization Sandbox KK added.').waitFor();
  // Redeem a monthly key into the sandbox, on the simulated clock, as its customer would.
  const { keys } = await createTestKeys(t, plan.id, { seats: 3, redeemBy: E2E_REDEEM_BY });
  await page.getByRole('link', { name: 'Sandbox KK' }).click();
  await page.getByRole('link', { name: 'Redeem keys into this organization' }).click();
  await enterKeys(page, [keys[0]!.key]);
  assert.equal(await page.getByLabel('Sandbox KK', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('A new organization').count(), 0, 'a simulation redeems into its own sandboxes only');
  await page.getByRole('button', { name: 'Review' }).click();
  // The sandbox runs on its simulation's clock: the term starts on the simulated day.
  await page.getByText('Jan 10, 2037 – Feb 9, 2037').waitFor();
  await page.getByLabel('I understand that completing uses these keys up; it cannot be undone.').check();
  await page.getByRole('button', { name: 'Complete the redemption' }).click();
  await page.getByText('1 keys were redeemed into Sandbox KK.').waitFor();

  await page.getByRole('link', { name: 'Simulation clock' }).click();
  await page.getByRole('link', { name: 'Renewal rehearsal' }).click();
  await page.getByLabel('Days', { exact: true }).fill('40');
  await page.getByRole('button', { name: 'Advance' }).click();
  await page.getByText(/^Advanced 40 days to Feb 19, 2037/).waitFor();
  const timeline = page.getByRole('region', { name: 'What happened' });
  await timeline.getByText('subscription.created').waitFor();
  await timeline.getByText('subscription.auto_renewed').waitFor();
  await checkPage(page, 'console-2-simulation');

  // The vendor organization's own API token, for its back office: made here, it works on the
  // vendor's routes with the role given.
  await page.getByRole('link', { name: 'API tokens' }).click();
  const secret = await createApiToken(page, { name: 'Back office', role: 'Vendor admin', valid: 'Until revoked' });
  const batches = await t.inject({ method: 'GET', url: '/v1/key-batches', headers: { authorization: `Bearer ${secret}` } });
  assert.equal(batches.statusCode, 200, batches.body);
  await page.getByRole('region', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'Back office' }).getByRole('cell', { name: 'When revoked' }).waitFor();
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByText('The vendor’s endpoints receive the events of every organization', { exact: false }).waitFor();
  await page.getByText('No endpoint receives this organization’s events.').waitFor();
  await checkPage(page, 'console-3-webhooks');
}
