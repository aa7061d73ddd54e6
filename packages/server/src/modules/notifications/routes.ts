// Notification routes: your own preferences, an organization's delivery log with redelivery,
// and the vendor's view of dead letters across organizations (SMTP trouble is the operator's).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import type { Principal } from '../../auth/principal.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { getPreferences, setPreferences } from './preferences.ts';
import { redeliver } from './redeliver.ts';
import { DeliveryQuery, DeliverySchema, deliveryPage, toDelivery } from './schemas.ts';

const PreferencesSchema = Type.Object({
  reminders: Type.Boolean({ description: 'Renewal reminders (60/30/7/1 days before the end date)' }),
  marketing: Type.Boolean({ description: 'News and offers; off unless you opt in' }),
  transactional: Type.Boolean({ description: 'Always true: mail about your subscriptions, payments and access cannot be switched off' }),
});
const PreferencesBody = StrictObject({ reminders: Type.Boolean(), marketing: Type.Boolean() });
const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
const DeliveryParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), deliveryId: Type.String({ maxLength: 64 }) });

/** Reading the log: the organization's administrators; vendor staff for the support desk. */
const LOG_READERS = access.organization(['global_admin', 'partner_admin', 'vendor_admin'], { vendorRoles: ['vendor_admin', 'support_agent'] });
const REDELIVERERS = access.organization(['global_admin', 'partner_admin', 'vendor_admin'], { vendorRoles: ['vendor_admin'] });

/** The person whose preferences these are: the signed-in user, or the person behind a token. */
function personOf(principal: Principal): string {
  if (principal.kind === 'user') return principal.userId;
  if (principal.kind === 'token' && principal.createdByUserId) return principal.createdByUserId;
  throw new DomainError('USER_REQUIRED');
}

export async function notificationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  app.get('/v1/me/notification-preferences', {
    schema: { tags: ['notifications'], summary: 'Your notification preferences', response: { 200: PreferencesSchema } },
    config: { access: access.authenticated() },
  }, async (request) => ({ ...(await getPreferences(db, personOf(request.principal))), transactional: true }));

  app.put('/v1/me/notification-preferences', {
    schema: {
      tags: ['notifications'],
      summary: 'Change your notification preferences (transactional mail is always sent)',
      body: PreferencesBody,
      response: { 200: PreferencesSchema },
    },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const userId = personOf(request.principal);
    return runMutation(request, reply, async (tx) => {
      const saved = await setPreferences(tx, userId, request.body, request.now);
      // Personal, not an organization's data: the structured log records it, not an audit log.
      request.log.info({ userId, preferences: saved }, 'notification preferences changed');
      return { status: 200, body: { ...saved, transactional: true } };
    });
  });

  app.get('/v1/organizations/:organizationId/deliveries', {
    schema: {
      tags: ['notifications'],
      summary: "The organization's deliveries (mail and webhooks), newest first; `state=dead` lists its dead letters",
      params: OrganizationParams,
      querystring: DeliveryQuery,
      response: { 200: Page(DeliverySchema) },
    },
    config: { access: LOG_READERS },
  }, async (request) =>
    deliveryPage(db.selectFrom('deliveries').selectAll().where('organization_id', '=', request.params.organizationId), request.query),
  );

  app.post('/v1/organizations/:organizationId/deliveries/:deliveryId/redeliver', {
    schema: {
      tags: ['notifications'],
      summary: 'Send a delivery again (a dead letter, or a delivered or cancelled one), with a fresh set of attempts',
      params: DeliveryParams,
      response: { 200: DeliverySchema },
    },
    config: { access: REDELIVERERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await redeliver(tx, database.dialect, auditContextOf(request), request.params.organizationId, request.params.deliveryId);
      return { status: 200, body: toDelivery(row) };
    }),
  );

  app.get('/v1/dead-letters', {
    schema: {
      tags: ['notifications'],
      summary: 'Dead letters of every organization, newest first (redeliver through the organization\'s route)',
      querystring: PaginationQuery,
      response: { 200: Page(DeliverySchema) },
    },
    config: { access: access.vendor('vendor_admin', 'support_agent') },
  }, async (request) => deliveryPage(db.selectFrom('deliveries').selectAll().where('state', '=', 'dead'), request.query));
}
