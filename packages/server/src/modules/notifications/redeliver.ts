// Redelivery by an administrator: a dead letter (or a delivered or cancelled delivery) goes back
// to the queue with a fresh budget of attempts. A pending one is refused: it is already queued,
// and putting it back could start a second send while a worker holds it.
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getEndpoint } from '../webhooks/endpoints.ts';
import type { DeliveryRow } from './deliveries.ts';

export async function redeliver(tx: Tx, dialect: DialectName, audit: AuditContext, organizationId: string, deliveryId: string): Promise<DeliveryRow> {
  let query = tx.selectFrom('deliveries').selectAll().where('organization_id', '=', organizationId).where('id', '=', deliveryId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'delivery' });
  if (row.state === 'pending') throw new DomainError('DELIVERY_PENDING', { nextAttemptAt: row.next_attempt_at });
  if (row.channel === 'webhook') {
    const endpoint = await getEndpoint(tx, organizationId, row.recipient_id);
    if (!endpoint) throw new DomainError('NOT_FOUND', { resource: 'webhook endpoint' });
    if (endpoint.active !== 1) throw new DomainError('WEBHOOK_ENDPOINT_INACTIVE', { endpointId: endpoint.id });
  }
  const stamp = toStoredInstant(audit.now);
  const next: DeliveryRow = { ...row, state: 'pending', attempts: 0, next_attempt_at: stamp, delivered_at: null, updated_at: stamp };
  await tx
    .updateTable('deliveries')
    .set({ state: next.state, attempts: 0, next_attempt_at: stamp, delivered_at: null, updated_at: stamp })
    .where('organization_id', '=', organizationId)
    .where('id', '=', deliveryId)
    .execute();
  await recordAudit(tx, audit, {
    organizationId,
    action: 'delivery.redelivered',
    target: { type: 'delivery', id: deliveryId },
    data: { eventId: row.event_id, channel: row.channel, recipientId: row.recipient_id, previousState: row.state, previousAttempts: row.attempts },
  });
  return next;
}
