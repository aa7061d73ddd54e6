// Every write goes through `inTransaction`: one transaction, retried a bounded number of times
// when the database reports a transient conflict (SQLite busy, PostgreSQL serialization failure
// or deadlock). The callback must therefore be safe to run again: it only touches the database.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { DomainError } from '../errors/domain-error.ts';

export type Tx = Transaction<DB>;

const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 10;
const MAX_DELAY_MS = 500;

/** Codes after which running the same transaction again may succeed. */
const TRANSIENT_POSTGRES_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
]);
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errcode?: unknown };
  if (typeof e.code === 'string' && TRANSIENT_POSTGRES_CODES.has(e.code)) return true;
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    // Extended result codes keep the primary code in the low byte (SQLITE_BUSY_SNAPSHOT = 517).
    const primary = e.errcode & 0xff;
    return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
  }
  return false;
}

const SQLITE_IOERR = 10;
const SQLITE_CANTOPEN = 14;

/** The database could not be reached at all (server down, refused connection, file unreadable). */
export function isUnavailableDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') {
    const primary = errcode & 0xff;
    return primary === SQLITE_CANTOPEN || primary === SQLITE_IOERR;
  }
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' || // cannot_connect_now
    code === '53300' // too_many_connections
  );
}

export async function inTransaction<T>(db: Kysely<DB>, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const transient = isTransientDatabaseError(error);
      if (transient && attempt < MAX_ATTEMPTS) {
        // Full jitter: concurrent losers spread out instead of colliding again in lockstep.
        const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
        await sleep(Math.random() * ceiling);
        continue;
      }
      if (transient || isUnavailableDatabaseError(error)) {
        throw new DomainError('TEMPORARILY_UNAVAILABLE', { retryAfterSeconds: 1 }, { cause: error });
      }
      throw error;
    }
  }
}
