// A device token is a credential, shown once in the activation's response (SPEC §10: tokens
// never in plaintext in the database or the logs). Activate (with an Idempotency-Key, so the
// response is also stored for replay, sealed), check in, validate by key, deactivate; then
// grep every row, the raw database and the logs for the token and the product key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createNonce } from '@licentia/sdk';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { rawDump, sqlDump } from '../../../test/support/dump.ts';
import { createRedeemedKey, newFingerprint } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ logLevel: 'trace' });
});
after(() => t.close());

test('device tokens and product keys appear nowhere in the database or the logs', async () => {
  const { key } = await createRedeemedKey(t);
  const fingerprint = newFingerprint();
  const activation = await t.inject({ method: 'POST', url: '/v1/activations', headers: { 'idempotency-key': 'activate-1' }, payload: { key, fingerprint } });
  assert.equal(activation.statusCode, 201, activation.body);
  const deviceToken: string = activation.json().deviceToken;
  const replay = await t.inject({ method: 'POST', url: '/v1/activations', headers: { 'idempotency-key': 'activate-1' }, payload: { key, fingerprint } });
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  assert.equal(replay.json().deviceToken, deviceToken, 'the replay is the stored response, byte for byte');
  const checkIn = await t.inject({ method: 'POST', url: '/v1/devices/check-in', payload: { deviceToken, fingerprint, nonce: createNonce() } });
  assert.equal(checkIn.statusCode, 200, checkIn.body);
  await t.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { key, fingerprint, nonce: createNonce() } });
  assert.equal((await t.inject({ method: 'POST', url: '/v1/devices/deactivate', payload: { deviceToken } })).statusCode, 204);

  const secret = deviceToken.slice('dvt_'.length);
  const compactKey = key.replaceAll('-', '');
  const places = { rows: await sqlDump(t), 'raw database': rawDump(t), logs: t.logs.join('\n') };
  assert.ok(places.logs.length > 0);
  for (const [place, text] of Object.entries(places)) {
    assert.ok(!text.includes(secret), `the device token is in the ${place}`);
    assert.ok(!text.includes(key) && !text.includes(compactKey), `the product key is in the ${place}`);
  }
});
