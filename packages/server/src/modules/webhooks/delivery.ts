// The webhook worker: POSTs each due delivery to its endpoint, signed (SPEC §10), several at a
// time, and records the outcomes in small groups. Receivers get at-least-once delivery and
// de-duplicate by the event `id` in the body (docs/api.md "Notifications and webhooks").
import type { Selectable } from 'kysely';
import type { OutboxEventsTable } from '../../db/schema.ts';
import { claimDeliveries, settleDeliveries, type DeliveryContext, type Outcome, type Settlement } from '../notifications/deliveries.ts';
import { signingSecrets, type WebhookEndpointRow } from './endpoints.ts';
import { signWebhook } from './signature.ts';

export const WEBHOOK_BATCH_SIZE = 100;
const CONCURRENCY = 16;
/** Outcomes recorded per transaction. */
const SETTLE_GROUP = 20;
export const SIGNATURE_HEADER = 'Licentia-Signature';

/** The body every endpoint receives for an event: the same bytes on every attempt. */
export function webhookBody(event: { id: string; type: string; occurred_at: string; organization_id: string; payload: string }): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.occurred_at,
    organizationId: event.organization_id,
    data: JSON.parse(event.payload) as unknown,
  });
}

export interface WebhookBatchOptions {
  batchSize?: number;
  concurrency?: number;
}

/** Delivers one batch; returns how many deliveries it settled. */
export async function deliverWebhookBatch(ctx: DeliveryContext, options: WebhookBatchOptions = {}): Promise<number> {
  const { database, clock } = ctx;
  const claimed = await claimDeliveries(database.db, database.dialect, 'webhook', clock.now(), options.batchSize ?? WEBHOOK_BATCH_SIZE);
  if (claimed.length === 0) return 0;
  // Read once per batch: a hundred deliveries of one event to one endpoint need one row each.
  const events = new Map(
    (await database.db.selectFrom('outbox_events').selectAll().where('id', 'in', [...new Set(claimed.map((c) => c.event_id))]).execute()).map((e) => [e.id, e]),
  );
  const endpoints = new Map(
    (
      await database.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where(({ eb, refTuple, tuple }) => eb(refTuple('organization_id', 'id'), 'in', claimed.map((c) => tuple(c.organization_id, c.recipient_id))))
        .execute()
    ).map((e) => [
      `${e.organization_id}/${e.id}`,
      e,
    ]),
  );
  // Unsealed once per endpoint and batch, not once per delivery. A secret that cannot be
  // unsealed (the server secret was changed) fails its deliveries, not the whole batch.
  const sealKey = ctx.secrets.derive('webhook-secret-seal');
  const secrets = new Map<string, string[] | undefined>();
  for (const [key, endpoint] of endpoints) {
    try {
      secrets.set(key, signingSecrets(endpoint, sealKey, clock.now()));
    } catch {
      secrets.set(key, undefined);
    }
  }
  // Outcomes are recorded in groups: one commit per delivery was most of the cost on
  // PostgreSQL (docs/benchmarks.md). Webhooks are at least once anyway (receivers de-duplicate
  // by event id), so a crash that resends a group's worth is within the contract.
  let pending: Settlement[] = [];
  const flush = async () => {
    const group = pending;
    pending = [];
    await settleDeliveries(database.db, group, ctx.config.deliveryMaxAttempts);
    await ctx.failpoints.hit('webhooks.after-record');
  };
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) {
      const row = claimed[next++]!;
      const key = `${row.organization_id}/${row.recipient_id}`;
      const outcome = await deliverOne(ctx, endpoints.get(key), secrets.get(key), events.get(row.event_id));
      pending.push({ claimed: row, outcome, at: clock.now() });
      if (pending.length >= SETTLE_GROUP) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? CONCURRENCY, claimed.length) }, lane));
  await flush();
  return claimed.length;
}

async function deliverOne(
  ctx: DeliveryContext,
  endpoint: WebhookEndpointRow | undefined,
  secrets: readonly string[] | undefined,
  event: Selectable<OutboxEventsTable> | undefined,
): Promise<Outcome> {
  if (!endpoint) return { kind: 'cancelled', reason: 'the endpoint was deleted' };
  if (endpoint.active !== 1) return { kind: 'cancelled', reason: 'the endpoint is disabled' };
  if (!secrets) return { kind: 'failed', error: "the endpoint's secret cannot be unsealed (was the server secret changed?)", permanent: true };
  if (!event) return { kind: 'failed', error: 'the event was not found', permanent: true };
  const body = webhookBody(event);
  const now = ctx.clock.now();
  const signature = signWebhook({ body, secrets, timestamp: Math.floor(now.epochMilliseconds / 1000) });
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Licentia-Webhooks/1',
        [SIGNATURE_HEADER]: signature,
        'licentia-event-id': event.id,
        'licentia-event-type': event.type,
      },
      body,
      // A redirect is a misconfigured endpoint, and following it would POST the event elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.config.webhookTimeoutMs),
    });
    // The answer's body is never read or stored: the log shows the status only, so an endpoint
    // URL cannot be used to read what some internal address answers.
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { kind: 'delivered', status: response.status };
    return { kind: 'failed', error: `HTTP ${response.status}`, status: response.status };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError') return { kind: 'failed', error: `no answer within ${ctx.config.webhookTimeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'failed', error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
