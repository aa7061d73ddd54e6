// A vendor administrator makes a batch of keys in Japanese, downloads its CSV once (the server
// keeps no copy afterwards), and the support desk's lookup finds one of its keys; a typo in the
// lookup is caught before any request, with its place on the card.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKey } from '@licentia/core/keys';
import { createActor, signInAs } from '../../../server/test/support/fixtures.ts';
import { createTestPlan } from '../../../server/test/support/catalog-fixtures.ts';
import { checkPage, signIn, type Portal } from '../support/harness.ts';
import { uniqueEmail } from '../support/seed.ts';

export async function vendorMakesBatchAndDownloadsIt({ t, open }: Portal, vendorOrganizationId: string): Promise<void> {
  const admin = await createActor(t, vendorOrganizationId, ['vendor_admin'], { email: uniqueEmail('vendor') });
  const { plan } = await createTestPlan(t);
  const page = await open({ locale: 'ja-JP' });
  await signIn(page, admin);
  await page.getByRole('heading', { level: 1, name: 'キーのバッチ' }).waitFor();

  await page.getByLabel('プラン', { exact: true }).selectOption({ label: `${plan.sku} — ${plan.name_ja}` });
  await page.getByLabel('キーの数', { exact: true }).fill('3');
  await page.getByLabel('キーあたりのシート数', { exact: true }).fill('5');
  await page.getByLabel('引き換え期限', { exact: true }).fill('2037-12-31');
  await page.getByLabel('ラベル（任意）', { exact: true }).fill('家電量販店向け 2037 春');
  await page.getByRole('button', { name: 'キーを作成' }).click();
  await page.getByText('3 個のキーを作成しました。').waitFor();
  await checkPage(page, 'vendor-1-batch-made-ja');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード（1 回のみ）' }).first().click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const rows = csv.trimEnd().split('\r\n');
  assert.equal(rows[0], 'key,last5,plan_sku,kind,seats,redeem_by');
  assert.equal(rows.length, 4);
  const keys = rows.slice(1).map((row) => row.split(',')[0]!);
  for (const [i, key] of keys.entries()) {
    assert.deepEqual(parseKey(key), { ok: true, key });
    assert.equal(rows[i + 1], `${key},${key.slice(-5)},${plan.sku},subscription,5,2037-12-31`);
  }
  await page.getByText('CSV をダウンロードしました。サーバーにはもう残っていません。').waitFor();
  const batch = await t.ctx.database.db.selectFrom('key_batches').selectAll().where('label', '=', '家電量販店向け 2037 春').executeTakeFirstOrThrow();
  assert.equal(batch.sealed_csv, null, 'the server holds no copy');
  await page.getByRole('region', { name: 'バッチ一覧' }).getByText('ダウンロード済み', { exact: false }).waitFor();
  const again = await t.inject({ method: 'GET', url: `/v1/key-batches/${batch.id}/keys.csv`, headers: (await signInAs(t, admin.userId)).writeHeaders });
  assert.equal(again.statusCode, 410);
  await checkPage(page, 'vendor-2-downloaded-ja');

  await page.getByRole('link', { name: 'キーの照会' }).click();
  const field = page.getByLabel('プロダクトキー', { exact: true });
  const compact = keys[0]!.replaceAll('-', '');
  await field.fill(`${compact.slice(0, 24)}S`);
  await page.getByText('第 5 グループの 5 文字目「S」はキーに使われない文字です', { exact: false }).waitFor();
  assert.equal(await page.getByRole('button', { name: '照会する' }).isDisabled(), true);
  await checkPage(page, 'vendor-3-lookup-typo-ja');
  await field.fill(keys[0]!.toLowerCase());
  await page.getByRole('button', { name: '照会する' }).click();
  const found = page.getByRole('heading', { name: `…-${keys[0]!.slice(-5)}` });
  await found.waitFor();
  await page.getByText('未使用', { exact: true }).waitFor();
  await checkPage(page, 'vendor-4-lookup-ja');
}
