// Time enters the system here and only here: the server reads its clock once per request or
// job and passes `now` inward. Tests and simulations inject their own clock.
import { Temporal } from 'temporal-polyfill';

export interface Clock {
  now(): Temporal.Instant;
}

export const systemClock: Clock = {
  now: () => Temporal.Now.instant(),
};

/** A clock that only moves when told to: for tests and vendor simulations. */
export class ManualClock implements Clock {
  #now: Temporal.Instant;

  constructor(start: Temporal.Instant | string) {
    this.#now = typeof start === 'string' ? Temporal.Instant.from(start) : start;
  }

  now(): Temporal.Instant {
    return this.#now;
  }

  set(instant: Temporal.Instant | string): void {
    this.#now = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  }

  advance(duration: Temporal.DurationLike): void {
    this.#now = this.#now.add(duration);
  }
}

/**
 * The stored form of an instant: ISO-8601 UTC with milliseconds, always the same width, so
 * that text comparison in SQL orders instants correctly on SQLite and PostgreSQL alike.
 */
export function toStoredInstant(instant: Temporal.Instant): string {
  return new Date(instant.epochMilliseconds).toISOString();
}

export function fromStoredInstant(stored: string): Temporal.Instant {
  return Temporal.Instant.from(stored);
}
