import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { localDate, startOfLocalDay } from './local-time.ts';

const d = (s: string) => Temporal.PlainDate.from(s);
const hoursOfDay = (date: string, zone: string) =>
  startOfLocalDay(d(date), zone).until(startOfLocalDay(d(date).add({ days: 1 }), zone)).total('hours');

test('Asia/Tokyo has no DST: local midnight is 15:00 UTC the day before', () => {
  assert.equal(startOfLocalDay(d('2026-03-08'), 'Asia/Tokyo').toString(), '2026-03-07T15:00:00Z');
  assert.equal(hoursOfDay('2026-03-08', 'Asia/Tokyo'), 24);
});

test('America/New_York: 2026-03-08 is 23 h long and 2026-11-01 is 25 h long', () => {
  assert.equal(startOfLocalDay(d('2026-03-08'), 'America/New_York').toString(), '2026-03-08T05:00:00Z');
  assert.equal(startOfLocalDay(d('2026-03-09'), 'America/New_York').toString(), '2026-03-09T04:00:00Z');
  assert.equal(hoursOfDay('2026-03-08', 'America/New_York'), 23);
  assert.equal(startOfLocalDay(d('2026-11-01'), 'America/New_York').toString(), '2026-11-01T04:00:00Z');
  assert.equal(startOfLocalDay(d('2026-11-02'), 'America/New_York').toString(), '2026-11-02T05:00:00Z');
  assert.equal(hoursOfDay('2026-11-01', 'America/New_York'), 25);
});

test('Europe/Berlin: 2026-03-29 is 23 h long and 2026-10-25 is 25 h long', () => {
  assert.equal(startOfLocalDay(d('2026-03-29'), 'Europe/Berlin').toString(), '2026-03-28T23:00:00Z');
  assert.equal(hoursOfDay('2026-03-29', 'Europe/Berlin'), 23);
  assert.equal(startOfLocalDay(d('2026-10-25'), 'Europe/Berlin').toString(), '2026-10-24T22:00:00Z');
  assert.equal(hoursOfDay('2026-10-25', 'Europe/Berlin'), 25);
});

test('where DST skips midnight (America/Santiago 2026-09-06) the day starts at 01:00', () => {
  const start = startOfLocalDay(d('2026-09-06'), 'America/Santiago');
  assert.equal(start.toZonedDateTimeISO('America/Santiago').toPlainTime().toString(), '01:00:00');
  assert.equal(localDate(start, 'America/Santiago').toString(), '2026-09-06');
  assert.equal(localDate(start.subtract({ nanoseconds: 1 }), 'America/Santiago').toString(), '2026-09-05');
});

test('localDate: the same instant is a different civil day in Tokyo and New York', () => {
  const instant = Temporal.Instant.from('2026-03-08T03:30:00Z');
  assert.equal(localDate(instant, 'Asia/Tokyo').toString(), '2026-03-08');
  assert.equal(localDate(instant, 'America/New_York').toString(), '2026-03-07');
});

test('property: a civil day begins exactly at startOfLocalDay, in every zone, across DST', () => {
  const zones = ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Apia'];
  fc.assert(
    fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 40_000 }), (zone, offset) => {
      const day = d('2000-01-01').add({ days: offset });
      const start = startOfLocalDay(day, zone);
      assert.equal(localDate(start, zone).toString(), day.toString());
      assert.equal(localDate(start.subtract({ nanoseconds: 1 }), zone).toString(), day.subtract({ days: 1 }).toString());
    }),
    { numRuns: 300 },
  );
});
