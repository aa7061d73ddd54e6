// Partners through the API: a partner ID looked up by customers, a partner's own profile, and the
// vendor's list of partners and their enrolment in the delegated-admin program. Partner of
// record and the partner views have files of their own, registered here.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { partnerOfRecordRoutes } from './partner-of-record-routes.ts';
import { EnrollmentBody, PartnerIdParams, PartnerProfileSchema, PartnerSummarySchema, toPartnerProfile, toPartnerSummary } from './schemas.ts';
import { requirePartnerById, setDelegatedAdminEnrollment } from './service.ts';
import { findPartnerByOrganization, listPartners } from './store.ts';
import { partnerViewRoutes } from './view-routes.ts';

export async function partnerRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;

  app.get('/v1/partners/:partnerId', {
    schema: {
      tags: ['partners'],
      summary: 'Look a partner up by its partner ID (before naming it partner of record)',
      params: PartnerIdParams,
      response: { 200: PartnerSummarySchema },
    },
    config: { access: access.authenticated() },
  }, async (request) => toPartnerSummary(await requirePartnerById(db, request.params.partnerId)));

  app.get('/v1/partners', {
    schema: {
      tags: ['partners'],
      summary: 'Every partner with its partner ID and delegated-admin enrolment (vendor staff)',
      querystring: PaginationQuery,
      response: { 200: Page(PartnerProfileSchema) },
    },
    config: { access: access.vendor('vendor_admin', 'support_agent') },
  }, async (request) => {
    const page = pageRequest(request.query);
    const result = toPage(await listPartners(db, page), page, (p) => p.organizationId);
    return { data: result.data.map(toPartnerProfile), nextCursor: result.nextCursor };
  });

  app.put('/v1/partners/:partnerId/delegated-admin-enrollment', {
    schema: {
      tags: ['partners'],
      summary: 'Enrol a partner in the delegated administration program, or remove it (vendor administrators)',
      params: PartnerIdParams,
      body: EnrollmentBody,
      response: { 200: PartnerProfileSchema },
    },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const partner = await requirePartnerById(tx, request.params.partnerId);
      return { status: 200, body: toPartnerProfile(await setDelegatedAdminEnrollment(tx, auditContextOf(request), partner, request.body.enrolled)) };
    }),
  );

  app.get('/v1/organizations/:organizationId/partner-profile', {
    schema: {
      tags: ['partners'],
      summary: "The partner's own profile: its partner ID and delegated-admin enrolment",
      params: StrictObject({ organizationId: Type.String({ maxLength: 64 }) }),
      response: { 200: PartnerProfileSchema },
    },
    config: { access: access.organization(['partner_admin', 'partner_agent']) },
  }, async (request) => {
    const partner = await findPartnerByOrganization(db, request.params.organizationId);
    if (!partner) throw new DomainError('NOT_FOUND', { resource: 'partner' });
    return toPartnerProfile(partner);
  });

  await app.register(partnerOfRecordRoutes);
  await app.register(partnerViewRoutes);
}
