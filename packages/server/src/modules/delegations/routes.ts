// Delegated administration through the API (SPEC §7). One set of routes serves both sides: the
// organization in the path is the customer or the partner of the relationships it lists and
// acts on. Partners offer (partner_admin), the customer's global admin accepts by the emailed
// link, either side ends. Only each organization's own people act here: roles held through a
// delegation never manage delegations.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { access } from '../../auth/access.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page, PaginationQuery } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { partnersByOrganization } from '../partners/store.ts';
import { acceptDelegation } from './accept.ts';
import { offerDelegation, type DelegationContext } from './offer.ts';
import { AcceptBody, DelegationParams, DelegationSchema, OfferBody, OrganizationParams } from './schemas.ts';
import { listDelegationsOf, requireDelegationOf, type DelegationRow } from './store.ts';
import { terminateDelegation } from './terminate.ts';
import { toDelegationView } from './view.ts';

const READERS = access.organization(['global_admin', 'partner_admin', 'partner_agent'], { vendorRoles: ['vendor_admin', 'support_agent'], delegated: false });
/** One relationship: its two parties (vendor staff find it in the organization's list). */
const PARTIES = access.organization(['global_admin', 'partner_admin', 'partner_agent'], { delegated: false });
const OFFERERS = access.organization(['partner_admin'], { delegated: false });
const ACCEPTERS = access.organization(['global_admin'], { delegated: false });
const ENDERS = access.organization(['global_admin', 'partner_admin'], { delegated: false });

/** Views of relationships, with both parties' names read once per page. */
async function views(db: Kysely<DB> | Tx, rows: readonly DelegationRow[], now: Temporal.Instant) {
  if (rows.length === 0) return [];
  const customers = await db.selectFrom('organizations').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.customer_organization_id))]).execute();
  const byId = new Map(customers.map((c) => [c.id, c]));
  const partners = await partnersByOrganization(db, rows.map((r) => r.partner_organization_id));
  return rows.map((row) => toDelegationView(row, { customer: byId.get(row.customer_organization_id)!, partner: partners.get(row.partner_organization_id)! }, now));
}

export async function delegationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets } = app.ctx;
  const db = database.db;
  const context = (request: FastifyRequest, tx: Tx): DelegationContext => ({ tx, dialect: database.dialect, secrets, audit: auditContextOf(request) });

  app.get('/v1/organizations/:organizationId/delegations', {
    schema: {
      tags: ['delegations'],
      summary: 'Delegated administration relationships of the organization (as customer or as partner), newest first, with their expiry',
      params: OrganizationParams,
      querystring: PaginationQuery,
      response: { 200: Page(DelegationSchema) },
    },
    config: { access: READERS },
  }, async (request) => {
    const page = pageRequest(request.query);
    const result = toPage(await listDelegationsOf(db, request.params.organizationId, page), page, (row) => row.id);
    return { data: await views(db, result.data, request.now), nextCursor: result.nextCursor };
  });

  app.get('/v1/organizations/:organizationId/delegations/:delegationId', {
    schema: { tags: ['delegations'], summary: 'A delegated administration relationship', params: DelegationParams, response: { 200: DelegationSchema } },
    config: { access: PARTIES },
  }, async (request) => {
    const row = await requireDelegationOf(db, request.params.organizationId, request.params.delegationId);
    return (await views(db, [row], request.now))[0]!;
  });

  app.post('/v1/organizations/:organizationId/delegations', {
    schema: {
      tags: ['delegations'],
      summary: "Offer delegated administration to a customer (enrolled partners' admins): its global admins get a mail with the acceptance link",
      params: OrganizationParams,
      body: OfferBody,
      response: { 201: DelegationSchema },
    },
    config: { access: OFFERERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await offerDelegation(context(request, tx), {
        partnerOrganizationId: request.params.organizationId,
        customerOrganizationId: request.body.customerOrganizationId,
        roles: request.body.roles,
        durationDays: request.body.durationDays,
        autoExtend: request.body.autoExtend ?? false,
      });
      return { status: 201, body: (await views(tx, [row], request.now))[0]! };
    }),
  );

  app.post('/v1/organizations/:organizationId/delegations/:delegationId/accept', {
    schema: {
      tags: ['delegations'],
      summary: "Accept an offer with the emailed link's token (the customer's global admins): the partner's access begins now",
      params: DelegationParams,
      body: AcceptBody,
      response: { 200: DelegationSchema },
    },
    config: { access: ACCEPTERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await acceptDelegation(context(request, tx), {
        customerOrganizationId: request.params.organizationId,
        delegationId: request.params.delegationId,
        token: request.body.token,
      });
      return { status: 200, body: (await views(tx, [row], request.now))[0]! };
    }),
  );

  app.post('/v1/organizations/:organizationId/delegations/:delegationId/terminate', {
    schema: {
      tags: ['delegations'],
      summary: 'End a relationship (either side, at any time): an offer is declined or withdrawn, an active relationship terminated at once',
      params: DelegationParams,
      response: { 200: DelegationSchema },
    },
    config: { access: ENDERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await terminateDelegation(context(request, tx), { organizationId: request.params.organizationId, delegationId: request.params.delegationId });
      return { status: 200, body: (await views(tx, [row], request.now))[0]! };
    }),
  );
}
