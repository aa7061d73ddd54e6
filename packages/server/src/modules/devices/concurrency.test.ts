// The device limit holds under concurrency (ARCHITECTURE practice 11): 4×M activations of
// distinct machines, all at once, on a fresh license limited to M devices, leave exactly M
// devices, 20 times over, for M = 1 and M = 5; the same machine activated many times at once
// is one device. On PostgreSQL the requests really overlap (a pool of connections, the license
// row locked FOR UPDATE); on SQLite the single writer serializes them, and the test holds too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createRedeemedKey, newFingerprint } from './testing.ts';

const ROUNDS = 20;

let t: TestApp;
before(async () => {
  t = await createTestApp({ activationVelocityPerDay: 1_000_000, logLevel: 'warn' });
});
after(() => t.close());

function activate(key: string, fingerprint: string) {
  return t.inject({ method: 'POST', url: '/v1/activations', payload: { key, fingerprint } });
}

async function licenseState(organizationId: string) {
  const db = t.ctx.database.db;
  const license = await db.selectFrom('licenses').selectAll().where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  const devices = await db.selectFrom('devices').select(['id', 'deactivated_at']).where('organization_id', '=', organizationId).execute();
  return { counter: license.active_devices, devices: devices.length, active: devices.filter((d) => d.deactivated_at === null).length };
}

for (const limit of [1, 5]) {
  test(`${4 * limit} concurrent activations of distinct machines on a license of ${limit}: exactly ${limit} devices, ${ROUNDS} times`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { key, organizationId } = await createRedeemedKey(t, { seats: limit, plan: { devicesPerSeat: 1 } });
      const responses = await Promise.all(Array.from({ length: 4 * limit }, () => activate(key, newFingerprint())));
      const statuses = responses.map((r) => r.statusCode);
      assert.equal(statuses.filter((s) => s === 201).length, limit, `round ${round}: ${statuses.join(',')}`);
      for (const refused of responses.filter((r) => r.statusCode !== 201)) {
        assert.equal(refused.statusCode, 409, `round ${round}: ${refused.body}`);
        assert.equal(refused.json().code, 'DEVICE_LIMIT_REACHED');
        assert.equal(refused.json().devices.length, limit, 'the refusal lists the devices that won');
      }
      assert.deepEqual(await licenseState(organizationId), { counter: limit, devices: limit, active: limit }, `round ${round}`);
    }
  });
}

test(`the same machine activated 10 times at once is one device, ${ROUNDS} times`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { key, organizationId } = await createRedeemedKey(t, { seats: 5, plan: { devicesPerSeat: 1 } });
    const fingerprint = newFingerprint();
    const responses = await Promise.all(Array.from({ length: 10 }, () => activate(key, fingerprint)));
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 201], `round ${round}`);
    assert.equal(new Set(responses.map((r) => r.json().device.id)).size, 1);
    assert.deepEqual(await licenseState(organizationId), { counter: 1, devices: 1, active: 1 }, `round ${round}`);
  }
});
