import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from './policy.ts';
import { isRenewable, lastRenewableDay, renewalStart, renewalTerm } from './renewal.ts';
import { subscriptionState } from './state.ts';
import { TERM_MONTHS, nthTermEnd, nthTermStart } from './terms.ts';

const d = (s: string) => Temporal.PlainDate.from(s);
const E = d('2026-06-30');
const start = (days: number, policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY) =>
  renewalStart({ endDate: E, renewalDay: E.add({ days }), policy });

test('renewed while active (early) or in grace: the new term starts E+1', () => {
  for (const days of [-200, -1, 0, 1, 30]) {
    assert.deepEqual(start(days), { renewable: true, start: d('2026-07-01'), basis: 'continues' }, `E${days >= 0 ? '+' : ''}${days}`);
  }
});

test('renewed while disabled: the new term starts on the renewal day', () => {
  assert.deepEqual(start(31), { renewable: true, start: E.add({ days: 31 }), basis: 'restarts' });
  assert.deepEqual(start(120), { renewable: true, start: E.add({ days: 120 }), basis: 'restarts' });
});

test('deleted: not renewable, only bought anew', () => {
  assert.deepEqual(start(121), { renewable: false, code: 'SUBSCRIPTION_DELETED', lastRenewableDay: E.add({ days: 120 }) });
  assert.equal(isRenewable({ endDate: E, renewalDay: E.add({ days: 121 }), policy: DEFAULT_LIFECYCLE_POLICY }), false);
  assert.equal(isRenewable({ endDate: E, renewalDay: E.add({ days: 120 }), policy: DEFAULT_LIFECYCLE_POLICY }), true);
});

test('cancelled: not renewable', () => {
  const result = renewalStart({ endDate: E, renewalDay: d('2026-03-01'), cancelledOn: d('2026-01-10'), policy: DEFAULT_LIFECYCLE_POLICY });
  assert.deepEqual(result, { renewable: false, code: 'SUBSCRIPTION_CANCELLED', lastRenewableDay: null });
});

test('consumer plan: E+1 onwards restarts on the renewal day, up to 2 years after E', () => {
  const p = CONSUMER_LIFECYCLE_POLICY;
  assert.deepEqual(start(0, p), { renewable: true, start: E.add({ days: 1 }), basis: 'continues' });
  assert.deepEqual(start(1, p), { renewable: true, start: E.add({ days: 1 }), basis: 'restarts' });
  // Data is gone after E+90, yet the subscription can still be renewed inside the window.
  assert.equal(subscriptionState({ endDate: E, policy: p, today: E.add({ days: 500 }) }), 'deleted');
  assert.deepEqual(start(500, p), { renewable: true, start: E.add({ days: 500 }), basis: 'restarts' });
  assert.deepEqual(start(730, p), { renewable: true, start: E.add({ days: 730 }), basis: 'restarts' });
  assert.deepEqual(start(731, p), { renewable: false, code: 'RENEWAL_WINDOW_PASSED', lastRenewableDay: E.add({ days: 730 }) });
});

test('a renewal window shorter than grace + disabled never removes the right to reactivate', () => {
  const policy: LifecyclePolicy = { ...DEFAULT_LIFECYCLE_POLICY, renewalWindowDays: 10 };
  assert.equal(lastRenewableDay(E, policy).toString(), E.add({ days: 120 }).toString());
});

test('renewalTerm keeps the anchor day when continuing (anchored on the 31st)', () => {
  // Term Jan 31 – Feb 27, 2026; continuing starts Feb 28 and must end Mar 30, not Mar 27.
  const term = renewalTerm({ endDate: d('2026-02-27'), renewalDay: d('2026-02-20'), months: 1, anchorDay: 31, policy: DEFAULT_LIFECYCLE_POLICY });
  assert.deepEqual(term, { renewable: true, basis: 'continues', start: d('2026-02-28'), end: d('2026-03-30'), anchorDay: 31 });
});

test('renewalTerm re-anchors on the renewal day when restarting', () => {
  const term = renewalTerm({ endDate: E, renewalDay: d('2026-08-31'), months: 12, anchorDay: 1, policy: DEFAULT_LIFECYCLE_POLICY });
  assert.deepEqual(term, { renewable: true, basis: 'restarts', start: d('2026-08-31'), end: d('2027-08-30'), anchorDay: 31 });
  const refused = renewalTerm({ endDate: E, renewalDay: E.add({ days: 121 }), months: 12, anchorDay: 1, policy: DEFAULT_LIFECYCLE_POLICY });
  assert.equal(refused.renewable, false);
});

test('property: a renewal in time never loses or double-counts a day', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 70_000 }).map((n) => d('1990-01-01').add({ days: n })),
      fc.constantFrom(...TERM_MONTHS),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: -400, max: 30 }),
      (anchor, months, n, renewalOffset) => {
        const endDate = nthTermEnd(anchor, n, months);
        const term = renewalTerm({ endDate, renewalDay: endDate.add({ days: renewalOffset }), months, anchorDay: anchor.day, policy: DEFAULT_LIFECYCLE_POLICY });
        assert.ok(term.renewable);
        assert.equal(term.start.toString(), nthTermStart(anchor, n + 1, months).toString());
        assert.equal(term.end.toString(), nthTermEnd(anchor, n + 1, months).toString());
      },
    ),
  );
});
