// The outbox: events written in the same transaction as the change that caused them. Delivery
// (email, webhooks) reads from here and records its own progress elsewhere, so an event is
// never lost with a crashed worker and never exists without its change.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_events_by_organization').on('outbox_events').columns(['organization_id', 'id']).execute();
}
