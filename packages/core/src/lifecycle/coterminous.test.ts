import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import {
  checkCoterminousEligibility,
  coterminousEnd,
  coterminousPrice,
  planCoterminousPurchase,
  type CoterminousRequest,
} from './coterminous.ts';
import { TERM_MONTHS, shiftMonthsKeepingAnchor } from './terms.ts';

const d = (s: string) => Temporal.PlainDate.from(s);

const valid: CoterminousRequest = {
  purchase: 'new_subscription',
  organizationId: 'org-1',
  newPlan: { category: 'standard', termMonths: 12 },
  newStart: d('2026-05-10'),
  target: { organizationId: 'org-1', category: 'standard', termMonths: 12, state: 'active', endDate: d('2026-12-31') },
};

test('eligible request: aligned to the target end date, first term prorated by started months', () => {
  const plan = planCoterminousPurchase(valid);
  assert.ok(plan.ok);
  assert.equal(plan.term.end.toString(), '2026-12-31');
  assert.equal(plan.term.nextTermStart.toString(), '2027-01-01');
  assert.equal(plan.term.monthsCharged, 8); // May 10 … Dec 31: 7 whole months + a started one
  assert.equal(coterminousPrice({ pricePerSeatPerTerm: 12_000, seats: 2, termMonths: 12, monthsCharged: 8 }), 16_000);
});

test('every refused case has its own code', () => {
  const refuse = (change: Partial<CoterminousRequest>, target: Partial<CoterminousRequest['target']> = {}) =>
    checkCoterminousEligibility({ ...valid, ...change, target: { ...valid.target, ...target } });
  for (const purchase of ['seat_addition', 'renewal', 'mid_term_change'] as const) {
    assert.deepEqual(refuse({ purchase }), { ok: false, code: 'COTERMINOUS_NOT_FOR_CHANGES' });
  }
  assert.deepEqual(refuse({}, { organizationId: 'org-2' }), { ok: false, code: 'COTERMINOUS_TARGET_OTHER_ORGANIZATION' });
  for (const category of ['third_party', 'usage', 'trial'] as const) {
    assert.deepEqual(refuse({ newPlan: { category, termMonths: 12 } }), { ok: false, code: 'COTERMINOUS_CATEGORY_NOT_ALLOWED', side: 'new' });
    assert.deepEqual(refuse({}, { category }), { ok: false, code: 'COTERMINOUS_CATEGORY_NOT_ALLOWED', side: 'target' });
  }
  assert.deepEqual(refuse({ newPlan: { category: 'standard', termMonths: 24 } }), { ok: false, code: 'COTERMINOUS_TERM_NOT_ALLOWED', side: 'new' });
  assert.deepEqual(refuse({}, { termMonths: 6 }), { ok: false, code: 'COTERMINOUS_TERM_NOT_ALLOWED', side: 'target' });
  assert.deepEqual(refuse({}, { termMonths: 1 }), { ok: false, code: 'COTERMINOUS_MONTHLY_TARGET' });
  assert.deepEqual(refuse({ newPlan: { category: 'standard', termMonths: 36 } }, { termMonths: 1 }), { ok: false, code: 'COTERMINOUS_MONTHLY_TARGET' });
  for (const state of ['expired', 'disabled', 'deleted', 'cancelled'] as const) {
    assert.deepEqual(refuse({}, { state }), { ok: false, code: 'COTERMINOUS_TARGET_NOT_ACTIVE' });
  }
  assert.deepEqual(refuse({ newStart: d('2027-01-01') }), { ok: false, code: 'COTERMINOUS_TARGET_ENDED' });
  assert.deepEqual(planCoterminousPurchase({ ...valid, purchase: 'renewal' }), { ok: false, code: 'COTERMINOUS_NOT_FOR_CHANGES' });
});

test('a new monthly may align to an annual or a monthly', () => {
  const monthly = { category: 'standard', termMonths: 1 } as const;
  assert.deepEqual(checkCoterminousEligibility({ ...valid, newPlan: monthly }), { ok: true });
  assert.deepEqual(checkCoterminousEligibility({ ...valid, newPlan: monthly, target: { ...valid.target, termMonths: 1 } }), { ok: true });
});

test('multi-year target: a new annual ends on the target next anniversary', () => {
  const t = coterminousEnd({ newStart: d('2026-05-10'), newTermMonths: 12, targetEndDate: d('2028-03-31') });
  assert.equal(t.end.toString(), '2027-03-31');
  assert.equal(t.monthsCharged, 11);
  // A new 3-year aligned to the same target ends with it.
  const t3 = coterminousEnd({ newStart: d('2026-05-10'), newTermMonths: 36, targetEndDate: d('2028-03-31') });
  assert.equal(t3.end.toString(), '2028-03-31');
  assert.equal(t3.monthsCharged, 23);
});

test('a new 3-year aligned to an annual ends on the annual end date', () => {
  const t = coterminousEnd({ newStart: d('2026-05-10'), newTermMonths: 36, targetEndDate: d('2026-12-31') });
  assert.equal(t.end.toString(), '2026-12-31');
  assert.equal(t.monthsCharged, 8);
});

test('a new monthly ends on the target next monthly anniversary, keeping the target anchor day', () => {
  const t = coterminousEnd({ newStart: d('2026-05-10'), newTermMonths: 1, targetEndDate: d('2026-12-31') });
  assert.equal(t.end.toString(), '2026-05-31');
  assert.equal(t.monthsCharged, 1);
  // Target anchored on the 31st whose current term ends Mar 30 (next start Mar 31).
  const c = coterminousEnd({ newStart: d('2026-02-28'), newTermMonths: 1, targetEndDate: d('2026-03-30'), targetAnchorDay: 31 });
  assert.deepEqual(c, { start: d('2026-02-28'), end: d('2026-03-30'), nextTermStart: d('2026-03-31'), anchorDay: 31, monthsCharged: 1 });
});

test('starting exactly on an anniversary gives a full first term', () => {
  const t = coterminousEnd({ newStart: d('2026-01-01'), newTermMonths: 12, targetEndDate: d('2026-12-31') });
  assert.equal(t.end.toString(), '2026-12-31');
  assert.equal(t.monthsCharged, 12);
});

test('coterminousPrice rounds half up and rejects impossible month counts', () => {
  assert.equal(coterminousPrice({ pricePerSeatPerTerm: 1000, seats: 1, termMonths: 36, monthsCharged: 1 }), 28); // 27.78
  assert.equal(coterminousPrice({ pricePerSeatPerTerm: 6, seats: 1, termMonths: 12, monthsCharged: 1 }), 1); // 0.5
  assert.throws(() => coterminousPrice({ pricePerSeatPerTerm: 1000, seats: 1, termMonths: 12, monthsCharged: 13 }), RangeError);
  assert.throws(() => coterminousPrice({ pricePerSeatPerTerm: 1000, seats: 1, termMonths: 12, monthsCharged: 0 }), RangeError);
});

test('property: the first term ends on an anniversary of the target, within one term, months 1…N', () => {
  const dateArb = fc.integer({ min: 0, max: 60_000 }).map((n) => d('2000-01-01').add({ days: n }));
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 1200 }), fc.constantFrom(...TERM_MONTHS), (newStart, ahead, months) => {
      const targetEndDate = newStart.add({ days: ahead });
      const t = coterminousEnd({ newStart, newTermMonths: months, targetEndDate });
      const targetNext = targetEndDate.add({ days: 1 });
      assert.ok(Temporal.PlainDate.compare(t.start, t.end) <= 0);
      assert.ok(Temporal.PlainDate.compare(t.end, targetEndDate) <= 0);
      assert.equal(t.end.add({ days: 1 }).toString(), t.nextTermStart.toString());
      assert.ok(t.monthsCharged >= 1 && t.monthsCharged <= months);
      // One term earlier is not after the start: the first term is at most one full term.
      assert.ok(Temporal.PlainDate.compare(shiftMonthsKeepingAnchor(t.nextTermStart, -months, t.anchorDay), newStart) <= 0);
      // nextTermStart is the target's next start minus a whole number of new terms.
      let k = 0;
      while (Temporal.PlainDate.compare(shiftMonthsKeepingAnchor(targetNext, -k * months, t.anchorDay), t.nextTermStart) > 0) k += 1;
      assert.equal(shiftMonthsKeepingAnchor(targetNext, -k * months, t.anchorDay).toString(), t.nextTermStart.toString());
    }),
  );
});
