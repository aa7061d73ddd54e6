// A person's notification preferences (SPEC §4): renewal reminders may be switched off,
// transactional mail may not. Marketing mail is opt-in: Japan's 特定電子メール法 (Act on
// Regulation of Transmission of Specified Electronic Mail) requires prior consent to
// advertising mail, so the default is "no". Licentia sends none yet; the choice is kept for
// the vendor's campaigns.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface NotificationPreferences {
  reminders: boolean;
  marketing: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { reminders: true, marketing: false };

export async function getPreferences(db: Kysely<DB> | Tx, userId: string): Promise<NotificationPreferences> {
  const row = await db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? { reminders: row.reminders === 1, marketing: row.marketing === 1 } : DEFAULT_PREFERENCES;
}

export async function setPreferences(tx: Tx, userId: string, preferences: NotificationPreferences, now: Temporal.Instant): Promise<NotificationPreferences> {
  const values = { reminders: preferences.reminders ? 1 : 0, marketing: preferences.marketing ? 1 : 0, updated_at: toStoredInstant(now) };
  await tx
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  return preferences;
}
