import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LicenseFileError } from './errors.ts';
import { MemoryStorage } from './storage.ts';
import { DEFAULT_CLOCK_TOLERANCE_MS, TrustedTimeGuard } from './trusted-time.ts';

const T = Date.UTC(2026, 0, 15);
const MINUTE = 60_000;

const isRollback = (error: unknown) => error instanceof LicenseFileError && error.code === 'CLOCK_ROLLBACK';

describe('TrustedTimeGuard', () => {
  it('has no mark at first and takes the first reading as it', async () => {
    const guard = new TrustedTimeGuard(new MemoryStorage());
    assert.equal(await guard.highWaterMark(), undefined);
    assert.equal(await guard.checkDeviceClock(new Date(T)), T);
    assert.equal(await guard.highWaterMark(), T);
  });

  it('documents its default tolerance: 5 minutes', () => {
    assert.equal(DEFAULT_CLOCK_TOLERANCE_MS, 5 * MINUTE);
    assert.equal(new TrustedTimeGuard(new MemoryStorage()).toleranceMs, 5 * MINUTE);
  });

  it('accepts a clock behind the mark within the tolerance, judging by the mark', async () => {
    const guard = new TrustedTimeGuard(new MemoryStorage());
    await guard.checkDeviceClock(new Date(T));
    assert.equal(await guard.checkDeviceClock(new Date(T - 5 * MINUTE)), T);
    await assert.rejects(guard.checkDeviceClock(new Date(T - 5 * MINUTE - 1)), isRollback);
    assert.equal(await guard.highWaterMark(), T, 'a refused reading does not lower the mark');
  });

  it('raises the mark with trusted times (never lowers it) and then refuses earlier clocks', async () => {
    const guard = new TrustedTimeGuard(new MemoryStorage());
    await guard.observeTrustedTime(new Date(T + 60 * MINUTE));
    await guard.observeTrustedTime(new Date(T));
    assert.equal(await guard.highWaterMark(), T + 60 * MINUTE);
    await assert.rejects(guard.checkDeviceClock(new Date(T)), isRollback);
  });

  it('a server time from a fresh signed response resets the mark, even downwards', async () => {
    const guard = new TrustedTimeGuard(new MemoryStorage());
    await guard.checkDeviceClock(new Date(T + 365 * 24 * 60 * MINUTE)); // clock set a year ahead by mistake
    await assert.rejects(guard.checkDeviceClock(new Date(T)), isRollback);
    await guard.resyncToServerTime(new Date(T));
    assert.equal(await guard.checkDeviceClock(new Date(T + MINUTE)), T + MINUTE);
  });

  it('persists in the storage: a new guard on the same storage remembers the mark', async () => {
    const storage = new MemoryStorage();
    await new TrustedTimeGuard(storage).checkDeviceClock(new Date(T));
    await assert.rejects(new TrustedTimeGuard(storage).checkDeviceClock(new Date(T - 6 * MINUTE)), isRollback);
  });

  it('property: forward-moving clocks always pass; a step back beyond the tolerance always fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 10 * 24 * 60 * MINUTE }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 100 * 24 * 60 * MINUTE }),
        async (steps, back) => {
          const guard = new TrustedTimeGuard(new MemoryStorage());
          let now = T;
          let latest = T;
          for (const step of steps) {
            now += step;
            latest = now;
            await guard.checkDeviceClock(new Date(now));
          }
          // Readings are recorded at one-minute granularity, so the mark may trail the latest
          // reading by under a minute: the refusal is certain once past tolerance + 1 minute.
          const rolledBack = latest - DEFAULT_CLOCK_TOLERANCE_MS - MINUTE - back;
          await assert.rejects(guard.checkDeviceClock(new Date(rolledBack)), isRollback);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('concurrent checks never lower the mark', async () => {
    const guard = new TrustedTimeGuard(new MemoryStorage());
    const readings = Array.from({ length: 50 }, (_, i) => T + i * 2 * MINUTE);
    await Promise.all(readings.map((reading) => guard.checkDeviceClock(new Date(reading))));
    assert.equal(await guard.highWaterMark(), readings.at(-1));
  });
});
