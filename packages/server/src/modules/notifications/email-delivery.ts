// The mail worker: takes a batch of due mail deliveries, writes each mail in its recipient's
// language, sends it, and records the outcome before it sends the next one. Sending one at a
// time is deliberate: the only mail that can go out twice is one whose SMTP "250 OK" arrived
// in the instant before its record committed, so at most one per worker at a crash, and it goes
// out again with the same Message-ID (docs/decisions.md "Notifications").
import type { Temporal } from 'temporal-polyfill';
import { fromStoredInstant } from '../../clock.ts';
import type { Selectable } from 'kysely';
import type { OutboxEventsTable } from '../../db/schema.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import type { UserRow } from '../users/store.ts';
import { claimDeliveries, releaseDeliveries, settleDelivery, type Claimed, type DeliveryContext, type Outcome } from './deliveries.ts';
import { emailRuleFor } from './event-registry.ts';
import { linksFor } from './links.ts';
import { messageIdFor, openMailTransport, type MailTransport, type OutgoingMail } from './mail-transport.ts';
import type { StoredEvent } from './messages.ts';
import { renderEmail, type EmailLanguage } from './templates/index.ts';

export const EMAIL_BATCH_SIZE = 50;
/** A send that could still be running when the lease ends is not started. */
const SEND_BUDGET_MS = 60_000;

export interface EmailBatchOptions {
  batchSize?: number;
  /** Tests and the benchmark pass their own; otherwise one is opened for the batch. */
  transport?: MailTransport;
}

/** Delivers one batch; returns how many deliveries it settled. */
export async function deliverEmailBatch(ctx: DeliveryContext, options: EmailBatchOptions = {}): Promise<number> {
  const { database, clock, failpoints, config } = ctx;
  const claimed = await claimDeliveries(database.db, database.dialect, 'email', clock.now(), options.batchSize ?? EMAIL_BATCH_SIZE);
  if (claimed.length === 0) return 0;
  const rows = await loadBatchRows(ctx, claimed);
  const transport = options.transport ?? openMailTransport(config);
  let settled = 0;
  try {
    for (const [index, row] of claimed.entries()) {
      const now = clock.now();
      if (now.add({ milliseconds: SEND_BUDGET_MS }).epochMilliseconds > row.leaseUntil.epochMilliseconds) {
        // Slow sends ate the lease: give the rest back rather than race a worker that takes them.
        await releaseDeliveries(database.db, claimed.slice(index), now);
        break;
      }
      const outcome = await deliverOne(ctx, transport, row, rows);
      await settleDelivery(database.db, row, outcome, clock.now(), config.deliveryMaxAttempts);
      settled++;
      await failpoints.hit('notifications.email.after-record');
    }
  } finally {
    if (!options.transport) transport.close();
  }
  return settled;
}

/** The events, recipients and organizations of a batch, read in three queries, not three per mail. */
interface BatchRows {
  events: Map<string, Selectable<OutboxEventsTable>>;
  users: Map<string, UserRow>;
  organizations: Map<string, OrganizationRow>;
}

async function loadBatchRows(ctx: DeliveryContext, claimed: readonly Claimed[]): Promise<BatchRows> {
  const db = ctx.database.db;
  const events = await db.selectFrom('outbox_events').selectAll().where('id', 'in', [...new Set(claimed.map((c) => c.event_id))]).execute();
  const users = await db.selectFrom('users').selectAll().where('id', 'in', [...new Set(claimed.map((c) => c.recipient_id))]).execute();
  const organizations = await db.selectFrom('organizations').selectAll().where('id', 'in', [...new Set(events.map((e) => e.organization_id))]).execute();
  return {
    events: new Map(events.map((e) => [e.id, e])),
    users: new Map(users.map((u) => [u.id, u])),
    organizations: new Map(organizations.map((o) => [o.id, o])),
  };
}

async function deliverOne(ctx: DeliveryContext, transport: MailTransport, row: Claimed, rows: BatchRows): Promise<Outcome> {
  let mail: OutgoingMail;
  try {
    const composed = await composeEmail(ctx, row, rows, ctx.clock.now());
    if ('skip' in composed) return { kind: 'cancelled', reason: composed.skip };
    mail = composed.mail;
  } catch (error) {
    // A mail that cannot be written (missing data, a date a template refuses) will not become
    // writable by waiting: park it where an administrator sees it, to redeliver after a fix.
    return { kind: 'failed', error: `could not write the mail: ${errorText(error)}`, permanent: true };
  }
  try {
    await ctx.failpoints.hit('notifications.email.before-send');
    const sent = await transport.send(mail);
    await ctx.failpoints.hit('notifications.email.after-send');
    return { kind: 'delivered', status: sent.status };
  } catch (error) {
    const status = (error as { responseCode?: unknown }).responseCode;
    const code = typeof status === 'number' ? status : undefined;
    // 550–554: the server refused this recipient or this message for good. Everything else
    // (4xx, a refused connection, a timeout, a failed sign-in) may pass: retry with backoff.
    const permanent = code !== undefined && code >= 550 && code <= 554 && (error as { code?: unknown }).code !== 'EAUTH';
    return { kind: 'failed', error: errorText(error), status: code, permanent };
  }
}

async function composeEmail(ctx: DeliveryContext, row: Claimed, rows: BatchRows, now: Temporal.Instant): Promise<{ mail: OutgoingMail } | { skip: string }> {
  const db = ctx.database.db;
  const eventRow = rows.events.get(row.event_id);
  if (!eventRow) throw new Error(`event ${row.event_id} not found`);
  const rule = emailRuleFor(eventRow.type);
  if (!rule) return { skip: `${eventRow.type} is not mailed` };
  const user = rows.users.get(row.recipient_id);
  const organization = rows.organizations.get(eventRow.organization_id);
  if (!user) throw new Error(`user ${row.recipient_id} not found`);
  if (!organization) throw new Error(`organization ${eventRow.organization_id} not found`);
  const event: StoredEvent = {
    id: eventRow.id,
    organizationId: eventRow.organization_id,
    type: eventRow.type,
    payload: JSON.parse(eventRow.payload) as Record<string, unknown>,
    occurredAt: fromStoredInstant(eventRow.occurred_at),
  };
  const language: EmailLanguage = user.locale === 'ja' ? 'ja' : 'en';
  const built = await rule.build({ db, secrets: ctx.secrets, event, organization, language, recipientName: user.name, links: linksFor(ctx.config.publicUrl), now });
  if ('skip' in built) return built;
  const rendered = renderEmail(built.input, language);
  const from = ctx.config.mailFrom;
  return {
    mail: {
      from,
      to: { name: user.name, address: user.email },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(event.id, user.id, from),
      // When it happened, not when this attempt runs: a retry is the same message.
      date: new Date(event.occurredAt.epochMilliseconds),
      headers: {
        'Content-Language': language,
        // RFC 3834: no vacation replies or auto-forward loops to a notification.
        'Auto-Submitted': 'auto-generated',
        'X-Licentia-Event-Id': event.id,
        'X-Licentia-Event-Type': event.type,
      },
    },
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${(error as { code?: string }).code ? `${(error as { code?: string }).code}: ` : ''}${error.message}`;
  return String(error);
}
