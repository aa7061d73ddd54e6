// Notifications (SPEC §9): which outbox events have been fanned out, one delivery row per
// (event, channel, recipient), webhook endpoints with sealed secrets, and each person's
// notification preferences. Portable types as in 0001.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Fan-out progress is a mark on each event, not a cursor over ids: ids are made before their
  // transaction commits (and from clocks that differ between processes or are simulated), so a
  // cursor could pass an event that commits later with a smaller id and skip it for ever. The
  // partial index keeps "what is left to fan out" a small index, however large the outbox grows.
  await db.schema.alterTable('outbox_events').addColumn('fanned_out_at', 'text').execute();
  await db.schema
    .createIndex('outbox_events_awaiting_fanout')
    .on('outbox_events')
    .column('id')
    .where(sql.ref('fanned_out_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('deliveries')
    // The organization the delivery belongs to: the event's for mail, the endpoint's owner for
    // webhooks (the vendor's endpoints receive every organization's events).
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
    // A user id (email) or a webhook endpoint id.
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'dead', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().check(sql`attempts >= 0`))
    // When a pending delivery is next due; while a worker holds it, the end of its lease.
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_error', 'text')
    // The HTTP status of a webhook's last answer, or the SMTP reply code.
    .addColumn('last_status', 'integer')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deliveries_pk', ['organization_id', 'id'])
    // Nothing is sent twice for the same (event, recipient): a second fan-out inserts nothing.
    .addUniqueConstraint('deliveries_once', ['organization_id', 'event_id', 'channel', 'recipient_id'])
    .execute();
  await db.schema
    .createIndex('deliveries_due')
    .on('deliveries')
    .columns(['channel', 'next_attempt_at'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema.createIndex('deliveries_by_recipient').on('deliveries').columns(['organization_id', 'recipient_id', 'id']).execute();
  await db.schema.createIndex('deliveries_dead').on('deliveries').column('id').where(sql.ref('state'), '=', 'dead').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // JSON array of event types; "*" is every type, "subscription.*" every type under it.
    .addColumn('event_types', 'text', (c) => c.notNull())
    // Secrets are needed in plaintext to sign, so they are sealed (AES-256-GCM), never hashed.
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('sealed_previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().check(sql`active in (0, 1)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_endpoints_pk', ['organization_id', 'id'])
    .execute();

  // A person's choices, across every organization they belong to. No row = the defaults.
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().notNull().references('users.id'))
    .addColumn('reminders', 'integer', (c) => c.notNull().check(sql`reminders in (0, 1)`))
    .addColumn('marketing', 'integer', (c) => c.notNull().check(sql`marketing in (0, 1)`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
