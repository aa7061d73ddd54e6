import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { DEFAULT_LIFECYCLE_POLICY } from './policy.ts';
import { dueReminders, reminderDates } from './reminders.ts';

const E = Temporal.PlainDate.from('2026-12-31');
const policy = DEFAULT_LIFECYCLE_POLICY;
const due = (daysBefore: number, alreadySent: number[] = [], renewed = false, termStart?: Temporal.PlainDate) =>
  dueReminders({ endDate: E, today: E.subtract({ days: daysBefore }), alreadySent, renewed, policy, termStart }).map((r) => r.daysBefore);

test('reminder dates are 60, 30, 7 and 1 days before E', () => {
  assert.deepEqual(
    reminderDates(E, policy).map((r) => [r.daysBefore, r.on.toString()]),
    [[60, '2026-11-01'], [30, '2026-12-01'], [7, '2026-12-24'], [1, '2026-12-30']],
  );
});

test('each reminder is due on its day, once', () => {
  assert.deepEqual(due(61), []);
  assert.deepEqual(due(60), [60]);
  assert.deepEqual(due(60, [60]), []);
  assert.deepEqual(due(45, [60]), []);
  assert.deepEqual(due(30, [60]), [30]);
  assert.deepEqual(due(7, [60, 30]), [7]);
  assert.deepEqual(due(1, [60, 30, 7]), [1]);
  assert.deepEqual(due(0, [60, 30, 7, 1]), []);
});

test('never after the term is renewed or paid, never after E', () => {
  assert.deepEqual(due(30, [60], true), []);
  assert.deepEqual(due(-1, [60, 30, 7]), []);
});

test('after an outage only the most recent missed reminder is sent', () => {
  assert.deepEqual(due(5, []), [7]);
  assert.deepEqual(due(5, [7]), []);
});

test('reminders dated before the term started are not this term’s', () => {
  const termStart = E.subtract({ days: 29 }); // a monthly term
  assert.deepEqual(due(29, [], false, termStart), []);
  assert.deepEqual(due(7, [], false, termStart), [7]);
});

test('property (model): a daily sweeper with outages sends each reminder at most once, never early', () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 90, maxLength: 90 }), fc.option(fc.integer({ min: 0, max: 89 }), { nil: undefined }), (runs, renewedAt) => {
      const sent: { daysBefore: number; on: Temporal.PlainDate }[] = [];
      for (let i = 0; i < 90; i += 1) {
        if (!runs[i]) continue;
        const today = E.subtract({ days: 89 - i });
        const renewed = renewedAt !== undefined && i >= renewedAt;
        for (const r of dueReminders({ endDate: E, today, alreadySent: sent.map((s) => s.daysBefore), renewed, policy })) {
          assert.ok(Temporal.PlainDate.compare(r.on, today) <= 0);
          assert.ok(!renewed);
          sent.push({ daysBefore: r.daysBefore, on: today });
        }
      }
      assert.equal(new Set(sent.map((s) => s.daysBefore)).size, sent.length);
      if (runs.every(Boolean) && renewedAt === undefined) {
        assert.deepEqual(sent.map((s) => [s.daysBefore, s.on.toString()]), reminderDates(E, policy).map((r) => [r.daysBefore, r.on.toString()]));
      }
    }),
  );
});

test('a sweeper that runs every day sends exactly the four reminders, each on its date', () => {
  const sent: [number, string][] = [];
  for (let today = E.subtract({ days: 100 }); Temporal.PlainDate.compare(today, E.add({ days: 5 })) <= 0; today = today.add({ days: 1 })) {
    for (const r of dueReminders({ endDate: E, today, alreadySent: sent.map(([n]) => n), renewed: false, policy })) {
      sent.push([r.daysBefore, today.toString()]);
    }
  }
  assert.deepEqual(sent, [[60, '2026-11-01'], [30, '2026-12-01'], [7, '2026-12-24'], [1, '2026-12-30']]);
});
