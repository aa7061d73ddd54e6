import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { cancellationWindow, cancellationWindowForStartDate, checkCancellation, isWithinWindow } from './windows.ts';

const I = (s: string) => Temporal.Instant.from(s);

test('the window counts 168 h from the order when the term has already started', () => {
  const w = cancellationWindow(I('2026-04-01T10:00:00Z'), I('2026-03-31T15:00:00Z'));
  assert.equal(w.countsFrom.toString(), '2026-04-01T10:00:00Z');
  assert.equal(w.closesAt.toString(), '2026-04-08T10:00:00Z');
  const after = (h: number, m: number) => w.countsFrom.add({ hours: h, minutes: m });
  assert.equal(isWithinWindow(w, after(167, 59)), true);
  assert.equal(isWithinWindow(w, after(168, 0)), false, 'half-open: exactly 168h00m is outside');
  assert.equal(isWithinWindow(w, after(168, 1)), false);
  assert.equal(isWithinWindow(w, w.closesAt.subtract({ nanoseconds: 1 })), true);
});

test('a future start date: the window counts from local midnight of the start date', () => {
  const w = cancellationWindowForStartDate({
    orderedAt: I('2026-04-01T01:00:00Z'),
    startDate: Temporal.PlainDate.from('2026-05-01'),
    timeZone: 'Asia/Tokyo',
  });
  assert.equal(w.opensAt.toString(), '2026-04-01T01:00:00Z');
  assert.equal(w.countsFrom.toString(), '2026-04-30T15:00:00Z');
  assert.equal(w.closesAt.toString(), '2026-05-07T15:00:00Z');
  // Before the start nothing has been used: cancelling is allowed.
  assert.equal(isWithinWindow(w, I('2026-04-15T00:00:00Z')), true);
});

test('168 h is exact across a DST change, not "7 days"', () => {
  // Starts at New York midnight on the spring-forward day; 7 calendar days later is only
  // 167 h, so the window closes at 01:00 local, not at midnight.
  const w = cancellationWindowForStartDate({
    orderedAt: I('2026-03-01T12:00:00Z'),
    startDate: Temporal.PlainDate.from('2026-03-08'),
    timeZone: 'America/New_York',
  });
  assert.equal(w.countsFrom.toString(), '2026-03-08T05:00:00Z');
  assert.equal(w.closesAt.toString(), '2026-03-15T05:00:00Z');
  assert.equal(w.closesAt.toZonedDateTimeISO('America/New_York').toPlainDateTime().toString(), '2026-03-15T01:00:00');
  const localMidnight = Temporal.PlainDateTime.from('2026-03-15T00:30').toZonedDateTime('America/New_York').toInstant();
  assert.equal(isWithinWindow(w, localMidnight), true);
  assert.equal(isWithinWindow(w, w.countsFrom.add({ hours: 167, minutes: 59 })), true);
  assert.equal(isWithinWindow(w, w.countsFrom.add({ hours: 168, minutes: 1 })), false);

  // Autumn: Berlin fall-back; 7 calendar days are 169 h, the window still closes at 168 h.
  const b = cancellationWindowForStartDate({
    orderedAt: I('2026-10-20T12:00:00Z'),
    startDate: Temporal.PlainDate.from('2026-10-25'),
    timeZone: 'Europe/Berlin',
  });
  assert.equal(b.closesAt.toZonedDateTimeISO('Europe/Berlin').toPlainDateTime().toString(), '2026-10-31T23:00:00');
});

test('after the window the API refuses with CANCELLATION_WINDOW_PASSED', () => {
  const w = cancellationWindow(I('2026-04-01T10:00:00Z'), I('2026-04-01T10:00:00Z'));
  assert.deepEqual(checkCancellation(w, I('2026-04-08T09:59:59Z')), { ok: true });
  assert.deepEqual(checkCancellation(w, I('2026-04-08T10:00:00Z')), {
    ok: false,
    code: 'CANCELLATION_WINDOW_PASSED',
    closedAt: I('2026-04-08T10:00:00Z'),
  });
});

test('property: the window is exactly [later of order and start, +168 h)', () => {
  const instant = fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }).map((s) => Temporal.Instant.fromEpochMilliseconds(s * 1000));
  fc.assert(
    fc.property(instant, instant, (orderedAt, startsAt) => {
      const w = cancellationWindow(orderedAt, startsAt);
      const from = Temporal.Instant.compare(orderedAt, startsAt) >= 0 ? orderedAt : startsAt;
      assert.ok(w.countsFrom.equals(from));
      assert.equal(w.countsFrom.until(w.closesAt).total('hours'), 168);
      assert.equal(isWithinWindow(w, w.closesAt.subtract({ nanoseconds: 1 })), true);
      assert.equal(isWithinWindow(w, w.closesAt), false);
      assert.equal(isWithinWindow(w, orderedAt), true);
    }),
  );
});
