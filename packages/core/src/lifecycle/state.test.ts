import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from './policy.ts';
import { startOfLocalDay } from './local-time.ts';
import {
  SUBSCRIPTION_STATES,
  adminsHaveAccess,
  canAssignSeats,
  nextTransition,
  stateBoundaries,
  subscriptionState,
  subscriptionStateAt,
  usersHaveAccess,
} from './state.ts';

const d = (s: string) => Temporal.PlainDate.from(s);
const E = d('2026-06-30');
const on = (days: number) => E.add({ days });
const stateOn = (days: number, policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY) =>
  subscriptionState({ endDate: E, policy, today: on(days) });

test('default policy: every state boundary', () => {
  assert.equal(stateOn(-365), 'active');
  assert.equal(stateOn(0), 'active');
  assert.equal(stateOn(1), 'expired');
  assert.equal(stateOn(30), 'expired');
  assert.equal(stateOn(31), 'disabled');
  assert.equal(stateOn(120), 'disabled');
  assert.equal(stateOn(121), 'deleted');
  assert.equal(stateOn(5000), 'deleted');
});

test('stateBoundaries names the first day of each state', () => {
  const b = stateBoundaries(E, DEFAULT_LIFECYCLE_POLICY);
  assert.deepEqual([b.expiredFrom, b.disabledFrom, b.deletedFrom].map(String), ['2026-07-01', '2026-07-31', '2026-10-29']);
});

test('consumer policy: no grace, disabled from E+1, deleted after 90 days', () => {
  assert.equal(stateOn(0, CONSUMER_LIFECYCLE_POLICY), 'active');
  assert.equal(stateOn(1, CONSUMER_LIFECYCLE_POLICY), 'disabled');
  assert.equal(stateOn(90, CONSUMER_LIFECYCLE_POLICY), 'disabled');
  assert.equal(stateOn(91, CONSUMER_LIFECYCLE_POLICY), 'deleted');
});

test('cancelled from the cancellation day; data kept 90 more days, then deleted', () => {
  const cancelledOn = d('2026-01-05');
  const state = (today: string) => subscriptionState({ endDate: E, cancelledOn, policy: DEFAULT_LIFECYCLE_POLICY, today: d(today) });
  assert.equal(state('2026-01-04'), 'active', 'before the cancellation the dates decide');
  assert.equal(state('2026-01-05'), 'cancelled');
  assert.equal(state('2026-04-05'), 'cancelled'); // C+90
  assert.equal(state('2026-04-06'), 'deleted'); // C+91
});

test('a cancellation never prolongs retention beyond the end-date deletion', () => {
  const policy: LifecyclePolicy = { ...DEFAULT_LIFECYCLE_POLICY, cancelledRetentionDays: 1000 };
  const cancelledOn = E.subtract({ days: 3 });
  assert.equal(subscriptionState({ endDate: E, cancelledOn, policy, today: on(120) }), 'cancelled');
  assert.equal(subscriptionState({ endDate: E, cancelledOn, policy, today: on(121) }), 'deleted');
});

test('nextTransition says what happens next and when', () => {
  const next = (days: number, policy = DEFAULT_LIFECYCLE_POLICY) =>
    nextTransition({ endDate: E, policy, today: on(days) });
  assert.deepEqual(next(-10), { state: 'expired', on: on(1) });
  assert.deepEqual(next(0), { state: 'expired', on: on(1) });
  assert.deepEqual(next(1), { state: 'disabled', on: on(31) });
  assert.deepEqual(next(31), { state: 'deleted', on: on(121) });
  assert.equal(next(121), null);
  assert.deepEqual(next(0, CONSUMER_LIFECYCLE_POLICY), { state: 'disabled', on: on(1) });
  const cancelledOn = d('2026-01-05');
  assert.deepEqual(
    nextTransition({ endDate: E, cancelledOn, policy: DEFAULT_LIFECYCLE_POLICY, today: d('2026-01-01') }),
    { state: 'cancelled', on: cancelledOn },
  );
  assert.deepEqual(
    nextTransition({ endDate: E, cancelledOn, policy: DEFAULT_LIFECYCLE_POLICY, today: cancelledOn }),
    { state: 'deleted', on: d('2026-04-06') },
  );
});

const policyArb: fc.Arbitrary<LifecyclePolicy> = fc.record({
  graceDays: fc.integer({ min: 0, max: 60 }),
  disabledDays: fc.integer({ min: 0, max: 120 }),
  cancelledRetentionDays: fc.integer({ min: 0, max: 120 }),
}).map((p) => ({ ...DEFAULT_LIFECYCLE_POLICY, ...p }));

test('property: nextTransition agrees with subscriptionState on every day up to it', () => {
  fc.assert(
    fc.property(
      policyArb,
      fc.integer({ min: -60, max: 400 }),
      fc.option(fc.integer({ min: -200, max: 10 }), { nil: undefined }),
      (policy, todayOffset, cancelOffset) => {
        const cancelledOn = cancelOffset === undefined ? undefined : on(cancelOffset);
        const today = on(todayOffset);
        const current = subscriptionState({ endDate: E, cancelledOn, policy, today });
        const next = nextTransition({ endDate: E, cancelledOn, policy, today });
        if (next === null) {
          assert.equal(current, 'deleted');
          assert.equal(subscriptionState({ endDate: E, cancelledOn, policy, today: today.add({ days: 1000 }) }), 'deleted');
          return;
        }
        assert.notEqual(next.state, current);
        assert.equal(subscriptionState({ endDate: E, cancelledOn, policy, today: next.on }), next.state);
        assert.equal(subscriptionState({ endDate: E, cancelledOn, policy, today: next.on.subtract({ days: 1 }) }), current);
      },
    ),
  );
});

test('property: states only move forward (active → expired → disabled → deleted)', () => {
  const rank = { active: 0, expired: 1, disabled: 2, cancelled: 2, deleted: 3 } as const;
  fc.assert(
    fc.property(policyArb, fc.integer({ min: -60, max: 400 }), (policy, offset) => {
      const a = subscriptionState({ endDate: E, policy, today: on(offset) });
      const b = subscriptionState({ endDate: E, policy, today: on(offset + 1) });
      assert.ok(rank[a] <= rank[b], `${a} → ${b}`);
    }),
  );
});

test('transitions happen at local midnight, also on DST days', () => {
  const cases = [
    // E+1 is the New York spring-forward day: grace starts at 00:00 EST = 05:00Z.
    { zone: 'America/New_York', endDate: d('2026-03-07'), boundary: 1, before: 'active', after: 'expired', at: '2026-03-08T05:00:00Z' },
    // E+31 is the New York fall-back day: disabled from 00:00 EDT = 04:00Z.
    { zone: 'America/New_York', endDate: d('2026-10-01'), boundary: 31, before: 'expired', after: 'disabled', at: '2026-11-01T04:00:00Z' },
    // E+121 is Berlin's fall-back day: deleted from 00:00 CEST = 22:00Z the day before.
    { zone: 'Europe/Berlin', endDate: d('2026-06-26'), boundary: 121, before: 'disabled', after: 'deleted', at: '2026-10-24T22:00:00Z' },
    // E+1 is Berlin's spring-forward day.
    { zone: 'Europe/Berlin', endDate: d('2026-03-28'), boundary: 1, before: 'active', after: 'expired', at: '2026-03-28T23:00:00Z' },
    { zone: 'Asia/Tokyo', endDate: d('2026-03-31'), boundary: 1, before: 'active', after: 'expired', at: '2026-03-31T15:00:00Z' },
  ] as const;
  for (const c of cases) {
    const midnight = startOfLocalDay(c.endDate.add({ days: c.boundary }), c.zone);
    assert.equal(midnight.toString(), c.at, `${c.zone} E+${c.boundary}`);
    const at = (now: Temporal.Instant) =>
      subscriptionStateAt({ endDate: c.endDate, policy: DEFAULT_LIFECYCLE_POLICY, now, timeZone: c.zone });
    assert.equal(at(midnight.subtract({ nanoseconds: 1 })), c.before, `${c.zone} just before`);
    assert.equal(at(midnight), c.after, `${c.zone} at midnight`);
  }
});

test('access follows SPEC §4/§5: users in active and grace; admins until deleted; seats only usable', () => {
  const table = SUBSCRIPTION_STATES.map((s) => [s, usersHaveAccess(s), adminsHaveAccess(s), canAssignSeats(s)]);
  assert.deepEqual(table, [
    ['active', true, true, true],
    ['expired', true, true, true],
    ['disabled', false, true, false],
    ['deleted', false, false, false],
    ['cancelled', false, true, false],
  ]);
});
