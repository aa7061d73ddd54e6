// The remembered "today" of a time zone must be exactly core's localDate: walked every 15
// minutes across daylight-saving changes (including a zone where midnight itself is skipped),
// forwards and backwards, so both the cached path and the recomputation are exercised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { localDate } from '@licentia/core/lifecycle';
import { todayIn } from './standing.ts';

const ZONES = ['Asia/Tokyo', 'America/New_York', 'America/Santiago', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia'];
const STEP_MINUTES = 15;

function walk(from: string, days: number, direction: 1 | -1) {
  const start = Temporal.Instant.from(from);
  const steps = (days * 24 * 60) / STEP_MINUTES;
  for (let i = 0; i <= steps; i++) {
    const now = start.add({ minutes: direction * i * STEP_MINUTES });
    for (const zone of ZONES) assert.equal(todayIn(now, zone).toString(), localDate(now, zone).toString(), `${now} in ${zone}`);
  }
}

test('todayIn is localDate across DST changes, forwards', () => {
  walk('2026-03-05T00:00:00Z', 5, 1); // US spring forward (March 8)
  walk('2026-04-02T00:00:00Z', 5, 1); // Santiago and Lord Howe fall back (April 4–5)
  walk('2026-09-04T00:00:00Z', 4, 1); // Santiago springs forward at midnight (September 6)
  walk('2026-10-23T00:00:00Z', 4, 1); // London falls back (October 25)
});

test('todayIn is localDate across DST changes, backwards in time', () => {
  walk('2026-11-03T00:00:00Z', 4, -1); // US fall back (November 1)
  walk('2026-09-08T00:00:00Z', 4, -1);
});
