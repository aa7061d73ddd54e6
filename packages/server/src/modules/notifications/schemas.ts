// The delivery log as the API shows it, and the list query shared by the organization's log,
// an endpoint's log and the vendor's dead letters.
import { Type, type Static } from 'typebox';
import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Instant, OneOf, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import type { DeliveryRow } from './deliveries.ts';

export const CHANNELS = ['email', 'webhook'] as const;
export const DELIVERY_STATES = ['pending', 'delivered', 'dead', 'cancelled'] as const;

export const DeliverySchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  eventId: Type.String({ description: 'The outbox event; webhooks carry it as `id` for de-duplication' }),
  eventType: Type.String(),
  channel: OneOf(CHANNELS),
  recipientId: Type.String({ description: 'A user (email) or a webhook endpoint' }),
  state: OneOf(DELIVERY_STATES, { description: '`dead`: every attempt failed (a dead letter); redeliver it after fixing the cause' }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Instant, Type.Null()], { description: 'When it is tried next (pending only)' }),
  lastAttemptAt: Type.Union([Instant, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: "The receiver's HTTP status, or the SMTP reply code" }),
  deliveredAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
});
export type Delivery = Static<typeof DeliverySchema>;

export const DeliveryQuery = StrictObject({
  ...PaginationQuery.properties,
  state: Type.Optional(OneOf(DELIVERY_STATES)),
  channel: Type.Optional(OneOf(CHANNELS)),
});

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    organizationId: row.organization_id,
    eventId: row.event_id,
    eventType: row.event_type,
    channel: row.channel as Delivery['channel'],
    recipientId: row.recipient_id,
    state: row.state as Delivery['state'],
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error,
    lastStatus: row.last_status,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

/** Newest first, filtered, one page. */
export async function deliveryPage(
  base: SelectQueryBuilder<DB, 'deliveries', DeliveryRow>,
  query: { limit?: number | undefined; cursor?: string | undefined; state?: string | undefined; channel?: string | undefined },
) {
  const page = pageRequest(query);
  let select = base.orderBy('id', 'desc').limit(page.limit + 1);
  if (query.state) select = select.where('state', '=', query.state);
  if (query.channel) select = select.where('channel', '=', query.channel);
  if (page.after) select = select.where('id', '<', page.after);
  const result = toPage(await select.execute(), page, (r) => r.id);
  return { data: result.data.map(toDelivery), nextCursor: result.nextCursor };
}
