// The sweeper's pure decisions: what happens on which organization-local day, and that sweeping
// only on the days it schedules (`nextDue`) does exactly what sweeping every day does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY, termEnd, type LifecyclePolicy } from '@licentia/core/lifecycle';
import { decide, type SweepSubject } from './decide.ts';

const d = (s: string) => Temporal.PlainDate.from(s);

function subject(overrides: Partial<SweepSubject> = {}): SweepSubject {
  return {
    startDate: d('2027-01-10'),
    endDate: d('2028-01-09'),
    termMonths: 12,
    anchorDay: 10,
    recordedState: 'active',
    autoRenew: false,
    isTrial: false,
    deprovisioned: false,
    ...overrides,
  };
}

test('active before E: nothing to do; next due is the next reminder, then E+1', () => {
  const early = decide(subject(), DEFAULT_LIFECYCLE_POLICY, d('2027-06-01'));
  assert.equal(early.state, 'active');
  assert.equal(early.transition, null);
  assert.equal(early.reminder, null);
  assert.equal(early.nextDue?.toString(), '2027-11-10'); // E−60
  const lastDay = decide(subject(), DEFAULT_LIFECYCLE_POLICY, d('2028-01-09'));
  assert.deepEqual(lastDay.reminder?.daysBefore, 1);
  assert.equal(lastDay.nextDue?.toString(), '2028-01-10');
});

test('E+1: auto-renew when on (and not a trial, not cancelled), otherwise the expiry is recorded and announced', () => {
  const on = decide(subject({ autoRenew: true }), DEFAULT_LIFECYCLE_POLICY, d('2028-01-10'));
  assert.equal(on.autoRenew, true);
  const off = decide(subject(), DEFAULT_LIFECYCLE_POLICY, d('2028-01-10'));
  assert.equal(off.autoRenew, false);
  assert.deepEqual(off.transition, { from: 'active', to: 'expired', announce: true });
  assert.equal(decide(subject({ autoRenew: true, isTrial: true }), DEFAULT_LIFECYCLE_POLICY, d('2028-01-10')).autoRenew, false);
  assert.equal(decide(subject({ autoRenew: true, cancelledOn: d('2027-01-11') }), DEFAULT_LIFECYCLE_POLICY, d('2028-01-10')).autoRenew, false);
});

test('auto-renew catches up through grace, never once the renewal would restart the term', () => {
  assert.equal(decide(subject({ autoRenew: true }), DEFAULT_LIFECYCLE_POLICY, d('2028-02-08')).autoRenew, true);
  const late = decide(subject({ autoRenew: true }), DEFAULT_LIFECYCLE_POLICY, d('2028-02-09'));
  assert.equal(late.autoRenew, false);
  assert.deepEqual(late.transition, { from: 'active', to: 'disabled', announce: true });
  // Without grace (consumer plans) only E+1 itself renews without losing a day.
  assert.equal(decide(subject({ autoRenew: true }), CONSUMER_LIFECYCLE_POLICY, d('2028-01-10')).autoRenew, true);
  assert.equal(decide(subject({ autoRenew: true }), CONSUMER_LIFECYCLE_POLICY, d('2028-01-11')).autoRenew, false);
  // Only the transition out of `active` decides: a recorded expiry is not undone by turning auto-renew on.
  assert.equal(decide(subject({ autoRenew: true, recordedState: 'expired', sweptEndDate: d('2028-01-09') }), DEFAULT_LIFECYCLE_POLICY, d('2028-01-12')).autoRenew, false);
});

test('a clock behind an earlier sweep never moves the recorded state back; new dates (a renewal) do, silently', () => {
  const behind = decide(subject({ recordedState: 'disabled', sweptEndDate: d('2028-01-09') }), DEFAULT_LIFECYCLE_POLICY, d('2028-01-05'));
  assert.equal(behind.transition, null);
  const renewed = decide(subject({ recordedState: 'expired', endDate: d('2029-01-09'), sweptEndDate: d('2028-01-09') }), DEFAULT_LIFECYCLE_POLICY, d('2028-01-12'));
  assert.deepEqual(renewed.transition, { from: 'expired', to: 'active', announce: false });
  assert.equal(renewed.reactivated, false, 'a renewal in grace continues: no reactivation');
});

test('a renewal that restarted the term (from disabled) is a reactivation', () => {
  const s = subject({ startDate: d('2028-02-18'), anchorDay: 18, endDate: d('2029-02-17'), sweptEndDate: d('2028-01-09'), recordedState: 'active' });
  const decision = decide(s, DEFAULT_LIFECYCLE_POLICY, d('2028-02-18'));
  assert.equal(decision.reactivated, true);
  assert.equal(decide({ ...s, sweptEndDate: d('2029-02-17') }, DEFAULT_LIFECYCLE_POLICY, d('2028-02-19')).reactivated, false);
});

test('disabled: the deletion notice a week before; deleted: deprovision, then nothing is ever due', () => {
  const disabled = decide(subject({ recordedState: 'expired' }), DEFAULT_LIFECYCLE_POLICY, d('2028-02-09'));
  assert.equal(disabled.nextDue?.toString(), '2028-05-02');
  const notice = decide(subject({ recordedState: 'disabled' }), DEFAULT_LIFECYCLE_POLICY, d('2028-05-02'));
  assert.equal(notice.deletionNotice?.toString(), '2028-05-09');
  assert.equal(notice.nextDue?.toString(), '2028-05-09');
  const noticed = decide(subject({ recordedState: 'disabled', deletionNoticedFor: d('2028-05-09') }), DEFAULT_LIFECYCLE_POLICY, d('2028-05-03'));
  assert.equal(noticed.deletionNotice, null);
  const deleted = decide(subject({ recordedState: 'disabled' }), DEFAULT_LIFECYCLE_POLICY, d('2028-05-09'));
  assert.deepEqual(deleted.transition, { from: 'disabled', to: 'deleted', announce: true });
  assert.equal(deleted.deprovision, true);
  assert.equal(deleted.nextDue, null);
});

test('a cancelled subscription is deleted 91 days after the cancellation day, with its notice a week before', () => {
  const cancelled = subject({ cancelledOn: d('2027-01-12'), recordedState: 'cancelled' });
  assert.equal(decide(cancelled, DEFAULT_LIFECYCLE_POLICY, d('2027-01-13')).nextDue?.toString(), '2027-04-06');
  assert.equal(decide(cancelled, DEFAULT_LIFECYCLE_POLICY, d('2027-04-06')).deletionNotice?.toString(), '2027-04-13');
  assert.deepEqual(decide(cancelled, DEFAULT_LIFECYCLE_POLICY, d('2027-04-13')).transition, { from: 'cancelled', to: 'deleted', announce: true });
});

/** A sweeper over one subscription in memory: applies decisions as apply.ts does. */
function run(start: SweepSubject, policy: LifecyclePolicy, from: Temporal.PlainDate, to: Temporal.PlainDate, onlyWhenDue: boolean): string[] {
  let s = { ...start };
  const sent = new Set<number>();
  const events: string[] = [];
  let due: Temporal.PlainDate | null = from;
  for (let day = from; Temporal.PlainDate.compare(day, to) <= 0; day = day.add({ days: 1 })) {
    if (onlyWhenDue && (due === null || Temporal.PlainDate.compare(day, due) < 0)) continue;
    const decision = decide(s, policy, day);
    if (decision.transition) {
      s = { ...s, recordedState: decision.transition.to };
      if (decision.transition.announce) events.push(`${decision.transition.to}@${day}`);
    }
    if (decision.reminder && !sent.has(decision.reminder.daysBefore)) {
      sent.add(decision.reminder.daysBefore);
      events.push(`reminder-${decision.reminder.daysBefore}@${day}`);
    }
    if (decision.deletionNotice) {
      s = { ...s, deletionNoticedFor: decision.deletionNotice };
      events.push(`deletion_soon@${day}`);
    }
    if (decision.deprovision) {
      s = { ...s, deprovisioned: true };
      events.push(`deprovisioned@${day}`);
    }
    s = { ...s, sweptEndDate: s.endDate, sweptCancelledOn: s.cancelledOn };
    due = decision.nextDue;
  }
  return events;
}

test('property: sweeping only on the scheduled days does exactly what sweeping every day does, each on its day', () => {
  const policies = [DEFAULT_LIFECYCLE_POLICY, CONSUMER_LIFECYCLE_POLICY, { ...DEFAULT_LIFECYCLE_POLICY, graceDays: 5, disabledDays: 3, reminderDays: [45, 10, 2] }];
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 3000 }),
      fc.constantFrom(1, 12, 36),
      fc.constantFrom(...policies),
      fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      (offset, months, policy, cancelAfter) => {
        const start = d('2024-01-01').add({ days: offset });
        const end = termEnd(start, months);
        const cancelledOn = cancelAfter === undefined ? undefined : start.add({ days: cancelAfter });
        const s = subject({ startDate: start, endDate: end, termMonths: months, anchorDay: start.day, cancelledOn, recordedState: 'active' });
        const until = end.add({ days: 200 });
        const everyDay = run(s, policy, start, until, false);
        assert.deepEqual(run(s, policy, start, until, true), everyDay);
        if (cancelledOn === undefined) {
          // Each reminder on exactly its day (if the term had started by then), once.
          const expected = [...policy.reminderDays]
            .sort((a, b) => b - a)
            .filter((days) => Temporal.PlainDate.compare(end.subtract({ days }), start) >= 0)
            .map((days) => `reminder-${days}@${end.subtract({ days })}`);
          assert.deepEqual(everyDay.filter((e) => e.startsWith('reminder')), expected);
          assert.ok(everyDay.includes(`deleted@${end.add({ days: 1 + policy.graceDays + policy.disabledDays })}`));
        }
      },
    ),
    { numRuns: 150 },
  );
});
