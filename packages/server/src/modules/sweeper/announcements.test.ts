// The sweeper's batch announcements write exactly the rows `announce` writes one at a time (an
// audit row and an outbox event), so the two can never drift apart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { announce } from '../subscriptions/service.ts';
import { announceAll } from './announcements.ts';

let testDatabase: TestDatabase;
before(async () => {
  testDatabase = await createTestDatabase();
});
after(() => testDatabase.destroy());

test('announceAll = announce, row for row (ids aside)', async () => {
  const db = testDatabase.database.db;
  const now = Temporal.Instant.from('2028-01-09T15:00:00Z');
  const system = { principal: { kind: 'anonymous' } } as const;
  const data = { planId: 'pln_x', endDate: '2028-01-09', state: 'expired', disabledFrom: '2028-02-09' };
  await inTransaction(db, (tx) => announce(tx, { ...system, now }, 'org_one', 'sub_one', 'subscription.expired', data));
  await inTransaction(db, (tx) =>
    announceAll(tx, system, [
      { organizationId: 'org_all', subscriptionId: 'sub_one', type: 'subscription.expired', data, now },
      { organizationId: 'org_all', subscriptionId: 'sub_two', type: 'subscription.expired', data, now },
    ]),
  );
  const audit = async (organizationId: string) =>
    (await db.selectFrom('audit_events').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute()).map(({ id, organization_id, ...rest }) => ({ ...rest }));
  const events = async (organizationId: string) =>
    (await db.selectFrom('outbox_events').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute()).map(({ id, organization_id, ...rest }) => ({ ...rest }));
  const [one] = await audit('org_one');
  assert.deepEqual((await audit('org_all'))[0], one);
  assert.equal((await audit('org_all')).length, 2);
  const [event] = await events('org_one');
  assert.deepEqual((await events('org_all'))[0], event);
  assert.deepEqual(JSON.parse(event!.payload), { subscriptionId: 'sub_one', ...data });
});
