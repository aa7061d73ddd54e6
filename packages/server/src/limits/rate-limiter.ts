// Fixed-window counters kept in the database, so a limit holds across every process that
// shares it. One atomic upsert per hit: increment-then-compare leaves no race in which
// concurrent attempts all see "under the limit".
import { sql, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { reusableQuery } from '../db/reusable-query.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors/domain-error.ts';

export interface RateLimit {
  /** What is being limited, e.g. "sign-in:address". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one hit in the bucket's current window, starting a new window when the stored one has passed. */
const hitStatement = reusableQuery(
  (db, bucket: string, windowStart: number) =>
    db
      .insertInto('rate_limits')
      .values({ bucket, window_start: windowStart, hits: 1 })
      .onConflict((oc) =>
        oc.column('bucket').doUpdateSet({
          hits: sql<number>`case when rate_limits.window_start = excluded.window_start then rate_limits.hits + 1 else 1 end`,
          window_start: sql<number>`excluded.window_start`,
        }),
      )
      .returning(['hits']),
  ['\u0000bucket', -1],
);

export async function hitRateLimit(
  db: Kysely<DB>,
  rule: RateLimit,
  subject: string,
  now: Temporal.Instant,
): Promise<RateLimitResult> {
  const nowSeconds = Math.floor(now.epochMilliseconds / 1000);
  const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
  const { rows } = await db.executeQuery(hitStatement(db, `${rule.name}:${subject}`, windowStart));
  const row = rows[0];
  if (!row) throw new Error('the rate-limit upsert returned no row');
  if (row.hits <= rule.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: windowStart + rule.windowSeconds - nowSeconds };
}

/** Refuses, without counting anything, if any rule's current window is already used up. */
export async function refuseIfExhausted(
  db: Kysely<DB>,
  checks: ReadonlyArray<{ rule: RateLimit; subject: string }>,
  now: Temporal.Instant,
): Promise<void> {
  const nowSeconds = Math.floor(now.epochMilliseconds / 1000);
  let retryAfterSeconds = 0;
  for (const { rule, subject } of checks) {
    const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
    const row = await db.selectFrom('rate_limits').select('hits').where('bucket', '=', `${rule.name}:${subject}`).where('window_start', '=', windowStart).executeTakeFirst();
    if (row && row.hits >= rule.limit) retryAfterSeconds = Math.max(retryAfterSeconds, windowStart + rule.windowSeconds - nowSeconds);
  }
  if (retryAfterSeconds > 0) throw new DomainError('RATE_LIMITED', { retryAfterSeconds });
}

/** Hits every rule (so each counts the attempt) and refuses if any is exceeded. */
export async function enforceRateLimits(
  db: Kysely<DB>,
  hits: ReadonlyArray<{ rule: RateLimit; subject: string }>,
  now: Temporal.Instant,
): Promise<void> {
  let retryAfterSeconds = 0;
  for (const { rule, subject } of hits) {
    const result = await hitRateLimit(db, rule, subject, now);
    if (!result.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, result.retryAfterSeconds);
  }
  if (retryAfterSeconds > 0) throw new DomainError('RATE_LIMITED', { retryAfterSeconds });
}
