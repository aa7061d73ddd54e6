// The customer pages not in the flows above: devices (deactivating one) and the person's own
// notification preferences.
import assert from 'node:assert/strict';
import { createTestDevice } from '../../../server/src/modules/devices/testing.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization } from '../support/seed.ts';

export async function devicesAndPreferences({ t, open }: Portal): Promise<void> {
  const { organization, person } = await subscribedOrganization(t, ['global_admin'], { name: 'Devices KK' });
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

  await page.getByRole('link', { name: 'Notifications and password' }).click();
  const reminders = page.getByLabel('Renewal reminders', { exact: false });
  assert.equal(await reminders.isChecked(), true, 'reminders are on until turned off');
  assert.equal(await page.getByLabel('News and offers').isChecked(), false, 'marketing is opt-in');
  await reminders.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const preferences = await t.inject({ method: 'GET', url: '/v1/me/notification-preferences', headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
  assert.equal(preferences.json().reminders, false);
  await checkPage(page, 'customer-2-preferences');
  await assertFitsWidth(page);
}
