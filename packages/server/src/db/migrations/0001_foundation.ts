// Organizations, users, roles, sign-in, API tokens, the audit log, idempotency and rate limits.
// Portable types only, so one migration serves SQLite and PostgreSQL alike:
// - identifiers are text (prefixed, time-ordered: see ids.ts);
// - instants are ISO-8601 UTC text of fixed width ("2026-11-21T09:30:15.123Z"), which sorts
//   and compares correctly as text; civil dates are "YYYY-MM-DD";
// - flags are integers 0/1; JSON is text; money is integer minor units.
// Tenant-owned tables lead their primary key with organization_id (distributable by tenant).
import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('vendor', 'customer', 'partner')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('segment', 'text', (c) =>
      c.notNull().check(sql`segment in ('commercial', 'government', 'education', 'personal')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('ja', 'en')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['organization_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('memberships_by_user').on('memberships').columns(['user_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('client_ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_by_user').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('display_prefix', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('api_tokens_pk', ['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type in ('user', 'token', 'system')`))
    .addColumn('actor_id', 'text')
    .addColumn('actor_organization_id', 'text')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addPrimaryKeyConstraint('audit_events_pk', ['organization_id', 'id'])
    .execute();
  await forbidUpdateAndDelete(db, context, 'audit_events');

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('in_flight', 'completed')`))
    .addColumn('locked_until', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_by_expiry').on('idempotency_keys').columns(['expires_at']).execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.primaryKey().notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

/** The database itself refuses to change history: the application cannot, whatever its bugs. */
async function forbidUpdateAndDelete(db: Kysely<any>, context: MigrationContext, table: string): Promise<void> {
  const message = `${table} is append-only`;
  if (context.dialect === 'sqlite') {
    for (const operation of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table} ` +
            `BEGIN SELECT RAISE(ABORT, '${message}'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
        `BEGIN RAISE EXCEPTION '${message}' USING ERRCODE = 'insufficient_privilege'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table} ` +
        `FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
    )
    .execute(db);
}
