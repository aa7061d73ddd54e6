// A motherboard replacement, end to end: the customer's admin asks the advisor about the repaired
// device (a business license: a code from support), opens a case from its answer, and uploads
// the receipt and the repair report, with a wrong type and a file too large refused by the
// portal before sending and a renamed file refused by the server; a support agent finds the case,
// sees the unit in the registry, and approves it with the keyboard alone, which shows the
// reactivation code once; the code then moves the license to the repaired machine.
import assert from 'node:assert/strict';
import { createActor, createOrg } from '../../../server/test/support/fixtures.ts';
import { newFingerprint } from '../../../server/src/modules/devices/testing.ts';
import { SAMPLE_FILES } from '../../../server/src/modules/support/testing.ts';
import { assertFitsWidth, checkPage, PHONE, signIn, tabTo, type Portal } from '../support/harness.ts';
import { planWithKeys, redeemThroughApi, uniqueEmail } from '../support/seed.ts';

export async function repairCaseApprovedWithCode({ t, open }: Portal, vendorOrganizationId: string): Promise<void> {
  const organization = await createOrg(t, { name: 'Repair KK' });
  const admin = await createActor(t, organization.id, ['global_admin'], { email: uniqueEmail('repairer') });
  const { keys } = await planWithKeys(t, 1);
  const key = keys[0]!;
  await redeemThroughApi(t, admin, organization.id, key);
  const activation = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint: newFingerprint(), components: { board: newFingerprint() }, name: 'Repaired PC' } });
  assert.equal(activation.statusCode, 201, activation.body);
  const vendorAdmin = await createActor(t, vendorOrganizationId, ['vendor_admin']);
  const imported = await t.inject({ method: 'POST', url: '/v1/hardware-products/import', headers: vendorAdmin.writeHeaders, payload: { csv: `serial_number,model,purchase_date,seller,product_key\r\nPF-3ABC12,LX-900,2036-04-01,Example Denki,${key}\r\n` } });
  assert.equal(imported.statusCode, 200, imported.body);

  // The advisor, from the device's real license, then a case opened from its answer.
  const page = await open({ viewport: PHONE });
  await signIn(page, admin);
  await page.getByRole('link', { name: 'Devices' }).click();
  assert.equal(await page.getByLabel('License', { exact: true }).inputValue(), activation.json().device.id);
  await page.getByLabel('What the repair did').selectOption('motherboard_replacement');
  await page.getByRole('button', { name: 'Ask the advisor' }).click();
  const answer = page.getByRole('region', { name: 'What to do' });
  await answer.getByText('Business license (not linked to an account): A reactivation code from support.').waitFor();
  await checkPage(page, 'support-1-advisor');
  await assertFitsWidth(page);
  await answer.getByRole('link', { name: 'Open a support case about this repair' }).click();
  await page.getByRole('heading', { level: 1, name: 'Support cases' }).waitFor();
  assert.equal(await page.getByLabel('What the repair did').inputValue(), 'motherboard_replacement');
  await page.getByLabel('What happened (optional)').fill('The motherboard was replaced at the shop.');
  await page.getByRole('button', { name: 'Open the case' }).click();
  await page.getByRole('heading', { level: 1, name: 'Support case: Motherboard replaced' }).waitFor();
  await page.getByText('Still needed before it can be approved: Proof of purchase, Repair completion report.').waitFor();

  // Files: the portal's own checks, then the server's, then the real ones.
  const file = page.getByLabel('File', { exact: true });
  const upload = page.getByRole('button', { name: 'Upload', exact: true });
  await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a receipt') });
  await page.getByText('“notes.txt” is not a JPEG or PNG photo or a PDF document (text/plain).', { exact: false }).waitFor();
  assert.equal(await upload.isDisabled(), true);
  const large = Buffer.concat([SAMPLE_FILES.png, Buffer.alloc(100_000)]);
  await file.setInputFiles({ name: 'large.png', mimeType: 'image/png', buffer: large });
  await page.getByText('“large.png” is 100.1 kB; at most 65.5 kB are accepted.', { exact: false }).waitFor();
  assert.equal(await upload.isDisabled(), true);
  await page.getByLabel('Model on the receipt').fill('LX-900');
  await page.getByLabel('Purchase date on the receipt').fill('2036-04-01');
  await page.getByLabel('Serial number on the receipt').fill('PF-3ABC12');
  await file.setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from('<html>not an image</html>') });
  await upload.click();
  await page.getByRole('alert').getByText('The uploaded file is not a JPEG or PNG photo or a PDF document.').waitFor();
  await checkPage(page, 'support-2-upload-refused');
  await file.setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: SAMPLE_FILES.png });
  await upload.click();
  await page.getByRole('status').filter({ hasText: 'receipt.png was uploaded.' }).waitFor();
  await page.getByLabel('What the file is').selectOption('repair_report');
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'repair-report.pdf', mimeType: 'application/pdf', buffer: SAMPLE_FILES.pdf });
  await upload.click();
  await page.getByText('Nothing is missing: the case can be decided.').waitFor();
  await page.getByText('Receipt: LX-900, bought on Apr 1, 2036, serial number PF3ABC12').waitFor();
  await checkPage(page, 'support-3-case-ready');
  await assertFitsWidth(page);

  // The agent reviews and approves with the keyboard alone; the code is shown once.
  const agent = await createActor(t, vendorOrganizationId, ['support_agent'], { email: uniqueEmail('agent') });
  const desk = await open();
  await signIn(desk, agent);
  await desk.getByRole('link', { name: 'Support desk' }).click();
  await desk.getByRole('region', { name: 'Support desk' }).locator('tr', { hasText: 'Repair KK' }).getByRole('link').click();
  await desk.getByRole('heading', { level: 1, name: 'Repair KK: Motherboard replaced' }).waitFor();
  const unit = desk.getByRole('region', { name: 'LX-900' });
  await unit.getByText(`…${key.slice(-5)}; redeemed into organization ${organization.id}`).waitFor();
  await desk.getByRole('button', { name: 'Download receipt.png' }).waitFor();
  await checkPage(desk, 'support-4-desk-review');
  await tabTo(desk, { name: 'Approve and issue a reactivation code' });
  await desk.keyboard.press('Enter');
  const panel = desk.getByRole('region', { name: 'Reactivation code (shown once)' });
  const code = (await panel.locator('code').textContent())!;
  assert.match(code, /^[BCDFGHJKMPQRTVWXY2346789]{4}(-[BCDFGHJKMPQRTVWXY2346789]{4}){3}$/);
  await panel.getByText(/It works once, for this license only, until Nov 24, 2036/).waitFor();
  await checkPage(desk, 'support-5-code-shown-once');

  // The repaired machine (a new board) activates with it; the page never shows it again.
  const moved = await t.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint: newFingerprint(), components: { board: newFingerprint() }, reactivationCode: code.toLowerCase() } });
  assert.equal(moved.statusCode, 201, moved.body);
  assert.equal(moved.json().hardwareChange.outcome, 'REACTIVATED_BY_CODE');
  await desk.reload();
  await desk.getByText('Resolved (code used)').waitFor();
  assert.equal(await desk.getByRole('region', { name: 'Reactivation code (shown once)' }).count(), 0);
}
