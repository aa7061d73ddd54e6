// Clock-rollback detection (SPEC §6: "a client refuses a file whose times go backwards").
//
// An offline file is only as good as the clock it is compared with: set the clock back and an
// expired file looks fresh again. The guard keeps a high-water mark, the latest time the
// device has reason to believe has already happened:
//   - server time from signed validation responses (fresh: they echo our nonce),
//   - `iat` of every license file accepted (the server signed it, so that time has passed),
//   - the device clock's own readings (time the user has already lived through).
// A device clock reading earlier than the mark by more than the tolerance is a rollback.
//
// Tolerance (default 5 minutes): device clocks are corrected by NTP in small steps, and a
// file's iat comes from the server's clock, which may run a little ahead of the device's.
// 5 minutes absorbs both and is still far too short to stretch an expiry meaningfully
// (files live for weeks), while it matches the skew commonly allowed for signed requests.
//
// A device clock set far into the future and then corrected would trip the guard; the cure is
// an online validation: its signed server time, proven fresh by our nonce, replaces the mark
// (`resyncToServerTime`), even downwards.
import { LicenseFileError } from './errors.ts';
import type { LicenseStorage } from './storage.ts';

export const DEFAULT_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;
const HIGH_WATER_MARK_KEY = 'licentia.trusted_time';
// Device clock readings are recorded only when they move the mark by at least this much, so an
// app that checks its license on every action does not write storage on every action. What is
// lost (under a minute) is far below the tolerance.
const RECORD_GRANULARITY_MS = 60 * 1000;

export interface TrustedTimeGuardOptions {
  toleranceMs?: number;
}

export class TrustedTimeGuard {
  readonly toleranceMs: number;
  readonly #storage: LicenseStorage;
  // Read-modify-write of the mark must not interleave (two checks racing could lower it).
  #queue: Promise<unknown> = Promise.resolve();

  constructor(storage: LicenseStorage, options: TrustedTimeGuardOptions = {}) {
    const toleranceMs = options.toleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
    if (!Number.isFinite(toleranceMs) || toleranceMs < 0) throw new RangeError('toleranceMs must be zero or more');
    this.#storage = storage;
    this.toleranceMs = toleranceMs;
  }

  /** The mark in milliseconds since the epoch, or undefined before any trusted time was seen. */
  async highWaterMark(): Promise<number | undefined> {
    await this.#queue.catch(() => undefined);
    return this.#read();
  }

  /**
   * Checks a device clock reading against the mark and records it. Returns the time to judge
   * expiry by: the later of the reading and the mark, so a rollback inside the tolerance
   * cannot extend a file's life either. Throws CLOCK_ROLLBACK when the clock went back further.
   */
  checkDeviceClock(now: Date): Promise<number> {
    return this.#exclusive(async () => {
      const reading = now.getTime();
      if (!Number.isFinite(reading)) throw new RangeError('invalid device clock reading');
      const mark = await this.#read();
      if (mark !== undefined && reading < mark - this.toleranceMs) {
        throw new LicenseFileError(
          'CLOCK_ROLLBACK',
          `device clock ${new Date(reading).toISOString()} is before trusted time ${new Date(mark).toISOString()}`,
        );
      }
      if (mark === undefined || reading >= mark + RECORD_GRANULARITY_MS) await this.#write(reading);
      return Math.max(reading, mark ?? reading);
    });
  }

  /** Raises the mark to a time known to have passed (e.g. an accepted file's iat). Never lowers it. */
  observeTrustedTime(time: Date): Promise<void> {
    return this.#exclusive(async () => {
      const value = time.getTime();
      if (!Number.isFinite(value)) throw new RangeError('invalid trusted time');
      const mark = await this.#read();
      if (mark === undefined || value > mark) await this.#write(value);
    });
  }

  /**
   * Sets the mark to the server's time, lowering it if needed. Only for a server time taken
   * from a signed response that echoed a nonce this client just generated: that proves the
   * time is current, which no stored or device-reported time can.
   */
  resyncToServerTime(serverTime: Date): Promise<void> {
    return this.#exclusive(async () => {
      const value = serverTime.getTime();
      if (!Number.isFinite(value)) throw new RangeError('invalid server time');
      await this.#write(value);
    });
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => undefined).then(task);
    this.#queue = run;
    return run;
  }

  async #read(): Promise<number | undefined> {
    const stored = await this.#storage.get(HIGH_WATER_MARK_KEY);
    if (stored === undefined || !/^\d{1,16}$/.test(stored)) return undefined;
    return Number(stored);
  }

  async #write(value: number): Promise<void> {
    await this.#storage.set(HIGH_WATER_MARK_KEY, String(Math.trunc(value)));
  }
}
