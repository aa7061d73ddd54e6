// The acceptance link's one-time token (SPEC §7, §10) is never stored or logged in plaintext:
// an offer is made, its mail sent, and the offer accepted with the token (with Idempotency-Keys,
// whose stored responses are kept too); then the database (rows through SQL, and the raw SQLite
// file with its WAL or pg_dump) and the logs are grepped for it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';
import { rawDump, sqlDump } from '../../../test/support/dump.ts';
import type { SmtpPeer } from '../notifications/testing.ts';
import { startMailTestApp, type MailTestApp } from '../notifications/test-fixtures.ts';
import { deliverAllDue } from '../notifications/workers.ts';
import { ACCEPTANCE_TOKEN_PREFIX } from './tokens.ts';
import { createTestPartner } from './testing.ts';

let t: TestApp;
let peer: SmtpPeer;
let mail: MailTestApp;
let token = '';

before(async () => {
  mail = await startMailTestApp({ logLevel: 'trace' });
  ({ t, peer } = mail);
  const partner = await createTestPartner(t);
  const partnerAdmin = await createActor(t, partner.organizationId, ['partner_admin']);
  const customer = await createOrg(t, { name: 'Token KK' });
  const admin = await createActor(t, customer.id, ['global_admin'], { email: 'token-admin@example.com' });
  const offered = await t.inject({
    method: 'POST',
    url: `/v1/organizations/${partner.organizationId}/delegations`,
    headers: { ...partnerAdmin.writeHeaders, 'idempotency-key': 'offer-1' },
    payload: { customerOrganizationId: customer.id, roles: ['billing_admin'], durationDays: 30 },
  });
  assert.equal(offered.statusCode, 201, offered.body);
  await deliverAllDue(t.ctx);
  token = decodeURIComponent(/accept\?token=([^\s"&<]+)/.exec(peer.received[0]!.text)![1]!);
  assert.ok(token.startsWith(ACCEPTANCE_TOKEN_PREFIX));
  const accepted = await t.inject({
    method: 'POST',
    url: `/v1/organizations/${customer.id}/delegations/${offered.json().id}/accept`,
    headers: { ...admin.writeHeaders, 'idempotency-key': 'accept-1' },
    payload: { token },
  });
  assert.equal(accepted.statusCode, 200, accepted.body);
});
after(() => mail.close());

test('neither the database nor the logs hold the token, though they hold the offer and its acceptance', async () => {
  const body = token.slice(ACCEPTANCE_TOKEN_PREFIX.length);
  const dumps = { sql: await sqlDump(t), raw: rawDump(t), logs: t.logs.join('') };
  assert.ok(dumps.sql.includes('delegation.accepted') && dumps.raw.includes('token-admin@example.com'), 'the dumps are real');
  assert.ok(dumps.logs.includes('/accept'), 'the logs record the acceptance request');
  for (const [kind, dump] of Object.entries(dumps)) {
    assert.ok(!dump.includes(body), `the ${kind} dump contains the acceptance token`);
  }
});
