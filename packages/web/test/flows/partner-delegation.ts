// Partners end to end: the vendor enrols a partner in the delegated administration program; the
// partner's admin offers roles to a customer (the form explaining, and refusing, auto-extension
// with the global admin role); the customer's global admin opens the acceptance link from the
// real mail (in Japanese, signing in on the way), accepts, and names the partner its
// subscription's partner of record by partner ID; the partner sees it among its customers and
// subscriptions of record, then acts for the customer with the granted roles, told on every page
// on whose behalf; the customer ends it, and the partner's next request on the customer is refused.
import assert from 'node:assert/strict';
import { createActor } from '../../../server/test/support/fixtures.ts';
import { createTestPartner } from '../../../server/src/modules/delegations/testing.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { subscribedOrganization, uniqueEmail } from '../support/seed.ts';

export async function partnerOffersCustomerAccepts(portal: Portal, vendorOrganizationId: string): Promise<void> {
  const { t, open } = portal;
  const db = t.ctx.database.db;
  const vendorAdmin = await createActor(t, vendorOrganizationId, ['vendor_admin'], { email: uniqueEmail('enroller') });
  const partner = await createTestPartner(t, { name: 'Reseller KK', enrolled: false });
  const partnerAdmin = await createActor(t, partner.organizationId, ['partner_admin'], { email: uniqueEmail('reseller') });
  const { organization, person: customerAdmin, planId, planName } = await subscribedOrganization(t, ['global_admin'], { name: 'Delegate KK' });
  const { name_ja: planNameJa } = await db.selectFrom('plans').select('name_ja').where('id', '=', planId).executeTakeFirstOrThrow();

  // The vendor enrols the partner in the program.
  const vendorPage = await open();
  await signIn(vendorPage, vendorAdmin);
  await vendorPage.getByRole('link', { name: 'Partners' }).click();
  const row = vendorPage.getByRole('region', { name: 'Partners' }).locator('tr', { hasText: 'Reseller KK' });
  await row.getByText(partner.partnerId).waitFor();
  await row.getByText('Not enrolled').waitFor();
  await row.getByRole('button', { name: 'Enrol Reseller KK in the delegated administration program' }).click();
  await vendorPage.getByRole('status').filter({ hasText: 'Reseller KK is enrolled in the delegated administration program.' }).waitFor();
  await row.getByText(/^Enrolled since /).waitFor();
  await checkPage(vendorPage, 'delegation-1-vendor-enrols');

  // The partner's admin offers billing and license administration for 30 days.
  const page = await open({ viewport: PHONE });
  await signIn(page, partnerAdmin);
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  await page.getByText(`Your partner ID is ${partner.partnerId}.`).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Delegated administration' }).click();
  await page.getByLabel('Customer organization ID').fill(organization.id);
  const autoExtend = page.getByLabel('Extend by 180 days each time it would end (until either side ends it)');
  await page.getByLabel('Global admin: everything in the organization, members and roles included').check();
  assert.equal(await autoExtend.isDisabled(), true, 'no auto-extension with the global admin role');
  await page.getByText('Not allowed with the global admin role: a partner holding every right must ask the customer again when the term ends.').waitFor();
  await page.getByLabel('Global admin: everything in the organization, members and roles included').uncheck();
  assert.equal(await autoExtend.isDisabled(), false);
  await page.getByLabel('License admin: seats, devices and support cases').check();
  await page.getByLabel('Duration in days').fill('731');
  await page.getByText('The duration is a whole number of days from 1 to 730.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Send the offer' }).isDisabled(), true);
  await page.getByLabel('Duration in days').fill('30');
  await checkPage(page, 'delegation-2-offer-form');
  await assertFitsWidth(page);
  await page.getByRole('button', { name: 'Send the offer' }).click();
  await page.getByRole('status').filter({ hasText: 'Offer sent to Delegate KK: its global admins received a mail with the link to accept it by Dec 5, 2036.' }).waitFor();
  await page.getByRole('region', { name: 'Delegated administration' }).getByText('Offered, awaiting acceptance').waitFor();

  // The customer's global admin follows the link in the mail, in Japanese, signing in on the way.
  const [offerMail] = (await portal.mailTo(customerAdmin.email)).filter((m) => m.headers.get('x-licentia-event-type') === 'delegation.offered');
  assert.ok(offerMail, 'the offer was mailed to the global admin');
  const link = /(http:\/\/\S+\/accept\?token=[A-Za-z0-9_%-]+)/.exec(offerMail.text)?.[1];
  assert.ok(link?.startsWith(`${portal.baseUrl}/organizations/${organization.id}/delegations/`), offerMail.text);
  const customerPage = await open({ locale: 'ja-JP' });
  await signIn(customerPage, customerAdmin, link);
  await customerPage.getByRole('heading', { level: 1, name: '委任管理の提案' }).waitFor();
  await customerPage.getByText(`Reseller KK（パートナー ID ${partner.partnerId}）が Delegate KK の代理管理を提案しています。`).waitFor();
  await customerPage.getByText('課金管理者: サブスクリプション、注文、請求書、支払い').waitFor();
  await customerPage.getByText('承認した日から 30 日間。', { exact: false }).waitFor();
  const acceptButton = customerPage.getByRole('button', { name: '提案を承認する' });
  assert.equal(await acceptButton.isDisabled(), true, 'only an explicit confirmation accepts');
  await checkPage(customerPage, 'delegation-3-accept-ja');
  await customerPage.getByLabel('Reseller KK がこれらのロールでこの組織を代理で操作することを承認します。').check();
  await acceptButton.click();
  await customerPage.getByRole('status').filter({ hasText: /^承認しました。Reseller KK は 2036\/12\/22 0:00 JST までこの組織を代理で操作できます。$/ }).waitFor();
  assert.equal(new URL(customerPage.url()).search, '', 'the token leaves the address bar');
  const accepted = await db.selectFrom('delegations').selectAll().where('customer_organization_id', '=', organization.id).executeTakeFirstOrThrow();
  assert.deepEqual([accepted.state, JSON.parse(accepted.roles)], ['active', ['billing_admin', 'license_admin']]);

  // The customer also names the partner its subscription's partner of record, by partner ID: a
  // swapped pair of digits is caught before anything is sent.
  await customerPage.getByRole('link', { name: 'サブスクリプション' }).click();
  await customerPage.getByRole('link', { name: planNameJa }).click();
  const partnerIdField = customerPage.getByLabel('パートナー ID', { exact: true });
  const digits = partner.partnerId.replaceAll('-', '');
  const at = [...digits].findIndex((d, i) => i > 0 && d !== digits[i - 1]);
  await partnerIdField.fill(`${digits.slice(0, at - 1)}${digits[at]}${digits[at - 1]}${digits.slice(at + 1)}`);
  await customerPage.getByText('チェック用の数字が一致しません。', { exact: false }).waitFor();
  assert.equal(await customerPage.getByRole('button', { name: 'パートナーを確認' }).isDisabled(), true);
  await partnerIdField.fill(digits);
  await customerPage.getByRole('button', { name: 'パートナーを確認' }).click();
  await customerPage.getByText(`パートナー ID ${partner.partnerId}: Reseller KK（JP）`).waitFor();
  await customerPage.getByRole('button', { name: 'Reseller KK を担当パートナーにする' }).click();
  await customerPage.getByRole('status').filter({ hasText: 'Reseller KK を担当パートナーにしました。' }).waitFor();
  await checkPage(customerPage, 'delegation-4-partner-of-record-ja');

  // The partner acts for the customer with exactly the granted roles.
  const actingPage = await open({ viewport: PHONE });
  await signIn(actingPage, partnerAdmin);
  const customerRow = actingPage.getByRole('region', { name: 'Customers' }).locator('tr', { hasText: 'Delegate KK' });
  await customerRow.getByText('Active: Billing admin, License admin until Dec 21, 2036').waitFor();
  assert.equal(await customerRow.locator('td').nth(1).textContent(), '1', 'one subscription of record');
  await checkPage(actingPage, 'delegation-5-partner-customers');
  await actingPage.getByRole('link', { name: 'Subscriptions of record' }).click();
  await actingPage.getByRole('region', { name: 'Subscriptions of record' }).locator('tr', { hasText: 'Delegate KK' }).getByText(planName).waitFor();
  await actingPage.getByRole('link', { name: 'Upcoming renewals' }).click();
  await actingPage.getByText('None.').waitFor();
  await actingPage.getByRole('link', { name: 'Customers' }).click();
  await customerRow.getByRole('link', { name: 'Act for Delegate KK' }).click();
  await actingPage.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
  await actingPage.getByRole('note', { name: 'Delegated administration' }).getByText('You are acting for Delegate KK on behalf of Reseller KK (delegated administration), with the roles Billing admin, License admin.', { exact: false }).waitFor();
  await actingPage.getByRole('link', { name: planName }).waitFor();
  const menu = actingPage.getByRole('navigation', { name: 'Main' });
  assert.deepEqual(await menu.getByRole('link').allTextContents(), ['Subscriptions', 'Users and seats', 'Devices', 'Support cases', 'Orders', 'Invoices', 'Redeem keys', 'Notifications and password']);
  await checkPage(actingPage, 'delegation-6-acting-for-customer');
  await assertFitsWidth(actingPage);
  const partnerSession = { cookie: (await actingPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') };

  // The customer ends it; the partner's very next request on the customer is refused.
  const endingPage = await open();
  await signIn(endingPage, customerAdmin, `/o/${organization.id}/delegations`);
  await endingPage.getByRole('button', { name: 'End the relationship with Reseller KK' }).click();
  await endingPage.getByRole('group', { name: 'End the relationship with Reseller KK' }).getByRole('button', { name: 'End' }).click();
  await endingPage.getByRole('status').filter({ hasText: 'The relationship with Reseller KK has ended.' }).waitFor();
  await endingPage.getByText('(ended by the customer)').waitFor();
  const after = await t.inject({ method: 'GET', url: `/v1/organizations/${organization.id}/subscriptions`, headers: partnerSession });
  assert.equal(after.statusCode, 404, 'access ended with the relationship');
}
