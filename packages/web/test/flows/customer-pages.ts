// The customer pages not in the flows above, in a personal account: devices (deactivating one,
// and linking the account's product key to the person's own account: a digital license), the
// person's own notification preferences, an API token made and revoked, a webhook endpoint
// added, paused and deleted, and the activity log that recorded it all.
import assert from 'node:assert/strict';
import { createTestDevice } from '../../../server/src/modules/devices/testing.ts';
import { assertFitsWidth, checkPage, createApiToken, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization } from '../support/seed.ts';

export async function devicesAndPreferences({ t, open }: Portal): Promise<void> {
  const { organization, person, key } = await subscribedOrganization(t, ['global_admin'], { name: 'Taro Yamada', segment: 'personal' });
  const device = await createTestDevice(t, organization.id);
  const page = await open({ viewport: PHONE });
  await signIn(page, person);
  await page.getByRole('link', { name: 'Devices' }).click();
  await page.getByRole('region', { name: 'Devices' }).getByText('Test PC').waitFor();
  await page.getByRole('heading', { name: 'After a repair: what to do' }).waitFor();
  await checkPage(page, 'customer-1-devices');
  await assertFitsWidth(page);
  await page.getByRole('button', { name: 'Deactivate Test PC' }).click();
  await page.getByRole('group', { name: 'Deactivate Test PC' }).getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('status').filter({ hasText: 'Test PC was deactivated.' }).waitFor();
  const row = await t.ctx.database.db.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow();
  assert.ok(row.deactivated_at, 'deactivated');

  // The product key of this personal account, linked to the person's own account.
  const linked = page.getByRole('region', { name: 'Licenses linked to your account' });
  await linked.getByText('No license of this organization is linked to your account.').waitFor();
  await linked.getByLabel('Product key to link').fill(key.toLowerCase());
  await linked.getByRole('button', { name: 'Link it to my account' }).click();
  await linked.getByRole('status').filter({ hasText: `Key …${key.slice(-5)} is linked to your account.` }).waitFor();
  await linked.getByText(new RegExp(`^Key …${key.slice(-5)}, linked Nov 21, 2036`)).waitFor();
  const license = await t.ctx.database.db.selectFrom('licenses').selectAll().where('organization_id', '=', organization.id).where('linked_user_id', '=', person.userId).executeTakeFirst();
  assert.ok(license, 'the license is linked to the person');
  await checkPage(page, 'customer-2-digital-license');
  await assertFitsWidth(page);

  await page.getByRole('link', { name: 'Notifications and password' }).click();
  const reminders = page.getByLabel('Renewal reminders', { exact: false });
  assert.equal(await reminders.isChecked(), true, 'reminders are on until turned off');
  assert.equal(await page.getByLabel('News and offers').isChecked(), false, 'marketing is opt-in');
  await reminders.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const preferences = await t.inject({ method: 'GET', url: '/v1/me/notification-preferences', headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
  assert.equal(preferences.json().reminders, false);
  await checkPage(page, 'customer-3-preferences');
  await assertFitsWidth(page);

  // An API token for the organization's own systems: its secret shown once, working at once,
  // refused once revoked.
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByText('This organization has no API token.').waitFor();
  const secret = await createApiToken(page, { name: 'Provisioning script', role: 'Global admin', valid: 'For 30 days' });
  const bearer = { authorization: `Bearer ${secret}` };
  const withToken = () => t.inject({ method: 'GET', url: `/v1/organizations/${organization.id}/subscriptions`, headers: bearer });
  assert.equal((await withToken()).statusCode, 200, 'the secret shown works');
  const tokens = page.getByRole('region', { name: 'API tokens' });
  await tokens.getByRole('row').filter({ hasText: 'Provisioning script' }).getByRole('cell', { name: 'Global admin' }).waitFor();
  assert.ok(!(await tokens.textContent())!.includes(secret), 'the list never shows the secret');
  await checkPage(page, 'customer-4-api-tokens');
  await assertFitsWidth(page);
  await page.getByRole('button', { name: 'Revoke the token Provisioning script' }).click();
  await page.getByRole('group', { name: 'Revoke the token Provisioning script' }).getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('status').filter({ hasText: 'The token Provisioning script was revoked.' }).waitFor();
  assert.equal((await withToken()).statusCode, 401, 'refused once revoked');

  // A webhook endpoint: added with its secret shown once, paused, deleted.
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByText('No endpoint receives this organization’s events.').waitFor();
  const endpointForm = page.getByRole('region', { name: 'New endpoint' });
  await endpointForm.getByLabel('Address (https)').fill('https://hooks.example.com/licentia');
  await endpointForm.getByLabel('Events').fill('subscription.*, redemption.completed');
  await endpointForm.getByRole('button', { name: 'Add the endpoint' }).click();
  await endpointForm.getByRole('status').filter({ hasText: 'The endpoint https://hooks.example.com/licentia was added.' }).waitFor();
  assert.ok((await endpointForm.getByRole('status').locator('code').textContent())!.length >= 32, 'the signing secret is shown');
  const endpoints = page.getByRole('region', { name: 'Webhooks' });
  const endpointRow = endpoints.getByRole('row').filter({ hasText: 'hooks.example.com' });
  await endpointRow.getByRole('cell', { name: 'subscription.*, redemption.completed' }).waitFor();
  await checkPage(page, 'customer-5-webhooks');
  await assertFitsWidth(page);
  await page.getByRole('button', { name: 'Pause https://hooks.example.com/licentia' }).click();
  await endpointRow.getByRole('cell', { name: 'Paused' }).waitFor();
  const stored = await t.ctx.database.db.selectFrom('webhook_endpoints').select(['active', 'event_types']).where('organization_id', '=', organization.id).executeTakeFirstOrThrow();
  assert.deepEqual([stored.active, JSON.parse(stored.event_types)], [0, ['subscription.*', 'redemption.completed']]);
  await page.getByRole('button', { name: 'Delete https://hooks.example.com/licentia' }).click();
  await page.getByRole('group', { name: 'Delete https://hooks.example.com/licentia' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No endpoint receives this organization’s events.').waitFor();

  // The activity log: all of the above, by the person, newest first.
  await page.getByRole('link', { name: 'Activity log' }).click();
  const log = page.getByRole('region', { name: 'Activity log' });
  const { name } = await t.ctx.database.db.selectFrom('users').select('name').where('id', '=', person.userId).executeTakeFirstOrThrow();
  const deactivated = log.getByRole('row').filter({ hasText: 'device.deactivated' });
  await deactivated.getByRole('cell', { name, exact: true }).waitFor();
  await deactivated.getByText(device.id).waitFor();
  const actions = await log.getByRole('rowheader').allTextContents();
  assert.deepEqual(actions.slice(0, 7), ['webhook_endpoint.deleted', 'webhook_endpoint.updated', 'webhook_endpoint.created', 'api_token.revoked', 'api_token.created', 'license.linked', 'device.deactivated'], 'newest first');
  assert.ok(actions.includes('organization.created'));
  await log.getByRole('row').filter({ hasText: 'organization.created' }).getByRole('cell', { name: 'Licentia (automatic)' }).waitFor();
  await checkPage(page, 'customer-6-activity');
  await assertFitsWidth(page);
}
