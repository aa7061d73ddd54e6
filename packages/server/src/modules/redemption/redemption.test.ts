// Redemption through the public API (SPEC §3): the paths that work, and one test per row of the
// error table, each asserting the code, the HTTP status and the message in both languages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createActor, createOrg, signInAs, type Actor } from '../../../test/support/fixtures.ts';
import { createTestPlan, type TestPlanOptions } from '../../../test/support/catalog-fixtures.ts';
import { createTestKeys, type TestKeyOptions } from '../../../test/support/key-fixtures.ts';

let t: TestApp;
let redeemer: Actor;

before(async () => {
  t = await createTestApp({ keyEntryFailureLimit: 1000 });
  const home = await createOrg(t, { name: 'Home of the redeemer' });
  redeemer = await createActor(t, home.id, ['member']);
});
after(() => t.close());

type Headers = Record<string, string>;

async function newCart(actor: Actor = redeemer): Promise<string> {
  const response = await t.inject({ method: 'POST', url: '/v1/redemption-carts', headers: actor.writeHeaders });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

function addKeys(cartId: string, keys: string[], headers: Headers = redeemer.writeHeaders) {
  return t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/keys`, headers, payload: { keys } });
}

function review(cartId: string, target: object, headers: Headers = redeemer.writeHeaders) {
  return t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/review`, headers, payload: { target } });
}

function complete(cartId: string, target: object, reviewToken: string, headers: Headers = redeemer.writeHeaders) {
  return t.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/complete`, headers, payload: { target, reviewToken, confirm: true } });
}

/** Review then complete, as the portal does. */
async function redeem(cartId: string, target: object, headers: Headers = redeemer.writeHeaders) {
  const reviewed = await review(cartId, target, headers);
  if (reviewed.statusCode !== 200) return reviewed;
  return complete(cartId, target, reviewed.json().reviewToken, headers);
}

function newOrganization(overrides: Record<string, unknown> = {}) {
  return {
    newOrganization: {
      country: 'JP',
      name: 'Redeemed KK',
      administrator: { name: 'Hanako Yamada', email: `hanako-${Date.now()}-${Math.random()}@example.com` },
      ...overrides,
    },
  };
}

async function keysFor(plan: TestPlanOptions = {}, keys: TestKeyOptions = {}) {
  const { planId } = await createTestPlan(t, plan);
  return { planId, ...(await createTestKeys(t, planId, keys)) };
}

async function keyState(id: string) {
  return t.ctx.database.db.selectFrom('product_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9faf]/;

/**
 * The code, the status, and in each language the title and the remedy SPEC §3's table gives
 * (`remedy`), each written in that language.
 */
async function assertBothLanguages(
  send: (headers: Headers) => Promise<{ statusCode: number; json(): any }>,
  pick: (body: any) => any,
  expected: { status: number; code: string; en: RegExp; ja: RegExp; remedy: { en: RegExp; ja: RegExp } },
) {
  for (const language of ['en', 'ja'] as const) {
    const response = await send({ ...redeemer.writeHeaders, 'accept-language': language });
    const problem = pick(response.json());
    assert.equal(problem?.code, expected.code, JSON.stringify(response.json()));
    assert.equal(problem.status, expected.status);
    assert.match(problem.title, expected[language]);
    assert.equal(typeof problem.detail, 'string', `${expected.code} gives its remedy`);
    assert.match(problem.detail, expected.remedy[language]);
    for (const text of [problem.title, problem.detail]) {
      if (language === 'ja') assert.match(text, JAPANESE, `${expected.code} in Japanese: ${text}`);
      else assert.doesNotMatch(text, JAPANESE, `${expected.code} in English: ${text}`);
    }
  }
}

/** SPEC §3's remedies. */
const REMEDY = {
  compareWithCard: { en: /Compare each character with the card \(O and 0, S and 5.*contact the seller/, ja: /カードの文字と 1 文字ずつ見比べてください.*販売店/ },
  checkTheList: { en: /Check the list of entered keys/, ja: /入力済みのキーの一覧を確認/ },
  contactSupport: { en: /Contact support/, ja: /サポートにお問い合わせ/ },
  whoUsedIt: { en: /Check who in your organization used it; otherwise contact the seller/, ja: /組織内のどなたが使用したか.*販売店/ },
  contactSeller: { en: /Contact the seller/, ja: /販売店にお問い合わせ/ },
  reasonNamed: { en: /Nothing was consumed/, ja: /キーは消費されていません/ },
  fixAndRetry: { en: /Nothing was consumed\. Correct the details and try again/, ja: /キーは消費されていません。入力内容を修正/ },
  reviewAgain: { en: /Nothing was consumed\. Review the order again/, ja: /キーは消費されていません。もう一度内容を確認/ },
} as const;

describe('redeeming into a new organization', () => {
  test('creates the organization, its global admin with a seat, and the subscription; the key is consumed', async () => {
    const { keys, planId } = await keysFor({ termMonths: 12 }, { seats: 5 });
    const cartId = await newCart();
    const added = await addKeys(cartId, [keys[0]!.key.toLowerCase().replaceAll('-', ' ')]);
    assert.equal(added.statusCode, 200, added.body);
    assert.equal(added.json().results[0].ok, true);
    assert.equal(added.json().cart.items.length, 1);

    const target = newOrganization({ administrator: { name: 'Taro', email: 'taro-new@example.com' } });
    const reviewed = await review(cartId, target);
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    const plan = reviewed.json();
    assert.equal(plan.organization.id, null);
    assert.equal(plan.organization.timeZone, 'Asia/Tokyo');
    assert.equal(plan.effects[0].effect, 'subscription_created');
    // Clock: 2026-11-21T00:30Z is 09:30 on Nov 21 in Tokyo; a year's term ends Nov 20, 2027.
    assert.equal(plan.effects[0].startDate, '2026-11-21');
    assert.equal(plan.effects[0].endDate, '2027-11-20');
    assert.equal((await keyState(keys[0]!.id)).state, 'unused', 'the review consumed nothing');

    const completed = await complete(cartId, target, plan.reviewToken);
    assert.equal(completed.statusCode, 201, completed.body);
    const body = completed.json();
    assert.equal(body.organizationCreated, true);
    assert.deepEqual(body.effects, plan.effects.map((e: object) => ({ ...e, subscriptionId: body.effects[0].subscriptionId })));
    const organizationId = body.organization.id;
    const key = await keyState(keys[0]!.id);
    assert.equal(key.state, 'redeemed');
    assert.equal(key.redeemed_organization_id, organizationId);
    assert.equal(key.subscription_id, body.effects[0].subscriptionId);
    assert.equal(key.redeemed_by_user_id, redeemer.userId);
    const db = t.ctx.database.db;
    const roles = await db.selectFrom('memberships').select('role').where('organization_id', '=', organizationId).where('user_id', '=', body.administratorUserId).execute();
    assert.deepEqual(roles.map((r) => r.role), ['global_admin']);
    const seats = await db.selectFrom('seat_assignments').selectAll().where('organization_id', '=', organizationId).execute();
    assert.deepEqual(seats.map((s) => [s.plan_id, s.user_id]), [[planId, body.administratorUserId]]);
    const audit = await db.selectFrom('audit_events').select('action').where('organization_id', '=', organizationId).execute();
    for (const action of ['organization.created', 'member.added', 'subscription.created', 'product_key.redeemed', 'seat.assigned']) {
      assert.ok(audit.some((a) => a.action === action), `audit has ${action}`);
    }
    const events = await db.selectFrom('outbox_events').select('type').where('organization_id', '=', organizationId).execute();
    assert.ok(events.some((e) => e.type === 'redemption.completed'));
    const cart = await t.inject({ method: 'GET', url: `/v1/redemption-carts/${cartId}`, headers: redeemer.headers });
    assert.equal(cart.json().state, 'completed');
  });

  test('the redeemer naming themselves as administrator becomes its global admin', async () => {
    const { keys } = await keysFor();
    const cartId = await newCart();
    await addKeys(cartId, [keys[0]!.key]);
    const completed = await redeem(cartId, newOrganization({ administrator: { name: 'Me', email: redeemer.email.toUpperCase() } }));
    assert.equal(completed.statusCode, 201, completed.body);
    assert.equal(completed.json().administratorUserId, redeemer.userId);
  });
});

test("each key in the list names where its plan is sold and to whom (the new-organization form offers only those)", async () => {
  const { keys } = await keysFor({ countries: ['JP', 'SG'], segments: ['commercial', 'education'] });
  const cartId = await newCart();
  const added = await addKeys(cartId, [keys[0]!.key]);
  assert.equal(added.statusCode, 200, added.body);
  const item = added.json().cart.items[0];
  assert.deepEqual(item.plan.countries, ['JP', 'SG']);
  assert.deepEqual(item.plan.segments, ['commercial', 'education']);
  const resumed = await t.inject({ method: 'GET', url: `/v1/redemption-carts/${cartId}`, headers: redeemer.headers });
  assert.deepEqual(resumed.json().items[0].plan, item.plan);
});

test('keys of a batch made through the key-batch API redeem through the redemption API', async () => {
  const vendor = await createOrg(t, { kind: 'vendor', name: 'Vendor' });
  const vendorAdmin = await createActor(t, vendor.id, ['vendor_admin']);
  const { planId } = await createTestPlan(t);
  const made = await t.inject({
    method: 'POST',
    url: '/v1/key-batches',
    headers: vendorAdmin.writeHeaders,
    payload: { planId, kind: 'subscription', quantity: 2, seatsPerKey: 3, redeemBy: '2027-03-31' },
  });
  assert.equal(made.statusCode, 201, made.body);
  const [first, second] = made.json().keys as string[];
  const cartId = await newCart();
  const added = await addKeys(cartId, [first!, second!]);
  assert.deepEqual(added.json().results.map((r: { ok: boolean }) => r.ok), [true, true]);
  const completed = await redeem(cartId, newOrganization());
  assert.equal(completed.statusCode, 201, completed.body);
  assert.deepEqual(completed.json().effects.map((e: { seats: number }) => e.seats), [3, 3]);
  const batch = await t.inject({ method: 'GET', url: `/v1/key-batches/${made.json().batch.id}`, headers: vendorAdmin.headers });
  assert.equal(batch.json().counts.redeemed, 2);
});

describe('redeeming into an existing organization', () => {
  test('a billing admin may; subscription, added seats and a renewal apply in one completion', async () => {
    const org = await createOrg(t);
    const billing = await createActor(t, org.id, ['billing_admin']);
    const { planId } = await createTestPlan(t, { termMonths: 12 });
    const subscriptionKey = (await createTestKeys(t, planId, { seats: 3 })).keys[0]!;
    const seatsKey = (await createTestKeys(t, planId, { kind: 'add_seats', seats: 2 })).keys[0]!;
    const renewalKey = (await createTestKeys(t, planId, { kind: 'renewal' })).keys[0]!;
    const cartId = await newCart(billing);
    // Entered in the "wrong" order: the subscription still applies first.
    const added = await addKeys(cartId, [renewalKey.key, seatsKey.key, subscriptionKey.key], billing.writeHeaders);
    assert.deepEqual(added.json().results.map((r: { ok: boolean }) => r.ok), [true, true, true]);
    const completed = await redeem(cartId, { organizationId: org.id }, billing.writeHeaders);
    assert.equal(completed.statusCode, 201, completed.body);
    const effects = completed.json().effects;
    assert.deepEqual(effects.map((e: { effect: string }) => e.effect), ['subscription_created', 'seats_added', 'renewed']);
    const last = effects[2];
    assert.equal(last.seats, 5);
    assert.equal(last.startDate, '2026-11-21', 'the renewal continues the same subscription');
    assert.equal(last.endDate, '2028-11-20', 'renewed on the day of purchase: one more term after E');
    assert.equal(completed.json().administratorUserId, null);
    const seats = await t.ctx.database.db.selectFrom('seat_assignments').selectAll().where('organization_id', '=', org.id).execute();
    assert.equal(seats.length, 0, 'no automatic seat in an existing organization');
  });

  test('a trial key starts a trial of the plan\'s trial length', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const { keys } = await keysFor({ category: 'trial', trialDays: 30 }, { kind: 'trial' });
    const cartId = await newCart(admin);
    await addKeys(cartId, [keys[0]!.key], admin.writeHeaders);
    const completed = await redeem(cartId, { organizationId: org.id }, admin.writeHeaders);
    assert.equal(completed.statusCode, 201, completed.body);
    assert.equal(completed.json().effects[0].effect, 'trial_started');
    assert.equal(completed.json().effects[0].endDate, '2026-12-20');
  });
});

describe('the error table of SPEC §3', () => {
  test('KEY_INVALID: malformed, check failed, or unknown (422 in each key\'s result)', async () => {
    const cartId = await newCart();
    const { keys } = await keysFor();
    const valid = keys[0]!.key;
    const typo = valid.slice(0, -1) + (valid.endsWith('B') ? 'C' : 'B');
    const cases = ['ABC', valid.replace(/^./, '0'), typo];
    const response = await addKeys(cartId, cases);
    const problems = response.json().results.map((r: { problem: { code: string; problem: string; positions?: number[] } }) => r.problem);
    assert.deepEqual(problems.map((p: { code: string }) => p.code), ['KEY_INVALID', 'KEY_INVALID', 'KEY_INVALID']);
    assert.deepEqual(problems.map((p: { problem: string }) => p.problem), ['WRONG_LENGTH', 'BAD_CHARACTERS', 'CHECK_FAILED']);
    assert.deepEqual(problems[1].positions, [1]);
    const expectations = [
      { key: 'ABC', en: /not valid: a product key has 25 characters; this has 3\./, ja: /無効です: プロダクト キーは 25 文字ですが、入力は 3 文字です/ },
      { key: valid.replace(/^./, '0'), en: /never contain the character\(s\) at position\(s\) 1 \(0\)/, ja: /1 \(0\) 文字目はプロダクト キーに使われない文字です/ },
      { key: typo, en: /check characters do not match: probably a typo/, ja: /チェック文字が一致しません。入力ミスの可能性があります/ },
    ];
    for (const { key, en, ja } of expectations) {
      await assertBothLanguages((h) => addKeys(cartId, [key], h), (b) => b.results[0].problem, { status: 422, code: 'KEY_INVALID', en, ja, remedy: REMEDY.compareWithCard });
    }
    const { generateKey } = await import('@licentia/core/keys');
    await assertBothLanguages((h) => addKeys(cartId, [generateKey()], h), (b) => b.results[0].problem, {
      status: 422, code: 'KEY_INVALID', en: /not valid: no such key was issued/, ja: /無効です: このキーは発行されていません/, remedy: REMEDY.compareWithCard,
    });
    assert.equal(response.json().cart.items.length, 0);
  });

  test('KEY_ALREADY_ENTERED (409)', async () => {
    const { keys } = await keysFor();
    const cartId = await newCart();
    await addKeys(cartId, [keys[0]!.key]);
    await assertBothLanguages((h) => addKeys(cartId, [keys[0]!.key], h), (b) => b.results[0].problem, {
      status: 409, code: 'KEY_ALREADY_ENTERED', en: /already in the list/, ja: /すでに一覧に入力されています/, remedy: REMEDY.checkTheList,
    });
    const twice = await addKeys(await newCart(), [keys[0]!.key, keys[0]!.key.toLowerCase()]);
    assert.deepEqual(twice.json().results.map((r: { ok: boolean; problem?: { code: string } }) => r.ok || r.problem!.code), [true, 'KEY_ALREADY_ENTERED']);
  });

  test('KEY_EXPIRED (422) after the redeem-by day', async () => {
    const { keys } = await keysFor({}, { redeemBy: '2026-11-20' });
    const cartId = await newCart();
    await assertBothLanguages((h) => addKeys(cartId, [keys[0]!.key], h), (b) => b.results[0].problem, {
      status: 422, code: 'KEY_EXPIRED', en: /only until 2026-11-20/, ja: /使用期限 \(2026-11-20\)/, remedy: REMEDY.contactSupport,
    });
  });

  test('KEY_ALREADY_USED (409), saying whether by the caller\'s organization', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const { keys } = await keysFor();
    const first = await newCart(admin);
    await addKeys(first, [keys[0]!.key], admin.writeHeaders);
    assert.equal((await redeem(first, { organizationId: org.id }, admin.writeHeaders)).statusCode, 201);

    const mine = await addKeys(await newCart(admin), [keys[0]!.key], admin.writeHeaders);
    assert.equal(mine.json().results[0].problem.usedByThisOrganization, true);
    assert.match(mine.json().results[0].problem.title, /by your organization/);
    const cartId = await newCart();
    await assertBothLanguages((h) => addKeys(cartId, [keys[0]!.key], h), (b) => b.results[0].problem, {
      status: 409, code: 'KEY_ALREADY_USED', en: /already been used by another organization/, ja: /別の組織ですでに使用されています/, remedy: REMEDY.whoUsedIt,
    });
  });

  test('KEY_REVOKED (422), for a revoked key or batch', async () => {
    const { keys, batchId } = await keysFor({}, { quantity: 2 });
    const db = t.ctx.database.db;
    await db.updateTable('product_keys').set({ state: 'revoked', revoked_at: '2026-11-20T00:00:00.000Z' }).where('id', '=', keys[0]!.id).execute();
    const cartId = await newCart();
    await assertBothLanguages((h) => addKeys(cartId, [keys[0]!.key], h), (b) => b.results[0].problem, {
      status: 422, code: 'KEY_REVOKED', en: /revoked by the vendor/, ja: /無効にされています/, remedy: REMEDY.contactSeller,
    });
    await db.updateTable('key_batches').set({ revoked_at: '2026-11-20T00:00:00.000Z' }).where('id', '=', batchId).execute();
    assert.equal((await addKeys(cartId, [keys[1]!.key])).json().results[0].problem.code, 'KEY_REVOKED');
  });

  test('TEMPORARILY_UNAVAILABLE (503 with Retry-After): a transient failure consumes nothing', async () => {
    const { keys } = await keysFor();
    const cartId = await newCart();
    await addKeys(cartId, [keys[0]!.key]);
    const target = newOrganization();
    const token = (await review(cartId, target)).json().reviewToken;
    t.ctx.failpoints.set('redemption.after-keys-claimed', () => {
      throw Object.assign(new Error('the database went away'), { code: 'ECONNREFUSED' });
    });
    try {
      for (const [language, pattern] of [['en', /temporarily unavailable/], ['ja', /一時的に利用できません/]] as const) {
        const response = await complete(cartId, target, token, { ...redeemer.writeHeaders, 'accept-language': language });
        assert.equal(response.statusCode, 503);
        assert.equal(response.json().code, 'TEMPORARILY_UNAVAILABLE');
        assert.match(response.json().title, pattern);
        assert.match(response.json().detail, language === 'en' ? /Retry later/ : /しばらくしてから再試行/);
        assert.ok(Number(response.headers['retry-after']) >= 1);
      }
    } finally {
      t.ctx.failpoints.clear('redemption.after-keys-claimed');
    }
    assert.equal((await keyState(keys[0]!.id)).state, 'unused');
    assert.equal((await complete(cartId, target, token)).statusCode, 201, 'the retry works');
  });

  test('SUBSCRIPTION_UNAVAILABLE (422): the segment, the country, a trial used before — the reason named', async () => {
    const education = await keysFor({ segments: ['commercial'] });
    let cartId = await newCart();
    await addKeys(cartId, [education.keys[0]!.key]);
    await assertBothLanguages((h) => review(cartId, newOrganization({ segment: 'education' }), h), (b) => b, {
      status: 422, code: 'SUBSCRIPTION_UNAVAILABLE', en: /not sold to education organizations/, ja: /education 向けの組織には販売されていません/, remedy: REMEDY.reasonNamed,
    });
    const japanOnly = await keysFor({ countries: ['JP'] });
    cartId = await newCart();
    await addKeys(cartId, [japanOnly.keys[0]!.key]);
    await assertBothLanguages((h) => review(cartId, newOrganization({ country: 'US' }), h), (b) => b, {
      status: 422, code: 'SUBSCRIPTION_UNAVAILABLE', en: /not sold in US/, ja: /US では販売されていません/, remedy: REMEDY.reasonNamed,
    });
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const { planId } = await createTestPlan(t, { category: 'trial', trialDays: 14 });
    const trials = await createTestKeys(t, planId, { kind: 'trial', quantity: 2 });
    cartId = await newCart(admin);
    await addKeys(cartId, [trials.keys[0]!.key], admin.writeHeaders);
    assert.equal((await redeem(cartId, { organizationId: org.id }, admin.writeHeaders)).statusCode, 201);
    cartId = await newCart(admin);
    await addKeys(cartId, [trials.keys[1]!.key], admin.writeHeaders);
    const again = await review(cartId, { organizationId: org.id }, admin.writeHeaders);
    assert.equal(again.json().code, 'SUBSCRIPTION_UNAVAILABLE');
    assert.equal(again.json().reason, 'TRIAL_ALREADY_USED');
    assert.match(again.json().title, /already used its trial/);
  });

  test('SEAT_LIMIT_EXCEEDED (422) when the plan\'s maximum would be passed', async () => {
    const org = await createOrg(t);
    const admin = await createActor(t, org.id, ['global_admin']);
    const { planId } = await createTestPlan(t, { maxSeatsPerSubscription: 10 });
    const base = (await createTestKeys(t, planId, { seats: 8 })).keys[0]!;
    const extra = (await createTestKeys(t, planId, { kind: 'add_seats', seats: 5 })).keys[0]!;
    const cartId = await newCart(admin);
    await addKeys(cartId, [base.key, extra.key], admin.writeHeaders);
    for (const [language, pattern] of [['en', /at most 10 seats; this would make 13/], ['ja', /最大 10 です。この操作では 13/]] as const) {
      const response = await review(cartId, { organizationId: org.id }, { ...admin.writeHeaders, 'accept-language': language });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().code, 'SEAT_LIMIT_EXCEEDED');
      assert.match(response.json().title, pattern);
      assert.match(response.json().detail, language === 'en' ? /fewer seats/ : /座席数の少ないキー/);
    }
  });

  test('ROLE_REQUIRED (403) for a member who is not global or billing admin', async () => {
    const org = await createOrg(t);
    const member = await createActor(t, org.id, ['member', 'license_admin']);
    const { keys } = await keysFor();
    const cartId = await newCart(member);
    await addKeys(cartId, [keys[0]!.key], member.writeHeaders);
    for (const [language, title, remedy] of [
      ['en', /requires one of these roles: global_admin, billing_admin/, /Ask an administrator who has one of these roles/],
      ['ja', /この操作には次のいずれかの役割が必要です: global_admin, billing_admin/, /これらの役割を持つ管理者に依頼してください/],
    ] as const) {
      const response = await review(cartId, { organizationId: org.id }, { ...member.writeHeaders, 'accept-language': language });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().code, 'ROLE_REQUIRED');
      assert.match(response.json().title, title);
      assert.match(response.json().detail, remedy);
    }
    const outsider = await review(cartId, { organizationId: (await createOrg(t)).id }, member.writeHeaders);
    assert.equal(outsider.statusCode, 404, 'an organization the caller is not in is not found');
    assert.equal((await keyState(keys[0]!.id)).state, 'unused');
  });

  test('ACCOUNT_CREATION_FAILED (422): invalid data for the new organization; nothing consumed', async () => {
    const { keys } = await keysFor();
    const cartId = await newCart();
    await addKeys(cartId, [keys[0]!.key]);
    await assertBothLanguages((h) => review(cartId, newOrganization({ administrator: { name: 'X', email: 'not-an-email' } }), h), (b) => b, {
      status: 422, code: 'ACCOUNT_CREATION_FAILED', en: /could not be created/, ja: /作成できませんでした/, remedy: REMEDY.fixAndRetry,
    });
    const before = await t.ctx.database.db.selectFrom('organizations').select('id').execute();
    const target = newOrganization({ administrator: { name: 'X', email: 'still not an email' } });
    const response = await complete(cartId, target, 'any');
    assert.equal(response.statusCode, 409, 'a completion without a matching review is refused first');
    assert.equal((await t.ctx.database.db.selectFrom('organizations').select('id').execute()).length, before.length);
    assert.equal((await keyState(keys[0]!.id)).state, 'unused');
  });

  test('ORDER_NOT_PROCESSED (409): a key changed state between review and complete', async () => {
    const { keys } = await keysFor();
    const cartId = await newCart();
    await addKeys(cartId, [keys[0]!.key]);
    const target = newOrganization();
    const token = (await review(cartId, target)).json().reviewToken;
    await t.ctx.database.db.updateTable('product_keys').set({ state: 'revoked' }).where('id', '=', keys[0]!.id).execute();
    await assertBothLanguages((h) => complete(cartId, target, token, h), (b) => b, {
      status: 409, code: 'ORDER_NOT_PROCESSED', en: /changed since the review/, ja: /状態が変わった/, remedy: REMEDY.reviewAgain,
    });
    assert.equal((await keyState(keys[0]!.id)).state, 'revoked');
  });

  test('repeated failed entries are limited per address and organization: 429 with Retry-After', async () => {
    const limited = await createTestApp({ keyEntryFailureLimit: 3 });
    try {
      const org = await createOrg(limited);
      const person = await createActor(limited, org.id, ['global_admin']);
      const cart = await limited.inject({ method: 'POST', url: '/v1/redemption-carts', headers: person.writeHeaders });
      const cartId = cart.json().id;
      const bad = () => limited.inject({ method: 'POST', url: `/v1/redemption-carts/${cartId}/keys`, headers: person.writeHeaders, payload: { keys: ['BCDFG-HJKMP-QRTVW-XY234-6789B'] } });
      for (let i = 0; i < 3; i++) assert.equal((await bad()).statusCode, 200);
      const refused = await bad();
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().code, 'RATE_LIMITED');
      assert.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 600);
      // Another person of the same organization, from another address, is limited too.
      const colleague = await createActor(limited, org.id, ['global_admin']);
      const theirCart = (await limited.inject({ method: 'POST', url: '/v1/redemption-carts', headers: colleague.writeHeaders })).json().id;
      const fromElsewhere = await limited.inject({ method: 'POST', url: `/v1/redemption-carts/${theirCart}/keys`, headers: colleague.writeHeaders, remoteAddress: '10.9.8.7', payload: { keys: ['x'] } });
      assert.equal(fromElsewhere.statusCode, 429);
      limited.clock.advance({ minutes: 10 });
      const later = await createActor(limited, org.id, ['global_admin']);
      const laterCart = (await limited.inject({ method: 'POST', url: '/v1/redemption-carts', headers: later.writeHeaders })).json().id;
      assert.equal((await limited.inject({ method: 'POST', url: `/v1/redemption-carts/${laterCart}/keys`, headers: later.writeHeaders, payload: { keys: ['x'] } })).statusCode, 200);
    } finally {
      await limited.close();
    }
  });
});

describe('carts', () => {
  test('belong to their owner, expire after 24 hours, and an abandoned cart consumes nothing', async () => {
    const { keys } = await keysFor();
    const cartId = await newCart();
    await addKeys(cartId, [keys[0]!.key]);
    const stranger = await createActor(t, (await createOrg(t)).id, ['global_admin']);
    assert.equal((await t.inject({ method: 'GET', url: `/v1/redemption-carts/${cartId}`, headers: stranger.headers })).statusCode, 404);
    assert.equal((await addKeys(cartId, ['x'], stranger.writeHeaders)).statusCode, 404);
    t.clock.advance({ hours: 23, minutes: 59 });
    // Sessions last 12 hours: sign in again (and again below).
    redeemer = { ...redeemer, ...(await signInAs(t, redeemer.userId)) };
    assert.equal((await t.inject({ method: 'GET', url: `/v1/redemption-carts/${cartId}`, headers: redeemer.headers })).json().state, 'open');
    t.clock.advance({ minutes: 2 });
    redeemer = { ...redeemer, ...(await signInAs(t, redeemer.userId)) };
    assert.equal((await t.inject({ method: 'GET', url: `/v1/redemption-carts/${cartId}`, headers: redeemer.headers })).json().state, 'expired');
    const late = await review(cartId, newOrganization());
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'CART_CLOSED');
    assert.equal((await keyState(keys[0]!.id)).state, 'unused');
    const another = await newCart();
    assert.equal((await addKeys(another, [keys[0]!.key])).json().results[0].ok, true, 'the key is free for another cart');
  });
});
