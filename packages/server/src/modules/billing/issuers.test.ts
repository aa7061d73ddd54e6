// The issuer of qualified invoices as vendor configuration: registration numbers checked, one
// default at a time, every change audited in the vendor's log; only vendor administrators write.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, type Actor } from '../../../test/support/fixtures.ts';
import { ISSUER } from './testing.ts';

let t: TestApp;
let vendorId: string;
let admin: Actor;
let support: Actor;

before(async () => {
  t = await createTestApp();
  vendorId = (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id;
  admin = await createActor(t, vendorId, ['vendor_admin']);
  support = await createActor(t, vendorId, ['support_agent']);
});
after(() => t.close());

const create = (body: Record<string, unknown>, actor = admin) => t.inject({ method: 'POST', url: '/v1/billing/issuers', headers: actor.writeHeaders, payload: body });

test('a registration number is T and 13 digits; a corporation\'s check digit must match; nothing stored otherwise', async () => {
  for (const [registrationNumber, reason] of [['T8010705000725', 'CHECK_DIGIT'], ['7010705000725', 'FORMAT'], ['T70107050007', 'FORMAT']] as const) {
    const refused = await create({ ...ISSUER, registrationNumber });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.deepEqual([refused.json().code, refused.json().reason], ['ISSUER_REGISTRATION_NUMBER_INVALID', reason]);
  }
  assert.equal((await t.ctx.database.db.selectFrom('billing_issuers').select('id').execute()).length, 0);
  const soleProprietor = await create({ ...ISSUER, registrationNumber: 'Ｔ８０１０７０５０００７２５', registrant: 'sole_proprietor', default: false });
  assert.equal(soleProprietor.statusCode, 201, soleProprietor.body);
  assert.deepEqual([soleProprietor.json().registrationNumber, soleProprietor.json().default], ['T8010705000725', true], 'the first issuer is the default');
});

test('one default at a time; the default cannot be unmarked, only replaced; changes are audited', async () => {
  const first = (await t.inject({ method: 'GET', url: '/v1/billing/issuers', headers: support.headers })).json().data[0];
  const second = await create({ ...ISSUER, invoicePrefix: 'SSK', taxRounding: 'half_up' });
  assert.equal(second.statusCode, 201, second.body);
  assert.deepEqual([second.json().default, second.json().invoicePrefix, second.json().taxRounding, second.json().lastInvoiceNumber], [true, 'SSK', 'half_up', null]);
  const list = (await t.inject({ method: 'GET', url: '/v1/billing/issuers', headers: support.headers })).json().data;
  assert.deepEqual(list.map((i: { id: string; default: boolean }) => [i.id, i.default]), [[first.id, false], [second.json().id, true]]);
  const unmark = await t.inject({ method: 'PATCH', url: `/v1/billing/issuers/${second.json().id}`, headers: admin.writeHeaders, payload: { default: false } });
  assert.equal(unmark.json().code, 'ISSUER_DEFAULT_REQUIRED');
  const back = await t.inject({ method: 'PATCH', url: `/v1/billing/issuers/${first.id}`, headers: admin.writeHeaders, payload: { default: true, bankTransferDueDays: 10 } });
  assert.deepEqual([back.statusCode, back.json().default, back.json().bankTransferDueDays], [200, true, 10]);
  const audit = await t.ctx.database.db.selectFrom('audit_events').select('action').where('organization_id', '=', vendorId).where('action', 'like', 'billing_issuer.%').orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.action), ['billing_issuer.created', 'billing_issuer.created', 'billing_issuer.updated']);
  const refused = await create({ ...ISSUER }, support);
  assert.deepEqual([refused.statusCode, refused.json().code], [403, 'ROLE_REQUIRED']);
});
