// The partner views (SPEC §7): its customers, the subscriptions it is partner of record of, and
// their upcoming renewals. The path names the partner organization; its admins and agents read,
// and vendor staff (the support desk). Delegated relationships and their expiry are listed by
// the delegations module (`GET …/delegations`).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { CustomerSchema, CustomerSubscriptionSchema } from './schemas.ts';
import { listCustomers, listSubscriptionsOfRecord, UPCOMING_RENEWAL_DAYS } from './views.ts';

const READERS = access.organization(['partner_admin', 'partner_agent'], { vendorRoles: ['vendor_admin', 'support_agent'] });
const Params = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });

export async function partnerViewRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;

  app.get('/v1/organizations/:organizationId/customers', {
    schema: {
      tags: ['partners'],
      summary: "The partner's customers: organizations it is partner of record for, or has an open delegated administration relationship with",
      params: Params,
      querystring: PaginationQuery,
      response: { 200: Page(CustomerSchema) },
    },
    config: { access: READERS },
  }, async (request) => {
    const page = pageRequest(request.query);
    return toPage(await listCustomers(db, request.params.organizationId, page, request.now), page, (c) => c.organizationId);
  });

  const subscriptionLists = [
    { path: 'customer-subscriptions', upcoming: false, summary: "Subscriptions of the partner's customers that name it partner of record, soonest end first" },
    {
      path: 'upcoming-renewals',
      upcoming: true,
      summary: `Subscriptions of record ending today or within the next ${UPCOMING_RENEWAL_DAYS} days (each customer's calendar), neither cancelled nor trials`,
    },
  ];
  for (const list of subscriptionLists) {
    app.get(`/v1/organizations/:organizationId/${list.path}`, {
      schema: { tags: ['partners'], summary: list.summary, params: Params, querystring: PaginationQuery, response: { 200: Page(CustomerSubscriptionSchema) } },
      config: { access: READERS },
    }, async (request) =>
      listSubscriptionsOfRecord(db, request.params.organizationId, { limit: request.query.limit ?? 50, cursor: request.query.cursor }, { now: request.now, upcoming: list.upcoming }),
    );
  }
}
