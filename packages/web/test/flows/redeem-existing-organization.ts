// Redeeming into an existing organization: its billing admin may, and does; a member of the same
// organization is told beforehand that only global or billing admins may, and the server refuses
// at review (ROLE_REQUIRED, in the person's language) with nothing consumed.
import assert from 'node:assert/strict';
import { createActor, createOrg } from '../../../server/test/support/fixtures.ts';
import { checkPage, enterKeys, signIn, type Portal } from '../support/harness.ts';
import { planWithKeys, uniqueEmail } from '../support/seed.ts';

export async function redeemIntoExistingOrganization({ t, open }: Portal): Promise<void> {
  const organization = await createOrg(t, { name: 'Acme Corp' });
  const billingAdmin = await createActor(t, organization.id, ['billing_admin'], { email: uniqueEmail('billing') });
  const member = await createActor(t, organization.id, ['member'], { email: uniqueEmail('member') });
  const { keys, keyIds, plan } = await planWithKeys(t, 2);
  const db = t.ctx.database.db;
  const keyState = async (id: string) => (await db.selectFrom('product_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

  const page = await open();
  await signIn(page, billingAdmin);
  await page.getByRole('link', { name: 'Redeem keys', exact: true }).click();
  await enterKeys(page, [keys[0]!]);
  const target = page.getByLabel('Acme Corp', { exact: true });
  assert.equal(await target.isChecked(), true, 'the organization is offered first');
  assert.equal(await page.getByText('Only its global or billing administrators can redeem into it').count(), 0, 'a billing admin is not warned');
  await checkPage(page, 'redeem-existing-1-target');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByText('Acme Corp (Japan; dates are days in Asia/Tokyo).').waitFor();
  await page.getByLabel('I understand that completing uses these keys up; it cannot be undone.').check();
  await page.getByRole('button', { name: 'Complete the redemption' }).click();
  await page.getByText('1 keys were redeemed into Acme Corp.').waitFor();
  await page.getByRole('link', { name: 'See the subscriptions of Acme Corp' }).click();
  await page.getByRole('region', { name: 'Subscriptions' }).getByRole('link', { name: plan.name_en }).waitFor();
  await checkPage(page, 'redeem-existing-2-billing-admin-done');
  assert.equal((await keyState(keyIds[0]!)).redeemed_organization_id, organization.id);
  assert.equal((await keyState(keyIds[0]!)).redeemed_by_user_id, billingAdmin.userId);

  const asMember = await open();
  await signIn(asMember, member);
  await asMember.getByRole('link', { name: 'Redeem keys', exact: true }).click();
  await enterKeys(asMember, [keys[1]!]);
  await asMember.getByLabel('Acme Corp', { exact: true }).check();
  await asMember.getByText('Only its global or billing administrators can redeem into it: the review will refuse for you.').waitFor();
  await asMember.getByRole('button', { name: 'Review' }).click();
  const refusal = asMember.getByRole('alert');
  await refusal.getByText('This action requires one of these roles: global_admin, billing_admin.').waitFor();
  await refusal.getByText('Ask an administrator who has one of these roles.').waitFor();
  assert.equal(await asMember.getByRole('button', { name: 'Complete the redemption' }).count(), 0);
  await checkPage(asMember, 'redeem-existing-3-member-refused');
  const untouched = await keyState(keyIds[1]!);
  assert.equal(untouched.state, 'unused', 'the refusal consumed nothing');
  assert.equal(untouched.redeemed_organization_id, null);
}
