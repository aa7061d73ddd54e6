// Users and seats: the organization's global admin sees each plan's seats, assigns one to a
// member, adds a new member, assigns them one too and changes their roles.
import assert from 'node:assert/strict';
import { createActor } from '../../../server/test/support/fixtures.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization, uniqueEmail } from '../support/seed.ts';

export async function assignSeat({ t, open }: Portal): Promise<void> {
  const { organization, person, planId, planName } = await subscribedOrganization(t, ['global_admin'], { name: 'Seats KK', seats: 5 });
  const jiro = await createActor(t, organization.id, ['member'], { email: uniqueEmail('jiro') });
  const jiroName = 'Jiro Sato';
  await t.ctx.database.db.updateTable('users').set({ name: jiroName }).where('id', '=', jiro.userId).execute();
  const holders = async () => (await t.ctx.database.db.selectFrom('seat_assignments').select('user_id').where('organization_id', '=', organization.id).where('plan_id', '=', planId).execute()).map((r) => r.user_id).sort();

  const page = await open({ viewport: PHONE });
  await signIn(page, person);
  await page.getByRole('link', { name: 'Users and seats' }).click();
  await page.getByText(`${planName}: 0 of 5 seats assigned, 5 available`).waitFor();
  await checkPage(page, 'seats-1-before');
  await assertFitsWidth(page);

  await page.getByRole('button', { name: `Assign a seat of ${planName} to ${jiroName}` }).click();
  await page.getByRole('status').filter({ hasText: `A seat of ${planName} was assigned to ${jiroName}.` }).waitFor();
  await page.getByText(`${planName}: 1 of 5 seats assigned, 4 available`).waitFor();
  assert.deepEqual(await holders(), [jiro.userId]);

  await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('sachiko'));
  await page.getByLabel('Name', { exact: true }).fill('Sachiko Ito');
  await page.getByLabel('Role', { exact: true }).selectOption('license_admin');
  await page.getByRole('button', { name: 'Add the member' }).click();
  await page.getByText('Sachiko Ito was added.').waitFor();
  await page.getByRole('button', { name: `Assign a seat of ${planName} to Sachiko Ito` }).click();
  await page.getByText(`${planName}: 2 of 5 seats assigned, 3 available`).waitFor();
  const sachiko = await t.ctx.database.db.selectFrom('users').select('id').where('name', '=', 'Sachiko Ito').executeTakeFirstOrThrow();
  assert.deepEqual(await holders(), [jiro.userId, sachiko.id].sort());
  await checkPage(page, 'seats-2-assigned');
  await assertFitsWidth(page);

  // Her roles change: user admin too.
  await page.getByRole('button', { name: 'Change roles of Sachiko Ito' }).click();
  const roles = page.getByRole('form', { name: 'Roles of Sachiko Ito' });
  assert.equal(await roles.getByLabel('License admin').isChecked(), true);
  await roles.getByLabel('User admin').check();
  await roles.getByRole('button', { name: 'Save the roles' }).click();
  await page.getByRole('status').filter({ hasText: 'Sachiko Ito now has the roles License admin, User admin.' }).waitFor();
  const granted = await t.ctx.database.db.selectFrom('memberships').select('role').where('organization_id', '=', organization.id).where('user_id', '=', sachiko.id).execute();
  assert.deepEqual(granted.map((g) => g.role).sort(), ['license_admin', 'user_admin']);

  // Taking one back frees it.
  await page.getByRole('button', { name: `Take the seat back: ${planName} from ${jiroName}` }).click();
  await page.getByText(`${planName}: 1 of 5 seats assigned, 4 available`).waitFor();
  assert.deepEqual(await holders(), [sachiko.id]);
}
