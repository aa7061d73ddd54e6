// Idempotency-Key on POST (SPEC §10): the first result is stored with the effect and replayed
// byte for byte for 24 h; the same key with another body is 422; while the first request runs,
// 409; a request that failed for a transient reason, or whose process died, may run again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../test/support/fixtures.ts';

let t: TestApp;
let admin: Actor;
let otherAdmin: Actor;
let counter = 0;

before(async () => {
  t = await createTestApp();
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
  admin = await createActor(t, vendor.id, ['vendor_admin']);
  otherAdmin = await createActor(t, vendor.id, ['vendor_admin']);
});
after(() => t.close());

function createOrganization(actor: Actor, key: string | undefined, name: string) {
  return t.inject({
    method: 'POST',
    url: '/v1/organizations',
    headers: { ...actor.writeHeaders, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: { kind: 'customer', name, country: 'JP' },
  });
}

async function countNamed(name: string): Promise<number> {
  const rows = await t.ctx.database.db.selectFrom('organizations').select('id').where('name', '=', name).execute();
  return rows.length;
}

function uniqueKey(): string {
  return `key-${++counter}-${Date.now()}`;
}

describe('replay', () => {
  test('the same key and body replays the first response byte for byte, and the effect happens once', async () => {
    const key = uniqueKey();
    const first = await createOrganization(admin, key, 'Replay KK');
    assert.equal(first.statusCode, 201);
    const second = await createOrganization(admin, key, 'Replay KK');
    assert.equal(second.statusCode, 201);
    assert.equal(second.rawPayload.equals(first.rawPayload), true);
    assert.equal(second.headers['content-type'], first.headers['content-type']);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(await countNamed('Replay KK'), 1);
  });

  test('the body may differ in key order only', async () => {
    const key = uniqueKey();
    const headers = { ...admin.writeHeaders, 'idempotency-key': key, 'content-type': 'application/json' };
    const first = await t.inject({ method: 'POST', url: '/v1/organizations', headers, payload: '{"kind":"customer","name":"Order KK","country":"JP"}' });
    const second = await t.inject({ method: 'POST', url: '/v1/organizations', headers, payload: '{"country":"JP","name":"Order KK","kind":"customer"}' });
    assert.equal(first.statusCode, 201);
    assert.equal(second.body, first.body);
    assert.equal(await countNamed('Order KK'), 1);
  });

  test('keys are scoped to the caller: another caller with the same key gets its own result', async () => {
    const key = uniqueKey();
    const mine = await createOrganization(admin, key, 'Scoped KK');
    const theirs = await createOrganization(otherAdmin, key, 'Scoped KK');
    assert.equal(theirs.statusCode, 201);
    assert.notEqual(theirs.json().id, mine.json().id);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
  });

  test('a definite refusal is stored and replayed too, and changes nothing', async () => {
    const key = uniqueKey();
    const headers = { ...admin.writeHeaders, 'idempotency-key': key };
    const payload = { kind: 'customer', name: 'Nowhere KK', country: 'ZZ' };
    const first = await t.inject({ method: 'POST', url: '/v1/organizations', headers, payload });
    assert.equal(first.statusCode, 422);
    assert.equal(first.json().code, 'COUNTRY_NOT_SUPPORTED');
    const second = await t.inject({ method: 'POST', url: '/v1/organizations', headers, payload });
    assert.equal(second.body, first.body);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(await countNamed('Nowhere KK'), 0);
  });

  test('after 24 hours the key is forgotten', async () => {
    const key = uniqueKey();
    await createOrganization(admin, key, 'Day One KK');
    t.clock.advance({ hours: 24, seconds: 1 });
    // Sessions last 12 hours: sign in again, as the same users.
    admin = { ...admin, ...(await signInAs(t, admin.userId)) };
    otherAdmin = { ...otherAdmin, ...(await signInAs(t, otherAdmin.userId)) };
    const later = await createOrganization(admin, key, 'Day Two KK');
    assert.equal(later.statusCode, 201);
    assert.equal(later.json().name, 'Day Two KK');
  });
});

describe('misuse', () => {
  test('the same key with another body → 422 IDEMPOTENCY_KEY_REUSED, in both languages, nothing created', async () => {
    const key = uniqueKey();
    await createOrganization(admin, key, 'First Body KK');
    for (const [language, pattern] of [['en', /already used with a different request/], ['ja', /別のリクエストで使用済み/]] as const) {
      const response = await t.inject({
        method: 'POST',
        url: '/v1/organizations',
        headers: { ...admin.writeHeaders, 'idempotency-key': key, 'accept-language': language },
        payload: { kind: 'customer', name: 'Second Body KK', country: 'JP' },
      });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().code, 'IDEMPOTENCY_KEY_REUSED');
      assert.match(response.json().title, pattern);
    }
    assert.equal(await countNamed('Second Body KK'), 0);
  });

  test('a malformed key → 400 IDEMPOTENCY_KEY_INVALID', async () => {
    const response = await createOrganization(admin, 'x'.repeat(256), 'Long Key KK');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'IDEMPOTENCY_KEY_INVALID');
  });
});

describe('concurrency and failure', () => {
  test('the same key while the first request is still running → 409, then the first result replays', async () => {
    const key = uniqueKey();
    let reached!: () => void;
    const reachedCommit = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Held after its claim, before its transaction: SQLite has one connection per process, so
    // a request held inside its transaction would hold every other query of the process too.
    t.ctx.failpoints.set('mutation.before-transaction', async () => {
      reached();
      await gate;
    });
    try {
      const first = createOrganization(admin, key, 'In Flight KK');
      await reachedCommit;
      const concurrent = await createOrganization(admin, key, 'In Flight KK');
      assert.equal(concurrent.statusCode, 409);
      assert.equal(concurrent.json().code, 'IDEMPOTENCY_KEY_IN_USE');
      t.ctx.failpoints.clear('mutation.before-transaction');
      release();
      assert.equal((await first).statusCode, 201);
      const retry = await createOrganization(admin, key, 'In Flight KK');
      assert.equal(retry.body, (await first).body);
      assert.equal(await countNamed('In Flight KK'), 1);
    } finally {
      t.ctx.failpoints.clear('mutation.before-transaction');
      release();
    }
  });

  test('a transient failure releases the key: the retry runs for real, once', async () => {
    const key = uniqueKey();
    t.ctx.failpoints.set('mutation.before-commit', () => {
      throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    });
    let failed;
    try {
      failed = await createOrganization(admin, key, 'Transient KK');
    } finally {
      t.ctx.failpoints.clear('mutation.before-commit');
    }
    assert.equal(failed.statusCode, 503);
    assert.equal(failed.json().code, 'TEMPORARILY_UNAVAILABLE');
    assert.ok(Number(failed.headers['retry-after']) >= 1);
    assert.equal(await countNamed('Transient KK'), 0);
    const retry = await createOrganization(admin, key, 'Transient KK');
    assert.equal(retry.statusCode, 201);
    assert.equal(await countNamed('Transient KK'), 1);
  });

  test('a claim left by a process that died is taken over once its lock lapses', async () => {
    const key = uniqueKey();
    // What a dead process leaves behind: a claim, and no effect (it never committed).
    const scope = `user:${admin.userId}`;
    const { requestFingerprint } = await import('./idempotency.ts');
    const fingerprint = requestFingerprint('POST', '/v1/organizations', { kind: 'customer', name: 'Orphan KK', country: 'JP' });
    const claimed = await t.app.idempotency.claim(scope, key, fingerprint, t.clock.now());
    assert.equal(claimed.kind, 'proceed');
    const tooSoon = await createOrganization(admin, key, 'Orphan KK');
    assert.equal(tooSoon.statusCode, 409);
    t.clock.advance({ seconds: 61 });
    const retried = await createOrganization(admin, key, 'Orphan KK');
    assert.equal(retried.statusCode, 201);
    assert.equal(await countNamed('Orphan KK'), 1);
  });

  test('stored responses are sealed: the database holds no readable response', async () => {
    const key = uniqueKey();
    await createOrganization(admin, key, 'Sealed Response KK');
    const rows = await t.ctx.database.db.selectFrom('idempotency_keys').select('response').where('key', '=', key).execute();
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.response);
    assert.ok(!rows[0]!.response!.includes('Sealed Response KK'));
  });
});
