// A person redeems keys into a new organization, in Japanese on a phone: keys checked as they
// are typed (the exact place of a wrong character), then by the server (a used key refused with
// its reason), the new-organization form offering only the countries where the plan is sold,
// the review, completion, and the new organization's subscriptions. Then English, switched.
import assert from 'node:assert/strict';
import { createActor, createOrg } from '../../../server/test/support/fixtures.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, type Portal } from '../support/harness.ts';
import { planWithKeys, redeemThroughApi, uniqueEmail } from '../support/seed.ts';

export async function redeemIntoNewOrganization({ t, open }: Portal): Promise<void> {
  const home = await createOrg(t, { name: 'Home KK' });
  const person = await createActor(t, home.id, ['member'], { email: uniqueEmail('hanako') });
  const { keys, keyIds, plan } = await planWithKeys(t, 3, { countries: ['JP', 'SG'] });
  // The third key was redeemed by another organization before.
  const other = await createOrg(t, { name: 'Other KK' });
  const otherAdmin = await createActor(t, other.id, ['global_admin']);
  await redeemThroughApi(t, otherAdmin, other.id, keys[2]!);

  const page = await open({ locale: 'ja-JP', viewport: PHONE });
  await signIn(page, person);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja', 'Japanese, as the browser asks');
  await page.getByRole('link', { name: 'キーの引き換え' }).click();
  await page.getByRole('heading', { level: 1, name: 'プロダクトキーの引き換え' }).waitFor();

  // A typo: the 8th character (group 2, place 3) replaced by O, which keys never contain.
  const compact = keys[0]!.replaceAll('-', '');
  const typo = `${compact.slice(0, 7)}O${compact.slice(8)}`;
  const fullWidthLower = keys[1]!.toLowerCase().replace(/[a-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const box = page.getByLabel('プロダクトキー', { exact: true });
  await box.fill(`${typo}\n${fullWidthLower}\n${keys[2]}`);
  const lines = page.getByTestId('key-line');
  await assert.doesNotReject(lines.filter({ hasText: '第 2 グループの 3 文字目「O」はキーに使われない文字です' }).waitFor());
  assert.equal(await lines.locator('mark').textContent(), 'O');
  assert.equal(await page.getByRole('button', { name: '2 個のキーを確認して追加' }).isEnabled(), true, 'only the well-formed keys are sent');
  await checkPage(page, 'redeem-new-1-typo-ja');
  await assertFitsWidth(page);

  await box.fill(`${keys[0]}\n${fullWidthLower}\n${keys[2]}`);
  await page.getByRole('button', { name: '3 個のキーを確認して追加' }).click();
  await page.getByRole('status').filter({ hasText: '2 個のキーを追加しました。' }).waitFor();
  // The used key stays in the box with the server's reason.
  assert.equal((await box.inputValue()).trim(), keys[2]);
  await lines.filter({ hasText: 'このプロダクト キーは別の組織ですでに使用されています。' }).waitFor();
  assert.equal(await page.getByRole('region', { name: '入力済みのキー' }).locator('tbody tr').count(), 2);
  await checkPage(page, 'redeem-new-2-keys-added-ja');

  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByLabel('新しい組織', { exact: true }).check();
  const country = page.getByLabel('国または地域', { exact: true });
  assert.equal(await country.locator('option').count(), 2, 'only where the plan is sold');
  assert.equal(await country.locator('option[value=JP]').textContent(), '日本');
  assert.equal(await country.locator('option[value=SG]').textContent(), 'シンガポール');
  await page.getByLabel('組織名', { exact: true }).fill('さくら商事');
  assert.equal(await page.getByLabel('管理者のメールアドレス').inputValue(), person.email);
  await checkPage(page, 'redeem-new-3-organization-ja');
  await assertFitsWidth(page);

  await page.getByRole('button', { name: '確認する' }).click();
  await page.getByText('さくら商事 を作成します（日本。日付は Asia/Tokyo の暦日です）。').waitFor();
  // 2036-11-21 09:30 in Tokyo; a year's term ends 2037-11-20.
  assert.equal(await page.getByRole('region', { name: '実行される内容' }).getByText('2036/11/21 ～ 2037/11/20').count(), 2);
  const complete = page.getByRole('button', { name: '引き換えを完了する' });
  assert.equal(await complete.isDisabled(), true, 'completion waits for the explicit confirmation');
  await checkPage(page, 'redeem-new-4-review-ja');
  await assertFitsWidth(page);
  await page.getByLabel('完了するとこれらのキーは使用済みになり、元に戻せないことを理解しました。').check();
  await complete.click();
  await page.getByRole('heading', { name: '引き換えました' }).waitFor();
  await page.getByText('2 個のキーを さくら商事 に引き換えました。').waitFor();

  await page.getByRole('link', { name: 'さくら商事 のサブスクリプションを見る' }).click();
  await page.getByRole('heading', { level: 1, name: 'サブスクリプション' }).waitFor();
  const rows = page.getByRole('region', { name: 'サブスクリプション' }).locator('tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match((await rows.first().textContent())!, new RegExp(`${plan.name_ja.replace(/[()]/g, '\\$&')}.*有効`));
  await checkPage(page, 'redeem-new-5-subscriptions-ja');
  await assertFitsWidth(page);

  const db = t.ctx.database.db;
  const created = await db.selectFrom('organizations').selectAll().where('name', '=', 'さくら商事').executeTakeFirstOrThrow();
  for (const id of keyIds.slice(0, 2)) {
    const key = await db.selectFrom('product_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(key.state, 'redeemed');
    assert.equal(key.redeemed_organization_id, created.id);
  }
  const roles = await db.selectFrom('memberships').select('role').where('organization_id', '=', created.id).where('user_id', '=', person.userId).execute();
  assert.deepEqual(roles.map((r) => r.role), ['global_admin'], 'the redeemer is its global admin');
  // The layout says who and where.
  await page.getByText(`（${person.email}）としてサインイン中`).waitFor();
  assert.equal(await page.getByLabel('組織', { exact: true }).locator('option:checked').textContent(), 'さくら商事 (お客様)');

  // Switched to English: the page, and the API's own messages, speak it.
  await page.getByLabel('言語').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByRole('region', { name: 'Subscriptions' }).getByText('Nov 21, 2036 – Nov 20, 2037').count(), 2);
  await checkPage(page, 'redeem-new-6-subscriptions-en');
}
