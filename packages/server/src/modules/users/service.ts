// Creating users: the password rule and the optional generated first password live here.
import { randomBytes } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../security/passwords.ts';
import { findUserByEmail, isValidEmail, normalizeEmail, type UserRow } from './store.ts';

export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new DomainError('WEAK_PASSWORD', { minLength: MIN_PASSWORD_LENGTH });
}

/** A random first password, shown once to whoever created the account. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  locale?: 'ja' | 'en' | undefined;
}

export async function createUser(tx: Tx, now: Temporal.Instant, input: NewUser): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw new DomainError('EMAIL_INVALID', { email: input.email });
  checkPasswordStrength(input.password);
  if (await findUserByEmail(tx, email)) throw new DomainError('EMAIL_TAKEN');
  const stored = toStoredInstant(now);
  const row: UserRow = {
    id: newId('usr', now),
    email,
    name: input.name.trim(),
    password_hash: await hashPassword(input.password),
    locale: input.locale ?? 'ja',
    created_at: stored,
    updated_at: stored,
  };
  await tx.insertInto('users').values(row).execute();
  return row;
}
