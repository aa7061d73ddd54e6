// Signing in and out. Attempts are limited per account and per client address (SPEC §10), in
// the database so the limit holds across processes; an unknown email costs the same scrypt time
// as a wrong password, so the two cannot be told apart.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { createHash } from 'node:crypto';
import { SESSION_TOKEN_PREFIX } from '../../auth/session-cookie.ts';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { enforceRateLimits } from '../../limits/rate-limiter.ts';
import { decoyPasswordHash, verifyPassword } from '../../security/passwords.ts';
import { hashToken, newSecretToken } from '../../security/tokens.ts';
import { findUserByEmail, normalizeEmail, type UserRow } from '../users/store.ts';

export interface SignInAttempt {
  email: string;
  password: string;
  clientIp: string;
  now: Temporal.Instant;
}

export async function checkCredentials(db: Kysely<DB>, attempt: SignInAttempt, limitPerMinute: number): Promise<UserRow> {
  // The account's bucket is keyed by a hash: the limiter's table holds no email addresses.
  const accountKey = createHash('sha256').update(normalizeEmail(attempt.email)).digest('base64url');
  await enforceRateLimits(
    db,
    [
      { rule: { name: 'sign-in:account', limit: limitPerMinute, windowSeconds: 60 }, subject: accountKey },
      { rule: { name: 'sign-in:address', limit: limitPerMinute, windowSeconds: 60 }, subject: attempt.clientIp },
    ],
    attempt.now,
  );
  const user = await findUserByEmail(db, attempt.email);
  const ok = await verifyPassword(attempt.password, user?.password_hash ?? (await decoyPasswordHash()));
  if (!user || !user.password_hash || !ok) throw new DomainError('INVALID_CREDENTIALS');
  return user;
}

export async function createSession(
  tx: Tx,
  user: UserRow,
  options: { now: Temporal.Instant; ttlHours: number; clientIp: string },
): Promise<{ token: string; expiresAt: string }> {
  const token = newSecretToken(SESSION_TOKEN_PREFIX);
  const expiresAt = toStoredInstant(options.now.add({ hours: options.ttlHours }));
  await tx
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: user.id, created_at: toStoredInstant(options.now), expires_at: expiresAt, client_ip: options.clientIp })
    .execute();
  return { token, expiresAt };
}

export async function deleteSession(tx: Tx, token: string): Promise<void> {
  await tx.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}
