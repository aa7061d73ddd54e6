// Subscriptions through the API (SPEC §4): reading them, with their state derived from the
// dates, and auto-renew. Cancellation, seats and purchases have their own files; this plugin
// registers them all. Who may: permissions.ts.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { setAutoRenew } from './auto-renew.ts';
import { cancellationRoutes } from './cancellation-routes.ts';
import { manageAccess, readAccess } from './permissions.ts';
import { purchaseRoutes } from './purchase-routes.ts';
import { OrganizationParams, SubscriptionParams, SubscriptionSchema } from './schemas.ts';
import { seatAdditionRoutes } from './seat-routes.ts';
import { listSubscriptionRows, requireOrganization, requireSubscription } from './store.ts';
import { loadView, loadViews } from './view.ts';

export async function subscriptionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  app.get('/v1/organizations/:organizationId/subscriptions', {
    schema: {
      tags: ['subscriptions'],
      summary: "The organization's subscriptions, oldest first, each with its state today and what happens next",
      params: OrganizationParams,
      querystring: PaginationQuery,
      response: { 200: Page(SubscriptionSchema) },
    },
    config: { access: readAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    const page = pageRequest(request.query);
    const result = toPage(await listSubscriptionRows(db, organization.id, page), page, (row) => row.id);
    return { data: await loadViews(db, organization, result.data, request.now), nextCursor: result.nextCursor };
  });

  app.get('/v1/organizations/:organizationId/subscriptions/:subscriptionId', {
    schema: {
      tags: ['subscriptions'],
      summary: 'A subscription: plan, seats, term dates, state, auto-renew, what happens next, and its changes with their cancellation windows',
      params: SubscriptionParams,
      response: { 200: SubscriptionSchema },
    },
    config: { access: readAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    const row = await requireSubscription(db, organization.id, request.params.subscriptionId);
    return loadView(db, organization, row, request.now);
  });

  app.put('/v1/organizations/:organizationId/subscriptions/:subscriptionId/auto-renew', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Turn auto-renew on or off. Off is refused after the cut-off (AUTO_RENEW_LOCKED, naming the last day and the alternative)',
      params: SubscriptionParams,
      body: StrictObject({ enabled: Type.Boolean({ examples: [false] }) }),
      response: { 200: SubscriptionSchema },
    },
    config: { access: manageAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const row = await setAutoRenew(tx, database.dialect, auditContextOf(request), { organization, subscriptionId: request.params.subscriptionId, enabled: request.body.enabled });
      return { status: 200, body: await loadView(tx, organization, row, request.now) };
    }),
  );

  await app.register(cancellationRoutes);
  await app.register(seatAdditionRoutes);
  await app.register(purchaseRoutes);
}
