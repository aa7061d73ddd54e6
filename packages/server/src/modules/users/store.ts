// User rows. A user is a person with one sign-in, who may belong to several organizations.
import type { Kysely, Selectable } from 'kysely';
import type { DB, UsersTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export type UserRow = Selectable<UsersTable>;

/** Emails compare case-insensitively and after width folding (ＡＢＣ@… from a Japanese IME). */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

/** Checked after normalization: a schema's ASCII-only email format would refuse ＵＳＥＲ@… */
export function isValidEmail(normalized: string): boolean {
  return normalized.length <= MAX_EMAIL_LENGTH && EMAIL_SHAPE.test(normalized);
}

export async function findUserByEmail(db: Kysely<DB> | Tx, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function getUser(db: Kysely<DB> | Tx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
