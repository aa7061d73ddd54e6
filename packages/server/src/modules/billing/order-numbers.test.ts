// 1,000 orders placed at once get 1,000 distinct, well-formed order numbers (SPEC §8 "Unique"),
// on SQLite and PostgreSQL: the sequence row is advanced inside each order's transaction.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOrderNumber } from '@licentia/core/billing';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createBillingCustomer, createBillingPlan, ensureTestIssuer } from './testing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await ensureTestIssuer(t);
});
after(() => t.close());

test('1,000 concurrent orders: 1,000 distinct numbers, each well-formed, the sequence without a hole', async () => {
  // Half a second before midnight in Tokyo: the date and time parts are Japan's, not UTC's.
  t.clock.set('2026-11-21T14:59:59.500Z');
  const customers = await Promise.all([1, 2, 3, 4].map(() => createBillingCustomer(t)));
  const planId = await createBillingPlan(t);
  const requests = Array.from({ length: 1000 }, (_, i) => {
    const customer = customers[i % customers.length]!;
    return t.inject({
      method: 'POST',
      url: `/v1/organizations/${customer.organizationId}/orders`,
      headers: customer.admin.writeHeaders,
      payload: { lines: [{ purpose: 'new_subscription', planId, seats: 1 + (i % 7) }], paymentMethod: 'bank_transfer', confirm: true },
    });
  });
  const responses = await Promise.all(requests);
  for (const r of responses) assert.equal(r.statusCode, 201, r.body);
  const numbers = responses.map((r) => r.json().number as string);
  assert.equal(new Set(numbers).size, 1000);
  const parts = numbers.map((n) => parseOrderNumber(n)!);
  for (const [i, p] of parts.entries()) {
    assert.ok(p, `malformed: ${numbers[i]}`);
    assert.equal(p.channel, 'WB');
    assert.equal(p.orderedAt.toString(), '2026-11-21T23:59:59', numbers[i]);
  }
  assert.deepEqual(parts.map((p) => p.sequence).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i + 1));
  const stored = await t.ctx.database.db.selectFrom('orders').select('number').execute();
  assert.equal(new Set(stored.map((r) => r.number)).size, 1000);
});
