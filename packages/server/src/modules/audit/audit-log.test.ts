// The audit log is append-only for the application: its own database connection cannot change
// or remove a row, and every change through the API writes its row in the same transaction.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function auditRows(organizationId: string) {
  return t.ctx.database.db.selectFrom('audit_events').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}

test('UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit rows are refused by the database', async () => {
  const org = await createOrg(t);
  const [row] = await auditRows(org.id);
  assert.ok(row, 'creating an organization wrote an audit row');
  const db = t.ctx.database.db;
  await assert.rejects(db.updateTable('audit_events').set({ action: 'forged' }).where('id', '=', row.id).execute(), /append-only/);
  await assert.rejects(db.deleteFrom('audit_events').where('id', '=', row.id).execute(), /append-only/);
  await assert.rejects(db.deleteFrom('audit_events').execute(), /append-only/);
  if (t.ctx.database.dialect === 'postgres') await assert.rejects(sql`TRUNCATE audit_events`.execute(db), /append-only/);
  const after = await auditRows(org.id);
  assert.deepEqual(after, [row]);
});

test('a change through the API is audited with its actor and request id; a refused change writes nothing', async () => {
  const org = await createOrg(t);
  const admin = await createActor(t, org.id, ['global_admin']);
  const before = (await auditRows(org.id)).length;
  const renamed = await t.inject({ method: 'PATCH', url: `/v1/organizations/${org.id}`, headers: admin.writeHeaders, payload: { name: 'Renamed KK' } });
  assert.equal(renamed.statusCode, 200);
  const rows = await auditRows(org.id);
  assert.equal(rows.length, before + 1);
  const last = rows.at(-1)!;
  assert.equal(last.action, 'organization.updated');
  assert.equal(last.actor_type, 'user');
  assert.equal(last.actor_id, admin.userId);
  assert.equal(last.request_id, renamed.headers['x-request-id']);
  assert.deepEqual(JSON.parse(last.data).after.name, 'Renamed KK');

  const refused = await t.inject({ method: 'PATCH', url: `/v1/organizations/${org.id}`, headers: admin.writeHeaders, payload: { timeZone: 'Mars/Olympus' } });
  assert.equal(refused.statusCode, 400);
  assert.equal((await auditRows(org.id)).length, before + 1);
});

test('the audit log is readable by the organization\'s global admin, newest first, and paginated', async () => {
  const org = await createOrg(t);
  const admin = await createActor(t, org.id, ['global_admin']);
  for (const name of ['A', 'B', 'C']) {
    await t.inject({ method: 'PATCH', url: `/v1/organizations/${org.id}`, headers: admin.writeHeaders, payload: { name } });
  }
  const first = await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}/audit-events?limit=2`, headers: admin.headers });
  assert.equal(first.statusCode, 200);
  const page1 = first.json();
  assert.equal(page1.data.length, 2);
  assert.equal(page1.data[0].data.after.name, 'C');
  assert.ok(page1.nextCursor);
  const second = await t.inject({ method: 'GET', url: `/v1/organizations/${org.id}/audit-events?limit=2&cursor=${page1.nextCursor}`, headers: admin.headers });
  const ids = [...page1.data, ...second.json().data].map((e: { id: string }) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'no event appears twice across pages');
  assert.ok(ids.length >= 4);
});
