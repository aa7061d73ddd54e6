// Webhook endpoints of an organization (the vendor's included): create (the secret is in that
// response only), list, read, change, delete, rotate the secret, and read an endpoint's
// delivery log. The organization's administrator manages them; vendor staff do not, since an
// endpoint and its secret are the customer's integration.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Instant, Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { DeliveryQuery, DeliverySchema, deliveryPage } from '../notifications/schemas.ts';
import { createEndpoint, deleteEndpoint, getEndpoint, rotateSecret, updateEndpoint, type WebhookEndpointRow } from './endpoints.ts';

const EventType = Type.String({
  pattern: '^(\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)*(\\.\\*)?)$',
  maxLength: 100,
  description: 'An event type ("subscription.expired"), every type under a prefix ("subscription.*"), or "*"',
});
const EventTypes = Type.Array(EventType, { minItems: 1, maxItems: 50, uniqueItems: true, examples: [['subscription.*', 'redemption.completed']] });
const Url = Type.String({ minLength: 1, maxLength: 2048, examples: ['https://hooks.example.com/licentia'], description: 'http(s), no credentials' });

const WebhookEndpointSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  previousSecretExpiresAt: Type.Union([Instant, Type.Null()], { description: 'Until then the previous secret signs too (a second v1)' }),
  createdAt: Instant,
  updatedAt: Instant,
});
const WithSecretSchema = Type.Object({
  webhookEndpoint: WebhookEndpointSchema,
  secret: Type.String({ description: 'The signing secret. Shown only in this response; store it now.' }),
});
const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
const EndpointParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), endpointId: Type.String({ maxLength: 64 }) });
const CreateBody = StrictObject({
  url: Url,
  description: Type.Optional(Type.String({ maxLength: 500 })),
  eventTypes: Type.Optional(EventTypes),
  active: Type.Optional(Type.Boolean()),
});
const UpdateBody = StrictObject({
  url: Type.Optional(Url),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  eventTypes: Type.Optional(EventTypes),
  active: Type.Optional(Type.Boolean()),
});
const RotateBody = StrictObject({
  graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 168, default: 24, description: 'How long the old secret keeps signing (0: stop at once)' })),
});

// The organization's own administrators only, never a partner through delegated administration:
// an endpoint (and its secret) would keep receiving the customer's events after the
// relationship ended.
const ADMINS = access.organization(['global_admin', 'partner_admin', 'vendor_admin'], { delegated: false });

function toEndpoint(row: WebhookEndpointRow) {
  return {
    id: row.id,
    organizationId: row.organization_id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as string[],
    active: row.active === 1,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function webhookRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets } = app.ctx;
  const db = database.db;
  const sealKey = () => secrets.derive('webhook-secret-seal');
  const base = '/v1/organizations/:organizationId/webhook-endpoints';
  const tags = ['webhooks'];

  app.get(base, {
    schema: { tags, summary: 'List webhook endpoints', params: OrganizationParams, querystring: PaginationQuery, response: { 200: Page(WebhookEndpointSchema) } },
    config: { access: ADMINS },
  }, async (request) => {
    const page = pageRequest(request.query);
    let query = db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', request.params.organizationId).orderBy('id').limit(page.limit + 1);
    if (page.after) query = query.where('id', '>', page.after);
    const result = toPage(await query.execute(), page, (r) => r.id);
    return { data: result.data.map(toEndpoint), nextCursor: result.nextCursor };
  });

  app.post(base, {
    schema: { tags, summary: 'Create a webhook endpoint (its secret is shown once)', params: OrganizationParams, body: CreateBody, response: { 201: WithSecretSchema } },
    config: { access: ADMINS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { row, secret } = await createEndpoint(tx, database.dialect, auditContextOf(request), request.params.organizationId, request.body, sealKey());
      return { status: 201, body: { webhookEndpoint: toEndpoint(row), secret }, headers: { 'cache-control': 'no-store' } };
    }),
  );

  app.get(`${base}/:endpointId`, {
    schema: { tags, summary: 'Read a webhook endpoint', params: EndpointParams, response: { 200: WebhookEndpointSchema } },
    config: { access: ADMINS },
  }, async (request) => {
    const row = await getEndpoint(db, request.params.organizationId, request.params.endpointId);
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'webhook endpoint' });
    return toEndpoint(row);
  });

  app.patch(`${base}/:endpointId`, {
    schema: {
      tags,
      summary: 'Change a webhook endpoint (disabling it cancels what is queued for it)',
      params: EndpointParams,
      body: UpdateBody,
      response: { 200: WebhookEndpointSchema },
    },
    config: { access: ADMINS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await updateEndpoint(tx, auditContextOf(request), request.params.organizationId, request.params.endpointId, request.body);
      return { status: 200, body: toEndpoint(row) };
    }),
  );

  app.delete(`${base}/:endpointId`, {
    schema: { tags, summary: 'Delete a webhook endpoint (what is queued for it is cancelled)', params: EndpointParams, response: { 204: Type.Null() } },
    config: { access: ADMINS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      await deleteEndpoint(tx, auditContextOf(request), request.params.organizationId, request.params.endpointId);
      return { status: 204, body: null };
    }),
  );

  app.post(`${base}/:endpointId/rotate-secret`, {
    schema: {
      tags,
      summary: 'Replace the signing secret; the old one keeps signing for the grace period (shown once)',
      params: EndpointParams,
      body: RotateBody,
      response: { 200: WithSecretSchema },
    },
    config: { access: ADMINS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { organizationId, endpointId } = request.params;
      const { row, secret } = await rotateSecret(tx, auditContextOf(request), organizationId, endpointId, request.body?.graceHours ?? 24, sealKey());
      return { status: 200, body: { webhookEndpoint: toEndpoint(row), secret }, headers: { 'cache-control': 'no-store' } };
    }),
  );

  app.get(`${base}/:endpointId/deliveries`, {
    schema: {
      tags,
      summary: "The endpoint's delivery log, newest first (redeliver through /deliveries/{deliveryId}/redeliver)",
      params: EndpointParams,
      querystring: DeliveryQuery,
      response: { 200: Page(DeliverySchema) },
    },
    config: { access: ADMINS },
  }, async (request) => {
    const { organizationId, endpointId } = request.params;
    if (!(await getEndpoint(db, organizationId, endpointId))) throw new DomainError('NOT_FOUND', { resource: 'webhook endpoint' });
    return deliveryPage(
      db.selectFrom('deliveries').selectAll().where('organization_id', '=', organizationId).where('recipient_id', '=', endpointId).where('channel', '=', 'webhook'),
      request.query,
    );
  });
}
