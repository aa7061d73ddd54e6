// Without an SMTP server, mail is written to <dataDir>/mail/ as .eml files a newcomer can open:
// one file per (event, recipient), named after its Message-ID, so sending it again replaces it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createOrg } from '../../../test/support/fixtures.ts';
import { deliverEmailBatch } from './email-delivery.ts';
import { fanOutBatch } from './fanout.ts';
import { parseMail } from './testing.ts';
import { createPerson, createTestSubscription, emitEvent } from './test-fixtures.ts';

let t: TestApp;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'licentia-mail-drop-'));
  t = await createTestApp({ smtp: undefined, dataDir });
});
after(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('mail goes to <dataDir>/mail as readable .eml files, once per (event, recipient)', async () => {
  const customerId = (await createOrg(t, { name: 'Newcomer KK' })).id;
  const admin = await createPerson(t, customerId, ['global_admin'], 'ja');
  const { subscriptionId } = await createTestSubscription(t, customerId, { endsInDays: -1 });
  const eventId = await emitEvent(t, customerId, 'subscription.expired', { subscriptionId });
  await fanOutBatch(t.ctx.database.db, t.ctx.database.dialect, t.clock.now());
  await deliverEmailBatch(t.ctx);

  const folder = join(dataDir, 'mail');
  const files = readdirSync(folder);
  // Message-ID <evt….usr…@localhost> (the default From is no-reply@ the public URL's host).
  assert.deepEqual(files, [`${eventId}.${admin.userId}_localhost.eml`]);
  const path = join(folder, files[0]!);
  assert.equal(statSync(path).mode & 0o777, 0o600, 'mail may hold personal data: readable by the server user only');
  const mail = parseMail(readFileSync(path, 'utf8'));
  assert.match(mail.subject, /^【重要】/);
  assert.ok(mail.text.includes('Newcomer KK'));
  assert.ok(mail.headers.get('to')!.includes(admin.email));

  // Sent again (as after a crash between writing and recording): the same file, not a second.
  const row = await t.ctx.database.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
  await t.ctx.database.db.updateTable('deliveries').set({ state: 'pending', next_attempt_at: row.created_at }).where('id', '=', row.id).execute();
  await deliverEmailBatch(t.ctx);
  assert.deepEqual(readdirSync(folder), files);
});
