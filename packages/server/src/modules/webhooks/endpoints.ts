// Webhook endpoints of an organization: where events are POSTed, which types, and the secret
// that signs them. The secret is shown once (at creation and at each rotation) and kept sealed
// (AES-256-GCM under the server's `webhook-secret-seal` key): the worker needs it in plaintext
// to sign, so a hash would not do, and a database dump alone must not reveal it.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import { lockOrganization } from '../../db/locks.ts';
import type { DB, WebhookEndpointsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { seal, unseal } from '../../security/seal.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;

/** Enough for every integration an organization runs; a bound on the work one event makes. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 20;
export const SECRET_PREFIX = 'whsec_';

export interface EndpointSettings {
  url: string;
  description?: string | undefined;
  eventTypes?: string[] | undefined;
  active?: boolean | undefined;
}

/** http(s), absolute, no credentials (they would be stored in plaintext) and no fragment. */
export function checkWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError('WEBHOOK_URL_INVALID', { reason: 'not an absolute URL' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DomainError('WEBHOOK_URL_INVALID', { reason: `the scheme ${url.protocol} is not http or https` });
  if (url.username || url.password) throw new DomainError('WEBHOOK_URL_INVALID', { reason: 'it contains a user name or password' });
  if (url.hash) throw new DomainError('WEBHOOK_URL_INVALID', { reason: 'it contains a fragment' });
  return url.toString();
}

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The secrets that sign a delivery now: the current one, and the previous one in its grace. */
export function signingSecrets(row: WebhookEndpointRow, sealKey: Buffer, now: Temporal.Instant): string[] {
  const secrets = [unseal(sealKey, row.sealed_secret)];
  if (row.sealed_previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > toStoredInstant(now)) {
    secrets.push(unseal(sealKey, row.sealed_previous_secret));
  }
  return secrets;
}

export async function getEndpoint(db: Kysely<DB> | Tx, organizationId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

async function existingEndpoint(tx: Tx, organizationId: string, id: string): Promise<WebhookEndpointRow> {
  const row = await getEndpoint(tx, organizationId, id);
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'webhook endpoint' });
  return row;
}

export async function createEndpoint(
  tx: Tx,
  dialect: DialectName,
  audit: AuditContext,
  organizationId: string,
  settings: EndpointSettings,
  sealKey: Buffer,
): Promise<{ row: WebhookEndpointRow; secret: string }> {
  const url = checkWebhookUrl(settings.url);
  // The limit is checked under the organization's lock, so two creations cannot both pass it.
  if (!(await lockOrganization(tx, dialect, organizationId))) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  const { count } = await tx
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  if (Number(count) >= MAX_ENDPOINTS_PER_ORGANIZATION) throw new DomainError('WEBHOOK_ENDPOINT_LIMIT', { limit: MAX_ENDPOINTS_PER_ORGANIZATION });
  const secret = newWebhookSecret();
  const stamp = toStoredInstant(audit.now);
  const row: WebhookEndpointRow = {
    organization_id: organizationId,
    id: newId('whe', audit.now),
    url,
    description: settings.description ?? '',
    event_types: JSON.stringify(settings.eventTypes ?? ['*']),
    sealed_secret: seal(sealKey, secret),
    sealed_previous_secret: null,
    previous_secret_expires_at: null,
    active: settings.active === false ? 0 : 1,
    created_at: stamp,
    updated_at: stamp,
  };
  await tx.insertInto('webhook_endpoints').values(row).execute();
  await recordAudit(tx, audit, {
    organizationId,
    action: 'webhook_endpoint.created',
    target: { type: 'webhook_endpoint', id: row.id },
    data: { url, eventTypes: JSON.parse(row.event_types), active: row.active === 1 },
  });
  return { row, secret };
}

export async function updateEndpoint(
  tx: Tx,
  audit: AuditContext,
  organizationId: string,
  id: string,
  changes: Partial<EndpointSettings>,
): Promise<WebhookEndpointRow> {
  const row = await existingEndpoint(tx, organizationId, id);
  const next: WebhookEndpointRow = {
    ...row,
    url: changes.url === undefined ? row.url : checkWebhookUrl(changes.url),
    description: changes.description ?? row.description,
    event_types: changes.eventTypes === undefined ? row.event_types : JSON.stringify(changes.eventTypes),
    active: changes.active === undefined ? row.active : changes.active ? 1 : 0,
    updated_at: toStoredInstant(audit.now),
  };
  const changed = (['url', 'description', 'event_types', 'active'] as const).filter((field) => next[field] !== row[field]);
  if (changed.length === 0) return row;
  await tx
    .updateTable('webhook_endpoints')
    .set({ url: next.url, description: next.description, event_types: next.event_types, active: next.active, updated_at: next.updated_at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
  // Disabling stops what is queued too: it is not sent later by surprise (redeliver it instead).
  if (row.active === 1 && next.active === 0) await cancelPending(tx, organizationId, id, 'the endpoint was disabled', audit.now);
  await recordAudit(tx, audit, {
    organizationId,
    action: 'webhook_endpoint.updated',
    target: { type: 'webhook_endpoint', id },
    data: Object.fromEntries(changed.map((field) => [field, { before: row[field], after: next[field] }])),
  });
  return next;
}

export async function deleteEndpoint(tx: Tx, audit: AuditContext, organizationId: string, id: string): Promise<void> {
  const row = await existingEndpoint(tx, organizationId, id);
  await cancelPending(tx, organizationId, id, 'the endpoint was deleted', audit.now);
  await tx.deleteFrom('webhook_endpoints').where('organization_id', '=', organizationId).where('id', '=', id).execute();
  await recordAudit(tx, audit, { organizationId, action: 'webhook_endpoint.deleted', target: { type: 'webhook_endpoint', id }, data: { url: row.url } });
}

/**
 * A new secret; the current one keeps signing (a second `v1`) until `graceHours` have passed,
 * so receivers can switch at their own pace. A rotation within the grace of the previous one
 * drops that older secret: at most two secrets sign at any time.
 */
export async function rotateSecret(
  tx: Tx,
  audit: AuditContext,
  organizationId: string,
  id: string,
  graceHours: number,
  sealKey: Buffer,
): Promise<{ row: WebhookEndpointRow; secret: string }> {
  const row = await existingEndpoint(tx, organizationId, id);
  const secret = newWebhookSecret();
  const stamp = toStoredInstant(audit.now);
  const keepsPrevious = graceHours > 0;
  const next: WebhookEndpointRow = {
    ...row,
    sealed_secret: seal(sealKey, secret),
    sealed_previous_secret: keepsPrevious ? row.sealed_secret : null,
    previous_secret_expires_at: keepsPrevious ? toStoredInstant(audit.now.add({ hours: graceHours })) : null,
    updated_at: stamp,
  };
  await tx
    .updateTable('webhook_endpoints')
    .set({ sealed_secret: next.sealed_secret, sealed_previous_secret: next.sealed_previous_secret, previous_secret_expires_at: next.previous_secret_expires_at, updated_at: stamp })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, audit, {
    organizationId,
    action: 'webhook_endpoint.secret_rotated',
    target: { type: 'webhook_endpoint', id },
    data: { previousSecretExpiresAt: next.previous_secret_expires_at },
  });
  return { row: next, secret };
}

async function cancelPending(tx: Tx, organizationId: string, endpointId: string, reason: string, now: Temporal.Instant): Promise<void> {
  const stamp = toStoredInstant(now);
  await tx
    .updateTable('deliveries')
    .set({ state: 'cancelled', last_error: reason, next_attempt_at: stamp, updated_at: stamp })
    .where('organization_id', '=', organizationId)
    .where('recipient_id', '=', endpointId)
    .where('channel', '=', 'webhook')
    .where('state', '=', 'pending')
    .execute();
}
