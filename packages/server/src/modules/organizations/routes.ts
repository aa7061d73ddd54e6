// Organizations: the tenants. Vendor administrators create customer and partner organizations
// by hand (redemption creates them too); each organization's own administrator renames it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../auth/access.ts';
import { vendorRoles } from '../../auth/principal.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { Page, PaginationQuery } from '../../http/schemas.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import {
  CreateOrganizationBody,
  OrganizationParams,
  OrganizationSchema,
  UpdateOrganizationBody,
} from './schemas.ts';
import { createOrganization, toOrganization, updateOrganization } from './service.ts';
import { getOrganization } from './store.ts';

const MEMBER_ROLES = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member', 'partner_admin', 'partner_agent', 'vendor_admin', 'support_agent'] as const;
const ADMIN_ROLES = ['global_admin', 'partner_admin', 'vendor_admin'] as const;
const VENDOR_STAFF = ['vendor_admin', 'support_agent'] as const;

export async function organizationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;

  app.get('/v1/organizations', {
    schema: {
      tags: ['organizations'],
      summary: 'List the organizations the caller belongs to (vendor staff: all)',
      querystring: PaginationQuery,
      response: { 200: Page(OrganizationSchema) },
    },
    config: { access: access.authenticated() },
  }, async (request) => {
    const page = pageRequest(request.query);
    const principal = request.principal;
    let query = db.selectFrom('organizations').selectAll().orderBy('id').limit(page.limit + 1);
    if (page.after) query = query.where('id', '>', page.after);
    if (vendorRoles(principal).size === 0) {
      const ids = principal.kind === 'anonymous' ? [] : [...principal.roles.keys()];
      if (ids.length === 0) return { data: [], nextCursor: null };
      query = query.where('id', 'in', ids);
    }
    const rows = await query.execute();
    const result = toPage(rows, page, (r) => r.id);
    return { data: result.data.map(toOrganization), nextCursor: result.nextCursor };
  });

  app.post('/v1/organizations', {
    schema: {
      tags: ['organizations'],
      summary: 'Create a customer or partner organization (vendor administrators)',
      body: CreateOrganizationBody,
      response: { 201: OrganizationSchema },
    },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await createOrganization(tx, auditContextOf(request), request.body);
      return { status: 201, body: toOrganization(row) };
    }),
  );

  app.get('/v1/organizations/:organizationId', {
    schema: {
      tags: ['organizations'],
      summary: 'Get an organization',
      params: OrganizationParams,
      response: { 200: OrganizationSchema },
    },
    config: { access: access.organization(MEMBER_ROLES, { vendorRoles: VENDOR_STAFF }) },
  }, async (request) => {
    const row = await getOrganization(db, request.params.organizationId);
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'organization' });
    return toOrganization(row);
  });

  app.patch('/v1/organizations/:organizationId', {
    schema: {
      tags: ['organizations'],
      summary: 'Rename an organization or change its time zone',
      params: OrganizationParams,
      body: UpdateOrganizationBody,
      response: { 200: OrganizationSchema },
    },
    config: { access: access.organization(ADMIN_ROLES, { vendorRoles: ['vendor_admin'] }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await updateOrganization(tx, auditContextOf(request), request.params.organizationId, request.body);
      return { status: 200, body: toOrganization(row) };
    }),
  );
}

